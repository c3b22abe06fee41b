import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-codes';

/**
 * A failure the user can act on. `message` is Simplified Chinese, written for a liaison;
 * `code` is stable; `details` names fields and reasons.
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: HttpStatus = HttpStatus.BAD_REQUEST,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainException';
  }
}

export const notFound = (what: string) =>
  new DomainException(ErrorCode.NOT_FOUND, `${what}不存在`, HttpStatus.NOT_FOUND);

export const forbidden = (message = '您无权访问该内容') =>
  new DomainException(ErrorCode.FORBIDDEN, message, HttpStatus.FORBIDDEN);
