import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';

/**
 * For bodies validated by a domain function rather than a DTO (e.g. a plan policy, whose defaults and
 * cross-field rules live in one pure module): passes a JSON object through, refuses anything else.
 */
@Injectable()
export class RawJsonPipe implements PipeTransform<unknown, Record<string, unknown>> {
  transform(value: unknown): Record<string, unknown> {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new DomainException(ErrorCode.VALIDATION_FAILED, '提交的内容应为一个 JSON 对象', [
        { field: 'body', reason: '应为 JSON 对象' },
      ]);
    }
    return value as Record<string, unknown>;
  }
}
