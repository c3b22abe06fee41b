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
import { addressListProblems } from '../common/http/address-list';
import { LOG_FORMATS, type LogFormat } from '../infra/logging/log-settings';

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
  /**
   * `production` (the checks below apply: a strong JWT_SECRET, no demo clock, no private robot
   * targets, no superuser or owner connection), `demo` (`npm run demo`) or `test` (the test suites).
   */
  @IsIn(RUN_MODES)
  DUBAN_MODE: RunMode = 'production';

  /**
   * What this process runs: `all` (the HTTP API, the queue workers and the scheduler, for a small
   * office), `api` (HTTP only: it enqueues work but neither consumes it nor ticks) or `worker` (the
   * queue workers and the scheduler, no HTTP port). One build serves every role; several worker
   * processes, each with its scheduler, are safe (the tick's jobs carry the minute as their id).
   */
  @IsIn(PROCESS_ROLES)
  PROCESS_ROLE: ProcessRole = 'all';

  /**
   * The address the HTTP API listens on. Behind a reverse proxy on the same host keep the loopback
   * default; `0.0.0.0` listens on every interface.
   */
  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  /**
   * PostgreSQL connection URL of the application role (`postgresql://duban_app:…@host:5432/duban`):
   * rows only, no schema rights. The service refuses to start as a superuser or as the tables' owner
   * in production. Each process keeps a pool of up to 10 connections, plus one for LISTEN.
   * @production required
   */
  @IsString()
  @MinLength(1)
  DATABASE_URL!: string;

  /**
   * The database owner's connection URL, for `duban db migrate`, `db grant` and `audit:archive`
   * only (the service never uses it; unset: DATABASE_URL). DATABASE_URL is the application role:
   * rows only, no schema changes, the audit trail append-only. Keep it out of the service's
   * environment file.
   */
  @IsOptional()
  @IsString()
  MIGRATION_DATABASE_URL?: string;

  /**
   * Redis connection URL (`redis://[:password@]host:6379[/db]`, `rediss://` for TLS). Redis holds
   * only work in flight (the queues); PostgreSQL can rebuild it.
   * @production set
   */
  @IsString()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * BullMQ key prefix in Redis. Every process of one installation must share it; two
   * installations on one Redis need two prefixes (each test run and the benchmark use their own).
   */
  @IsString()
  @MinLength(1)
  QUEUE_PREFIX = 'duban';

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

  /** The TCP port the HTTP API listens on (each API process on one host needs its own). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * The address people open in their browser (`https://duban.example.gov.cn`), the base of the
   * links in emails, notices and calendar feeds. Empty: `http://localhost:<PORT>`, right only on
   * the machine itself.
   * @production set
   */
  @IsString()
  PUBLIC_URL = '';

  /**
   * The SMTP server that sends the emails (the default is the demo's and tests' local capture).
   * @production set
   */
  @IsString()
  SMTP_HOST = '127.0.0.1';

  /**
   * The SMTP server's port: usually 587 (STARTTLS) or 465 (with SMTP_SECURE=true).
   * @production set
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  SMTP_PORT = 1025;

  /**
   * TLS from the first byte (port 465). With `false` the connection is upgraded by STARTTLS when
   * the server offers it.
   */
  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE = false;

  /** SMTP user name; unset: no authentication. */
  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  /** SMTP password, used with SMTP_USER. */
  @IsOptional()
  @IsString()
  SMTP_PASS?: string;

  /**
   * The sender of every email (`督办系统 <duban@example.gov.cn>`); its domain also names the
   * messages' Message-ID.
   * @production set
   */
  @IsString()
  MAIL_FROM = '督办系统 <duban@localhost>';

  /**
   * The top office's name, printed as the issuer of its documents (a region's office:
   * `<region>督查室`).
   * @production set
   */
  @IsString()
  OFFICE_NAME = '督查室';

  /**
   * Demo and tests only (refused in production): an accelerated clock, virtual time =
   * CLOCK_VIRTUAL_START + (real − CLOCK_REAL_START) × CLOCK_SPEED. An ISO instant; unset: the real
   * clock.
   * @production refused
   */
  @IsOptional()
  @IsString()
  CLOCK_VIRTUAL_START?: string;

  /**
   * Demo and tests only: the real instant (epoch milliseconds) at which the virtual clock reads
   * CLOCK_VIRTUAL_START; unset: the process's start. Ignored without CLOCK_VIRTUAL_START.
   */
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsNumber()
  CLOCK_REAL_START?: number;

  /**
   * Demo and tests only (refused in production unless 1): how many virtual seconds pass per real
   * second (the demo runs at 2880).
   * @production refused
   */
  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(1)
  CLOCK_SPEED = 1;

  /**
   * Real seconds between scheduler ticks. Each tick only enqueues work (reconcile, overdue sweep,
   * due reminder waves), so a shorter period costs little; it bounds how late a tick's work starts.
   */
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

  /**
   * Attempts per message (email, robot, SMS) before its delivery row is marked FAILED; the inbox
   * copy never fails.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DELIVERY_ATTEMPTS = 5;

  /**
   * Delay before the first retry of a failed delivery, in milliseconds; each further retry doubles
   * it (5 attempts at 30 s: the last about 7½ minutes after the first).
   */
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

  /** The lowest level written to the log (pino levels); `debug` and `trace` are verbose. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * `json` (one object a line, for journald and log collectors) or `pretty` (readable lines: time,
   * level, [context], message, key=value; needs pino-pretty, a development dependency). Default:
   * json in production, pretty in the demo and tests.
   */
  @IsOptional()
  @IsIn(LOG_FORMATS)
  LOG_FORMAT?: LogFormat;

  /** Write the log to this file (appended, directory created) instead of standard output. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  LOG_FILE?: string;

  /** With LOG_FILE: records at this level or above are also printed on standard output. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_STDOUT_LEVEL = 'silent';

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

  /** The SMS template registered with the provider, sent as `templateId`. */
  @IsString()
  SMS_TEMPLATE_ID = '';

  /** The SMS signature (签名) registered with the provider, sent as `signName`. */
  @IsString()
  SMS_SIGN_NAME = '';

  /** Timeout of one HTTP call to a group robot or the SMS gateway, in milliseconds. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  CHANNEL_HTTP_TIMEOUT_MS = 10_000;

  /** The rolling window of a robot's `perMinute` limit, in milliseconds (shorter only in tests). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  ROBOT_RATE_WINDOW_MS = 60_000;

  /**
   * BullMQ job lock of every worker, and the interval of its stalled-job check, in milliseconds: a
   * job whose worker died is taken up again within about twice this (shorter only in fault tests).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  WORKER_LOCK_MS = 30_000;

  /**
   * On SIGTERM or SIGINT, how long the process may drain (seconds): it stops accepting, answers the
   * requests in flight, lets the active queue jobs finish, closes its pools and exits 0. Past this,
   * it logs what it abandons and exits 75; the jobs left are taken up by another worker. Keep it
   * below the supervisor's stop timeout (systemd `TimeoutStopSec`).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  SHUTDOWN_GRACE_SECONDS = 30;

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
   * Test and demo only: group robots may post to loopback and private addresses over plain http
   * (local sinks). Refused in production; link-local (cloud metadata) and other non-public ranges
   * stay refused even when set.
   * @production refused
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

  /**
   * The built web interface served at `/` (a folder with index.html). Unset: `web/dist` of the
   * installation (`npm run build` writes it).
   */
  @IsOptional()
  @IsString()
  WEB_UI_DIR?: string;

  /**
   * Bearer token a Prometheus scraper must send to read `/metrics` (`Authorization: Bearer …`, at
   * least 16 characters). With METRICS_ALLOW too, both are required. Unset with METRICS_ALLOW
   * unset: only loopback callers without a proxy's forwarding header may scrape.
   */
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  /**
   * Addresses and subnets allowed to scrape `/metrics`, comma-separated
   * (`10.0.5.7,10.1.0.0/16,::1`); the caller's address is Express's `req.ip`, so behind a reverse
   * proxy set TRUST_PROXY. Unset: see METRICS_TOKEN.
   */
  @IsOptional()
  @IsString()
  METRICS_ALLOW?: string;

  /**
   * A port of its own serving only `/metrics` (same protection), on HOST. Unset: none. A worker
   * process (PROCESS_ROLE=worker) has no other HTTP port, so set it there to scrape its job
   * durations; an API process also serves `/metrics` on PORT.
   */
  @IsOptional()
  @Transform(({ value }) => (value === '' || value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  /**
   * How long the counts read from PostgreSQL and Redis at scrape time are reused (milliseconds):
   * a scrape storm costs at most one set of queries per period.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  METRICS_CACHE_MS = 5_000;

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
  problems.push(...addressListProblems('METRICS_ALLOW', env.METRICS_ALLOW));
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
  env.LOG_FORMAT ??= env.DUBAN_MODE === 'production' ? 'json' : 'pretty';
  const testing = env.DUBAN_MODE === 'test';
  if (raw.WATCHDOG_INTERVAL_SECONDS === undefined && testing) env.WATCHDOG_INTERVAL_SECONDS = 0;
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  if (!env.PUBLIC_URL) env.PUBLIC_URL = `http://localhost:${env.PORT}`;
  return env;
}
