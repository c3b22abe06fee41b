import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { DEFAULT_DOCUMENT_CAPS } from '../../common/files/file-limits';
import { MessagingEnv } from './messaging.env';

/**
 * Security and limits: tokens, the proxy, rate limits, uploaded documents, evidence files and the audit trail.
 * One part of EnvironmentVariables (env.validation.ts), which extends the parts in a chain.
 */
export class SecurityEnv extends MessagingEnv {
  /**
   * The secret that signs access tokens (HMAC): a random string of at least 32 characters, e.g.
   * `openssl rand -base64 48`; the same in every API process. Required in production by processes
   * that serve HTTP; unset in the demo and tests: a random one per start (a restart signs everyone
   * out). Changing it signs everyone out.
   * @production required
   */
  @IsString()
  JWT_SECRET = '';

  /** Lifetime of an access token in seconds; short, since a refresh token renews it (POST /auth/refresh). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 900;

  /**
   * The security policy written when none is stored yet: `strict` (the 等保 defaults: second factor
   * for privileged roles, change at first sign-in) or `relaxed` (second factor optional, no forced
   * first change). Unset: strict in production, relaxed in the demo and tests.
   */
  @IsOptional()
  @IsIn(['strict', 'relaxed'])
  SECURITY_POLICY_DEFAULTS?: 'strict' | 'relaxed';

  /**
   * Lifetime of a refresh token in seconds, 30 days by default (each use rotates it; reusing a
   * rotated one revokes them all). The security policy's session limits still apply.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  REFRESH_TTL_SECONDS = 30 * 24 * 3600;

  /**
   * Express `trust proxy` for the source IP recorded in the audit trail: `false` (default: the
   * socket's address), `true`, a hop count (`1`), or addresses/subnets (`127.0.0.1,10.0.0.0/8`).
   * Set it only behind a reverse proxy that overwrites X-Forwarded-For, or callers can forge it
   * (behind one nginx on the same host: `1`).
   * @production set
   */
  @IsString()
  @Matches(/^[A-Za-z0-9.:/, ]+$/)
  TRUST_PROXY = 'false';

  /**
   * General rate limit of the API (every route but /health): at most RATE_LIMIT_PER_PERSON requests
   * of one signed-in person, or RATE_LIMIT_PER_IP requests from one client address without a
   * token, per RATE_LIMIT_WINDOW_SECONDS; beyond it 429 TOO_MANY_REQUESTS with Retry-After.
   * 0 turns the limit off. Login and refresh keep their own, stricter per-IP budget. The window
   * in seconds; each API process counts on its own.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Requests one signed-in person may make per RATE_LIMIT_WINDOW_SECONDS (0: no limit). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_PERSON = 600;

  /**
   * Requests without a token one client address may make per RATE_LIMIT_WINDOW_SECONDS (0: no
   * limit). Behind a proxy it needs TRUST_PROXY, or every caller shares the proxy's address.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_IP = 300;

  /**
   * Uploaded documents (plan files, evidence) are read in worker processes: this many at once, each
   * with a heap cap and a wall-time limit per file (over either, the worker is replaced and the
   * file refused); at most DOCUMENT_QUEUE_MAX files wait for a worker (then 503 DOCUMENT_PARSER_BUSY).
   * The number of document worker processes of each API process.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(16)
  DOCUMENT_WORKERS = 2;

  /**
   * Heap cap of one document worker process, in MB: a file that needs more is refused
   * (DOCUMENT_TOO_COMPLEX) and the worker replaced.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(32)
  DOCUMENT_WORKER_HEAP_MB = 512;

  /**
   * Wall time allowed to read one uploaded file, in milliseconds; over it the worker is killed and
   * the file refused (DOCUMENT_PARSE_TIMEOUT).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  DOCUMENT_PARSE_TIMEOUT_MS = 30_000;

  /** Files that may wait for a free document worker; beyond it 503 DOCUMENT_PARSER_BUSY. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  DOCUMENT_QUEUE_MAX = 16;

  /**
   * ZIP packages (.docx, .xlsx): caps read from the central directory, before inflating. At most
   * this many entries in one package.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DOCUMENT_MAX_ENTRIES = DEFAULT_DOCUMENT_CAPS.zip.maxEntries;

  /** The declared unpacked size of a ZIP package's entries together, at most, in MB. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DOCUMENT_MAX_UNPACKED_MB = DEFAULT_DOCUMENT_CAPS.zip.maxUnpackedBytes / 1024 / 1024;

  /** The compression ratio of one ZIP entry over 1 MB, at most (a higher one is a zip bomb). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(2)
  DOCUMENT_MAX_RATIO = DEFAULT_DOCUMENT_CAPS.zip.maxRatio;

  /** Pages of an uploaded PDF, at most. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DOCUMENT_MAX_PDF_PAGES = DEFAULT_DOCUMENT_CAPS.pdfMaxPages;

  /** Rows of one sheet of an uploaded spreadsheet, at most. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DOCUMENT_MAX_XLSX_ROWS = DEFAULT_DOCUMENT_CAPS.xlsxMaxRows;

  /**
   * Where uploaded evidence (closure requests, instruction originals) is stored, one file per
   * content hash, never a user-given name. Relative paths are resolved from the working directory:
   * give an absolute one, writable by the service, and back it up with the database.
   * @production set
   */
  @IsString()
  @MinLength(1)
  EVIDENCE_DIR = './var/evidence';

  /**
   * How long the audit trail stays in the table, in days (at least 180: 等保2.0 三级); older whole
   * months are moved to archive files by `duban audit:archive`.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(180)
  @Max(36_500)
  AUDIT_RETENTION_DAYS = 180;

  /**
   * Where `duban audit:archive` writes its files (gzip JSON lines, one per month). Give an absolute
   * path and keep the files as long as the trail must be kept.
   * @production set
   */
  @IsString()
  @MinLength(1)
  AUDIT_ARCHIVE_DIR = './var/audit-archive';
}
