import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { LOG_FORMATS, type LogFormat } from '../../infra/logging/log-settings';
import { SecurityEnv } from './security.env';

/**
 * Operations: logs, shutdown, metrics and the watchdog.
 * One part of EnvironmentVariables (env.validation.ts), which extends the parts in a chain.
 */
export class OperationsEnv extends SecurityEnv {
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
