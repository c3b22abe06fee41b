import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-codes';

// Every refusal of the CLI that is its own (the services' refusals come as DomainException).

/** A user-facing failure: printed as `错误 [CODE]: message` on stderr, exit code 2. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const fileMissing = (file: string) =>
  new CliError(ErrorCode.FILE_MISSING, `找不到文件“${file}”,请检查文件路径`);

export const emptyDocument = (file: string) =>
  new CliError(ErrorCode.EMPTY_DOCUMENT, `文件“${file}”是空的,没有可以读取的内容`);

export const correctionsMissing = (file: string) =>
  new CliError(ErrorCode.FILE_MISSING, `找不到更正文件“${file}”,请检查文件路径`);

export const correctionsNotJson = (file: string, reason: string) =>
  new CliError(ErrorCode.VALIDATION_FAILED, `更正文件“${file}”不是有效的 JSON:${reason}`);

/**
 * The import's refusal of unconfirmed items, for an operator at a terminal (no preview to tick):
 * `message`, then one line per item with its reasons, then how to confirm or correct.
 */
export const reviewAtTerminal = (
  code: string,
  message: string,
  review: { no: number; reasons: string[] }[],
) =>
  new CliError(
    code,
    [
      message,
      ...review.map((i) => `  第${i.no}项:${i.reasons.join(' ')}`),
      '核对无误后加 --confirm-review 重新导入;有误的用 --corrections 更正(items[].lead / support),或用 --preview 查看识别结果。',
    ].join('\n'),
  );

export const departmentNotInDirectory = (name: string) =>
  new CliError(ErrorCode.NOT_FOUND, `单位名录中没有“${name}”`);

export const invalidDateArg = (name: string, value: string) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    `${name}“${value}”不是有效的日期,格式应为 YYYY-MM-DD,例如 2026-02-13`,
  );

export const invalidCountArg = (value: string, max: number) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    `工作日数“${value}”必须是整数(负数表示往前数),绝对值不超过 ${max},例如 -5 或 3`,
  );
