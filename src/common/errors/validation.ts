import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainException } from './domain.exception';
import { ErrorCode } from './error-codes';

export interface FieldProblem {
  field: string;
  reason: string;
  constraint: string;
}

/** Chinese wording for class-validator constraints, so a liaison can read what to fix. */
const REASONS: Record<string, (args: string[]) => string> = {
  whitelistValidation: () => '不是可接受的字段,请删除',
  isDefined: () => '必须填写',
  isNotEmpty: () => '不能为空',
  isString: () => '必须是文字',
  isInt: () => '必须是整数',
  isNumber: () => '必须是数字',
  isBoolean: () => '必须是“是”或“否”',
  isObject: () => '必须是一组字段(对象)',
  isArray: () => '必须是一个列表',
  isIn: () => '不是允许的取值',
  isEnum: () => '不是允许的取值',
  isUUID: () => '格式不正确',
  isDateString: () => '必须是日期,格式为 YYYY-MM-DD',
  isISO8601: () => '必须是日期,格式为 YYYY-MM-DD',
  min: (a) => `不能小于 ${a[0] ?? ''}`.trim(),
  max: (a) => `不能大于 ${a[0] ?? ''}`.trim(),
  minLength: (a) => `至少需要 ${a[0] ?? ''} 个字`,
  maxLength: (a) => `最多 ${a[0] ?? ''} 个字`,
  matches: () => '格式不正确',
  hasVisibleText: (a) => `至少需要 ${a[0] ?? ''} 个看得见的字(不能只有空格或不可见字符)`,
};

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, english]) => {
      const numbers = english.match(/-?\d+(\.\d+)?/g) ?? [];
      const reason = REASONS[constraint]?.(numbers) ?? '取值不正确';
      return { field, reason, constraint };
    });
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export function validationException(errors: ValidationError[]): DomainException {
  return invalidInput(flatten(errors));
}

/** Input a service checked itself (not class-validator), refused in the validation pipe's words. */
export function invalidInput(problems: FieldProblem[]): DomainException {
  const summary = problems.map((p) => `“${p.field}”${p.reason}`).join(';');
  return new DomainException(ErrorCode.VALIDATION_FAILED, `提交的内容有误:${summary}`, problems);
}

/** Unknown fields are an error (not silently dropped), values are converted to their declared types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationException,
  });
}
