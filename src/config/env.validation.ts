import { randomBytes } from 'node:crypto';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { DEFAULT_DOCUMENT_CAPS } from '../common/files/file-limits';

export const RUN_MODES = ['production', 'demo', 'test'] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** What one process of the service runs (deployment guide: the process model). */
export const PROCESS_ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

/** Secrets that ship in examples and must never reach production. */
const KNOWN_WEAK_SECRETS = new Set([
  'change-me',
  'changeme',
  'secret',
  'duban-demo-secret-not-for-production',
]);

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes'].includes(value.toLowerCase()) : value;

/** Every environment variable the service reads, validated once at boot. */
export class EnvironmentVariables {
  @IsIn(RUN_MODES)
  DUBAN_MODE: RunMode = 'production';

  /**
   * What this process runs: `all` (the HTTP API, the queue workers and the scheduler, for a small
   * office), `api` (HTTP only: it enqueues work but neither consumes it nor ticks) or `worker` (the
   * queue workers and the scheduler, no HTTP port). One build serves every role.
   */
  @IsIn(PROCESS_ROLES)
  PROCESS_ROLE: ProcessRole = 'all';

  /** The address the HTTP API listens on (behind a reverse proxy, keep the loopback default). */
  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  @IsString()
  @MinLength(1)
  DATABASE_URL!: string;

  /**
   * The database owner, for `duban db migrate` only (the service never uses it). DATABASE_URL is
   * the application role: rows only, no schema changes, the audit trail append-only.
   */
  @IsOptional()
  @IsString()
  MIGRATION_DATABASE_URL?: string;

  @IsString()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** BullMQ key prefix; each test run and the benchmark use their own. */
  @IsString()
  @MinLength(1)
  QUEUE_PREFIX = 'duban';

  @IsString()
  JWT_SECRET = '';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  /** Lifetime of an access token; short, since a refresh token renews it (POST /auth/refresh). */
  JWT_TTL_SECONDS = 900;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  PUBLIC_URL = '';

  @IsString()
  SMTP_HOST = '127.0.0.1';

  @Transform(({ value }) => Number(value))
  @IsInt()
  SMTP_PORT = 1025;

  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASS?: string;

  @IsString()
  MAIL_FROM = '督办系统 <duban@localhost>';

  /** The top office's name, printed as the issuer of its documents (a region's office: `<region>督查室`). */
  @IsString()
  OFFICE_NAME = '督查室';

  /** Demo/test clock: virtual time = CLOCK_VIRTUAL_START + (real - CLOCK_REAL_START) × CLOCK_SPEED. */
  @IsOptional()
  @IsString()
  CLOCK_VIRTUAL_START?: string;

  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsNumber()
  CLOCK_REAL_START?: number;

  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(1)
  CLOCK_SPEED = 1;

  /** Real seconds between scheduler ticks (each tick only enqueues work). */
  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(1)
  TICK_SECONDS = 60;

  /** Whether this process ticks the scheduler (forced off when PROCESS_ROLE=api). */
  @Transform(toBool)
  @IsBoolean()
  SCHEDULER_ENABLED = true;

  /** Whether this process consumes the queues (forced off when PROCESS_ROLE=api). */
  @Transform(toBool)
  @IsBoolean()
  WORKERS_ENABLED = true;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DELIVERY_ATTEMPTS = 5;

  /** First retry delay; each further retry doubles it. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DELIVERY_BACKOFF_MS = 30_000;

  /**
   * How long a worker holds a delivery it is sending (real seconds). Longer than any channel's
   * timeout: a lease only outlives its worker when the worker died, and then it delays a resend.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DELIVERY_LEASE_SECONDS = 120;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * SMS gateway (any provider behind an HTTP adapter): POST JSON `{ phone, templateId, signName,
   * params }`; unset = SMS deliveries are recorded as FAILED (未配置短信网关).
   */
  @IsOptional()
  @IsString()
  SMS_GATEWAY_URL?: string;

  /** One header line sent with every SMS request, e.g. `Authorization: Bearer <token>`. */
  @IsOptional()
  @IsString()
  SMS_GATEWAY_AUTH_HEADER?: string;

  @IsString()
  SMS_TEMPLATE_ID = '';

  @IsString()
  SMS_SIGN_NAME = '';

  /** Timeout of one HTTP call to a group robot or the SMS gateway. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  CHANNEL_HTTP_TIMEOUT_MS = 10_000;

  /** The rolling window of a robot's `perMinute` limit (shorter only in tests). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  ROBOT_RATE_WINDOW_MS = 60_000;

  /**
   * BullMQ job lock of every worker, and the interval of its stalled-job check: a job whose worker
   * died is taken up again within about twice this (shorter only in fault tests).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  WORKER_LOCK_MS = 30_000;

  /**
   * The security policy written when none is stored yet: `strict` (the 等保 defaults: second factor
   * for privileged roles, change at first sign-in) or `relaxed` (second factor optional, no forced
   * first change). Unset: strict in production, relaxed in the demo and tests.
   */
  @IsOptional()
  @IsIn(['strict', 'relaxed'])
  SECURITY_POLICY_DEFAULTS?: 'strict' | 'relaxed';

  /** Lifetime of a refresh token (each use rotates it; reusing a rotated one revokes them all). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  REFRESH_TTL_SECONDS = 30 * 24 * 3600;

  /**
   * Express `trust proxy` for the source IP recorded in the audit trail: `false` (default: the
   * socket's address), `true`, a hop count (`1`), or addresses/subnets (`127.0.0.1,10.0.0.0/8`).
   * Set it only behind a reverse proxy that overwrites X-Forwarded-For, or callers can forge it.
   */
  @IsString()
  @Matches(/^[A-Za-z0-9.:/, ]+$/)
  TRUST_PROXY = 'false';

