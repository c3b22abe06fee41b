import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { hostname } from 'node:os';
import { Prisma } from '../../generated/prisma/client';
import { Clock, SystemClock } from '../clock/clock';
import { PrismaService } from '../prisma/prisma.service';
import type { QueueName } from '../queue/job-catalogue';

/** What beats: the scheduler tick, the overdue sweep, the reminder wave, the worker of a queue. */
export const HEARTBEAT = {
  tick: 'scheduler-tick',
  sweep: 'overdue-sweep',
  wave: 'reminder-wave',
  worker: (queue: QueueName) => `worker:${queue}`,
} as const;

/**
 * The clock of heartbeats and of the watchdog that judges them: real time in every run mode. A
 * heartbeat says whether a process is alive, which the demo's accelerated business clock (a day per
 * 30 real seconds) would misjudge. Tests replace it with a ManualClock.
 */
export abstract class HeartbeatClock extends Clock {}

/** One process's name in the heartbeat table. */
export const PROCESS_INSTANCE = `${hostname()}:${process.pid}`;

/**
 * Records heartbeats in PostgreSQL (table `heartbeat`, one row per component and process), set-based:
 * one upsert however many components beat at once. A failed beat is logged, never thrown: the work
 * that beats must not fail because its heartbeat could not be written (the watchdog then sees it
 * as silent, which is what it is to the outside).
 */
@Injectable()
export class HeartbeatService {
  private readonly logger = new Logger(HeartbeatService.name);
  readonly instance = PROCESS_INSTANCE;

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: HeartbeatClock,
  ) {}

  /** Beats `components` now; `detail` (JSON) describes the run, e.g. a sweep's counts. */
  async beat(components: string | readonly string[], detail?: unknown): Promise<void> {
    const list = typeof components === 'string' ? [components] : [...components];
    if (list.length === 0) return;
    const json = detail === undefined ? null : JSON.stringify(detail);
    try {
      await this.prisma.$executeRaw(upsertHeartbeats(list, this.instance, this.clock.now(), json));
    } catch (err) {
      this.logger.warn({ components: list, err: (err as Error).message }, 'heartbeat not recorded');
    }
  }
}

/** One row per component for this instance: inserted, or its beat (and detail, if given) moved on. */
export function upsertHeartbeats(
  components: readonly string[],
  instance: string,
  now: Date,
  detail: string | null,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO heartbeat (component, instance, beat_at, started_at, detail)
    SELECT c, ${instance}, ${now}::timestamptz, ${now}::timestamptz, ${detail}::jsonb
    FROM unnest(${components as string[]}::text[]) AS x(c)
    ON CONFLICT (component, instance) DO UPDATE
      SET beat_at = EXCLUDED.beat_at, detail = COALESCE(EXCLUDED.detail, heartbeat.detail)`;
}

/** Heartbeats for every module (the tick, the sweep, the wave and the workers beat). */
@Global()
@Module({
  providers: [HeartbeatService, { provide: HeartbeatClock, useValue: new SystemClock() }],
  exports: [HeartbeatService, HeartbeatClock],
})
export class HeartbeatModule {}
