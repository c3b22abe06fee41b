import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { PROCESS_ROLES, type ProcessRole, RUN_MODES, type RunMode, toBool } from './env-values';

/**
 * The service itself: mode and role, where it listens, its database, Redis and queues, its clock and scheduler, what it serves.
 * One part of EnvironmentVariables (env.validation.ts), which extends the parts in a chain.
 */
export class ServiceEnv {
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
   * in production. Each process keeps a pool of DATABASE_POOL_SIZE connections, plus one for
   * LISTEN.
   * @production required
   */
  @IsString()
  @MinLength(1)
  DATABASE_URL!: string;

  /**
   * The connections each process keeps to PostgreSQL: opened as work needs them, then kept open (a
   * fixed-size pool), so that a burst after a quiet hour (a deadline morning) does not wait for new
   * backends to start and warm their caches. Every process (API and worker) holds this many plus
   * one; keep their sum under PostgreSQL's `max_connections`.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

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
   * BullMQ job lock of every worker, and the interval of its stalled-job check, in milliseconds: a
   * job whose worker died is taken up again within about twice this (shorter only in fault tests).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  WORKER_LOCK_MS = 30_000;

  /**
   * The OpenAPI document and its UI (/api/docs, /api/docs-json). Default: served in the demo and
   * tests, not in production (DUBAN_MODE=production), where it maps the attack surface for nobody.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  API_DOCS_ENABLED?: boolean;

  /**
   * The built web interface served at `/` (a folder with index.html). Unset: `web/dist` of the
   * installation (`npm run build` writes it).
   */
  @IsOptional()
  @IsString()
  WEB_UI_DIR?: string;
}