  /**
   * Test and demo only: group robots may post to loopback and private addresses over plain http
   * (local sinks). Refused in production; link-local (cloud metadata) and other non-public ranges
   * stay refused even when set.
   */
  @Transform(toBool)
  @IsBoolean()
  ROBOT_ALLOW_PRIVATE_TARGETS = false;

  /**
   * The OpenAPI document and its UI (/api/docs, /api/docs-json). Default: served in the demo and
   * tests, not in production (DUBAN_MODE=production), where it maps the attack surface for nobody.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  API_DOCS_ENABLED?: boolean;

  /**
   * General rate limit of the API (every route but /health): at most RATE_LIMIT_PER_PERSON requests
   * of one signed-in person, or RATE_LIMIT_PER_IP requests from one client address without a
   * token, per RATE_LIMIT_WINDOW_SECONDS; beyond it 429 TOO_MANY_REQUESTS with Retry-After.
   * 0 turns the limit off. Login and refresh keep their own, stricter per-IP budget.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_PERSON = 600;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_IP = 300;

  /**
   * Uploaded documents (plan files, evidence) are read in worker processes: this many at once, each
   * with a heap cap and a wall-time limit per file (over either, the worker is replaced and the
   * file refused); at most DOCUMENT_QUEUE_MAX files wait for a worker (then 503 DOCUMENT_PARSER_BUSY).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(16)
  DOCUMENT_WORKERS = 2;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(32)
  DOCUMENT_WORKER_HEAP_MB = 512;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  DOCUMENT_PARSE_TIMEOUT_MS = 30_000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  DOCUMENT_QUEUE_MAX = 16;

  /** ZIP packages (.docx, .xlsx): caps read from the central directory, before inflating. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DOCUMENT_MAX_ENTRIES = DEFAULT_DOCUMENT_CAPS.zip.maxEntries;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DOCUMENT_MAX_UNPACKED_MB = DEFAULT_DOCUMENT_CAPS.zip.maxUnpackedBytes / 1024 / 1024;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(2)
  DOCUMENT_MAX_RATIO = DEFAULT_DOCUMENT_CAPS.zip.maxRatio;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DOCUMENT_MAX_PDF_PAGES = DEFAULT_DOCUMENT_CAPS.pdfMaxPages;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DOCUMENT_MAX_XLSX_ROWS = DEFAULT_DOCUMENT_CAPS.xlsxMaxRows;

  /** Uploaded evidence (closure requests), one file per content hash; never a user-given name. */
  @IsString()
  @MinLength(1)
  EVIDENCE_DIR = './var/evidence';

  /**
   * How long the audit trail stays in the table (days, at least 180: 等保2.0 三级); older whole
   * months are moved to archive files by `duban audit:archive`.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(180)
  @Max(36_500)
  AUDIT_RETENTION_DAYS = 180;

  /** Where `duban audit:archive` writes its files (gzip JSON lines, one per month). */
  @IsString()
  @MinLength(1)
  AUDIT_ARCHIVE_DIR = './var/audit-archive';

  /**
   * Watchdog period (real seconds): every process checks the heartbeats, and a worker beats, this
   * often; 0 turns the watchdog off. Unset in tests (DUBAN_MODE=test): 0.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  WATCHDOG_INTERVAL_SECONDS = 30;

  /**
   * Real seconds a component may stay silent beyond its cadence (or reminders stay pending past
   * due) before it is stale: `/health` says degraded, the administrators get one alarm.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  WATCHDOG_STALE_SECONDS = 120;
}

export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  // The CLI signs no tokens, so it needs no secret; the HTTP service refuses to start without one.
  const servesHttp = raw.DUBAN_CLI !== '1' && env.PROCESS_ROLE !== 'worker';
  if (env.PROCESS_ROLE === 'api') {
    env.WORKERS_ENABLED = false;
    env.SCHEDULER_ENABLED = false;
  }
  if (env.DUBAN_MODE === 'production') {
    if (servesHttp && (env.JWT_SECRET.length < 32 || KNOWN_WEAK_SECRETS.has(env.JWT_SECRET))) {
      problems.push('JWT_SECRET must be set to a random string of at least 32 characters');
    }
    if (env.CLOCK_VIRTUAL_START || env.CLOCK_SPEED !== 1) {
      problems.push('CLOCK_VIRTUAL_START and CLOCK_SPEED are for the demo and tests only');
    }
    if (env.ROBOT_ALLOW_PRIVATE_TARGETS) {
      problems.push('ROBOT_ALLOW_PRIVATE_TARGETS is for the demo and tests only');
    }
  } else if (!env.JWT_SECRET) {
    // The demo and the tests sign with a secret of their own run: no constant that someone could
    // copy to forge tokens for a demo left running. A restart signs everyone out.
    env.JWT_SECRET = randomBytes(32).toString('base64url');
  }
  env.API_DOCS_ENABLED ??= env.DUBAN_MODE !== 'production';
  const testing = env.DUBAN_MODE === 'test';
  if (raw.WATCHDOG_INTERVAL_SECONDS === undefined && testing) env.WATCHDOG_INTERVAL_SECONDS = 0;
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  if (!env.PUBLIC_URL) env.PUBLIC_URL = `http://localhost:${env.PORT}`;
  return env;
}
