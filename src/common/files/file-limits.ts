/**
 * The caps an uploaded document is held to before and while it is read, and the refusal they
 * raise. The numbers come from the configuration (DOCUMENT_* and ZIP_* keys); the defaults below
 * are those of the configuration and of the readers used without it (CLI `plan parse`, tests).
 */
export interface ZipCaps {
  /** Entries in the central directory at most. */
  maxEntries: number;
  /** Sum of the entries' declared uncompressed sizes at most. */
  maxUnpackedBytes: number;
  /** Uncompressed / compressed size of one entry at most (entries over RATIO_GRACE_BYTES). */
  maxRatio: number;
}

export interface DocumentCaps {
  zip: ZipCaps;
  /** Pages of a PDF at most. */
  pdfMaxPages: number;
  /** Rows of one spreadsheet at most. */
  xlsxMaxRows: number;
}

/** Below this an entry's ratio does not count: small XML parts compress very well. */
export const RATIO_GRACE_BYTES = 1024 * 1024;

export const DEFAULT_DOCUMENT_CAPS: DocumentCaps = {
  zip: { maxEntries: 5000, maxUnpackedBytes: 100 * 1024 * 1024, maxRatio: 100 },
  pdfMaxPages: 500,
  xlsxMaxRows: 100_000,
};

export type FileLimit = 'entries' | 'unpacked' | 'ratio' | 'pdf_pages' | 'xlsx_rows';

/** A document over one of the caps: refused as DOCUMENT_TOO_COMPLEX, before it is unpacked. */
export class FileLimitError extends Error {
  constructor(
    readonly limit: FileLimit,
    readonly actual: number,
    readonly max: number,
    readonly entry?: string,
  ) {
    super(fileLimitMessage(limit, actual, max));
    this.name = 'FileLimitError';
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The refusal in Chinese, for whoever uploaded the file. */
export function fileLimitMessage(limit: FileLimit, actual: number, max: number): string {
  const tail = '请删除无关内容或拆分后重新上传。';
  switch (limit) {
    case 'entries':
      return `文件结构过于复杂（压缩包内有 ${actual} 个部件，上限为 ${max} 个），无法读取。${tail}`;
    case 'unpacked':
      return `文件解压后过大（约 ${mb(actual)}，上限为 ${mb(max)}），无法读取。${tail}`;
    case 'ratio':
      return `文件内容的压缩比异常（${actual} 倍，上限为 ${max} 倍），疑似压缩炸弹，无法读取。${tail}`;
    case 'pdf_pages':
      return `这个 PDF 文件有 ${actual} 页，超过了 ${max} 页的上限，无法读取。${tail}`;
    case 'xlsx_rows':
      return `表格有 ${actual} 行，超过了 ${max} 行的上限，无法读取。${tail}`;
  }
}

/** Reading the document used up its time (the worker was stopped). */
export const PARSE_TIMEOUT_MESSAGE =
  '文件读取超时：内容过于复杂，无法在限定时间内读取。请删除无关内容或拆分后重新上传。';

/** Reading the document used up the worker's memory (the worker was stopped). */
export const PARSE_OUT_OF_MEMORY_MESSAGE =
  '文件内容过于复杂，读取时超出了内存上限，无法读取。请删除无关内容或拆分后重新上传。';

/** Every document worker is busy and the queue is full. */
export const PARSER_BUSY_MESSAGE = '当前正在读取的文件较多，请稍后再试。';
