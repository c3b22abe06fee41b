import {
  type FileLimitError,
  PARSE_OUT_OF_MEMORY_MESSAGE,
  PARSE_TIMEOUT_MESSAGE,
  PARSER_BUSY_MESSAGE,
} from '../../../common/files/file-limits';

/** Stable codes for documents the plan parser refuses to read. */
export type PlanParseErrorCode =
  | 'EMPTY_DOCUMENT'
  | 'NOT_TEXT'
  | 'NO_ITEMS'
  | 'FILE_TOO_LARGE'
  | 'CORRUPT_FILE'
  | 'WRONG_COLUMNS'
  | 'NO_TEXT_LAYER'
  | 'DOCUMENT_TOO_COMPLEX'
  | 'DOCUMENT_PARSE_TIMEOUT'
  | 'DOCUMENT_PARSER_BUSY';

export const PLAN_PARSE_ERROR_CODES: readonly PlanParseErrorCode[] = [
  'EMPTY_DOCUMENT',
  'NOT_TEXT',
  'NO_ITEMS',
  'FILE_TOO_LARGE',
  'CORRUPT_FILE',
  'WRONG_COLUMNS',
  'NO_TEXT_LAYER',
  'DOCUMENT_TOO_COMPLEX',
  'DOCUMENT_PARSE_TIMEOUT',
  'DOCUMENT_PARSER_BUSY',
];

/** Default messages, written for a liaison rather than a programmer. */
export const PLAN_PARSE_ERROR_MESSAGES: Record<PlanParseErrorCode, string> = {
  EMPTY_DOCUMENT: '文件为空，没有可以读取的内容。请确认选择了正确的方案文件后重新上传。',
  NOT_TEXT:
    '文件不是文本格式，无法读取。请上传 Word（.docx）、Excel（.xlsx）、PDF 或纯文本（.txt，UTF-8 编码）格式的方案；图片文件需要先转换。',
  NO_ITEMS:
    '未找到编号事项：文件中没有形如“1.工作内容(牵头单位、配合单位)”的编号条目。请确认上传的是责任分解方案正文。',
  FILE_TOO_LARGE: '文件过大，无法导入。方案文件不能超过 20 MB，请删除图片等无关内容后重新上传。',
  CORRUPT_FILE: '文件已损坏或不完整，无法打开。请重新保存或重新下载该文件后再上传。',
  WRONG_COLUMNS:
    '表格缺少必要的列：至少需要“重点工作（或工作任务）”和“牵头单位（或责任单位）”两列。请核对表头后重新上传。',
  NO_TEXT_LAYER:
    '这个 PDF 是扫描件（图片），里面没有可以读取的文字，无法导入。请直接粘贴方案正文，或上传方案的 Word（.docx）文件。',
  DOCUMENT_TOO_COMPLEX: PARSE_OUT_OF_MEMORY_MESSAGE,
  DOCUMENT_PARSE_TIMEOUT: PARSE_TIMEOUT_MESSAGE,
  DOCUMENT_PARSER_BUSY: PARSER_BUSY_MESSAGE,
};

/**
 * Thrown by the plan parser. `code` is stable (callers branch on it); `message` is Chinese
 * and can be shown to the user as is; `line` is 1-based when the problem has a location.
 */
export class PlanParseError extends Error {
  readonly code: PlanParseErrorCode;
  readonly line?: number;
  /** Spreadsheet/table cell the problem is in, e.g. `B1` or `表1 第1行`. */
  readonly cell?: string;

  constructor(
    code: PlanParseErrorCode,
    message: string = PLAN_PARSE_ERROR_MESSAGES[code],
    options: { line?: number; cell?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlanParseError';
    this.code = code;
    if (options.line !== undefined) this.line = options.line;
    if (options.cell !== undefined) this.cell = options.cell;
  }
}

export function isPlanParseError(err: unknown): err is PlanParseError {
  return err instanceof PlanParseError;
}

/** A file that cannot be opened: truncated, damaged, or not what its first bytes claim. */
export function corruptFile(where: string, cause?: unknown): PlanParseError {
  return new PlanParseError(
    'CORRUPT_FILE',
    `文件已损坏或不完整（可能没有下载或上传完整），无法打开。请重新保存或重新下载该文件后再上传。${where}`,
    { cause },
  );
}

/** A PDF that pdf.js cannot read (truncated, damaged, or over the time budget). */
export function corruptPdf(where: string, cause?: unknown): PlanParseError {
  return new PlanParseError(
    'CORRUPT_FILE',
    `PDF 文件已损坏或不完整（可能没有下载或上传完整），无法打开。请重新下载或重新导出该 PDF 后再上传，或上传方案的 Word（.docx）文件。${where}`,
    { cause },
  );
}

/** A PDF without a text layer (a scan). */
export function noTextLayer(where: string): PlanParseError {
  return new PlanParseError('NO_TEXT_LAYER', `${PLAN_PARSE_ERROR_MESSAGES.NO_TEXT_LAYER}${where}`);
}

/** `（文件：方案.docx）`, appended to a message when the file has a name; '' otherwise. */
export function sourceSuffix(sourceName: string | undefined): string {
  return sourceName ? `（文件：${sourceName}）` : '';
}

/** A document over a cap (entries, unpacked size, ratio, pages, rows): refused before it is read. */
export function tooComplex(err: FileLimitError, where: string): PlanParseError {
  return new PlanParseError('DOCUMENT_TOO_COMPLEX', `${err.message}${where}`, { cause: err });
}
