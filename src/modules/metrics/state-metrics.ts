import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { AppConfig } from '../../config/app-config.service';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { QueueName } from '../../infra/queue/job-catalogue';
import { MetricsRegistry } from './metrics-registry';
import { SnapshotCache, within } from './snapshot-cache';
import {
  ConnectionRow,
  DeliveryCountRow,
  deliveriesSince,
  OldestRow,
  pendingDeliveries,
  ReminderCountRow,
  remindersDue,
  remindersUnsent,
  roleConnections,
} from './state-metrics.sql';

/** The window of the delivery and reminder counts (hours before now, by the service's clock). */
export const RECENT_HOURS = 24;
/** Longest a scrape waits for PostgreSQL or Redis (the statement is cancelled after it too). */
export const SOURCE_TIMEOUT_MS = 2_000;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

interface QueueSnapshot {
  queue: string;
  counts: Record<(typeof QUEUE_STATES)[number], number>;
  /** Seconds the oldest job that should have run has waited (0: none). */
  lateness: number;
}

interface DatabaseSnapshot {
  deliveries: DeliveryCountRow[];
  pendingDeliveries: OldestRow;
  reminders: ReminderCountRow[];
  unsentReminders: OldestRow;
  connections: ConnectionRow[];
  /** The service clock's now when read (the ages are measured from it). */
  now: Date;
}

/**
 * Counts that live in PostgreSQL and Redis, read when Prometheus scrapes: queue depth and
 * lateness, deliveries, reminders due against sent, the application role's connections (served
 * by API processes: a worker process would report the same numbers again); and, in every
 * process, its own pool. Each source is read at most once per METRICS_CACHE_MS, within SOURCE_TIMEOUT_MS;
 * a failed source leaves its series out and counts an error, the others are still served.
 */
@Injectable()
export class StateMetrics {
  private readonly redis: SnapshotCache<QueueSnapshot[]>;
  private readonly database: SnapshotCache<DatabaseSnapshot>;
  /** Counts shared by every process (PostgreSQL, Redis) are served by the API processes only. */
  private readonly servesSharedCounts: boolean;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
    config: AppConfig,
  ) {
    const ttl = config.get('METRICS_CACHE_MS');
    this.redis = new SnapshotCache(ttl, () =>
      within(this.readQueues(), SOURCE_TIMEOUT_MS, 'queue counts'),
    );
    this.database = new SnapshotCache(ttl, () => this.readDatabase());
    this.servesSharedCounts = config.get('PROCESS_ROLE') !== 'worker';
    this.registerPoolGauges();
    if (this.servesSharedCounts) this.registerSharedGauges();
  }

  private registerSharedGauges(): void {
    const registers = [this.metrics.register];
    const fromRedis = async <T>(use: (s: QueueSnapshot[]) => T) => {
      const s = await this.redis.get().catch(() => this.failed('redis'));
      if (s) use(s);
    };
    const fromDatabase = async <T>(use: (s: DatabaseSnapshot) => T) => {
      const s = await this.database.get().catch(() => this.failed('postgresql'));
      if (s) use(s);
    };
    new Gauge({
      name: 'duban_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        await fromRedis((queues) => {
          for (const q of queues) {
            for (const state of QUEUE_STATES) this.set({ queue: q.queue, state }, q.counts[state]);
          }
        });
      },
    });
    new Gauge({
      name: 'duban_queue_lateness_seconds',
      help: 'Age of the oldest job that should have run: waiting since added, or delayed past its time',
      labelNames: ['queue'],
      registers,
      async collect() {
        this.reset();
        await fromRedis((queues) =>
          queues.forEach((q) => this.set({ queue: q.queue }, q.lateness)),
        );
      },
    });
    new Gauge({
      name: 'duban_deliveries',
      help: `Deliveries created in the last ${RECENT_HOURS} hours, by channel and status`,
      labelNames: ['channel', 'status'],
      registers,
      async collect() {
        this.reset();
        await fromDatabase((s) =>
          s.deliveries.forEach((r) => this.set({ channel: r.channel, status: r.status }, r.n)),
        );
      },
    });
    new Gauge({
      name: 'duban_deliveries_pending_oldest_seconds',
      help: 'Age of the oldest delivery still pending (0: none)',
      registers,
      async collect() {
        this.reset();
        await fromDatabase((s) => this.set(ageSeconds(s.pendingDeliveries.oldest, s.now)));
      },
    });
    new Gauge({
      name: 'duban_reminders_due',
      help: `Reminders whose time came in the last ${RECENT_HOURS} hours, by status (due against sent)`,
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        await fromDatabase((s) => s.reminders.forEach((r) => this.set({ status: r.status }, r.n)));
      },
    });
    new Gauge({
      name: 'duban_reminders_unsent',
      help: 'Reminders due by now and still pending, whatever their age',
      registers,
      async collect() {
        this.reset();
        await fromDatabase((s) => this.set(s.unsentReminders.n));
      },
    });
    new Gauge({
      name: 'duban_reminders_unsent_oldest_seconds',
      help: 'How long the oldest reminder due and still pending has waited (0: none)',
      registers,
      async collect() {
        this.reset();
        await fromDatabase((s) => this.set(ageSeconds(s.unsentReminders.oldest, s.now)));
      },
    });
    new Gauge({
      name: 'duban_db_role_connections',
      help: "The application role's connections to the database (every process), by state",
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        await fromDatabase((s) => s.connections.forEach((r) => this.set({ state: r.state }, r.n)));
      },
    });
  }

  /** This process's own pool, in every process. */
  private registerPoolGauges(): void {
    const registers = [this.metrics.register];
    const pool = this.prisma.pool;
    new Gauge({
      name: 'duban_db_pool_connections',
      help: "This process's PostgreSQL pool: connections open (total), idle, and requests waiting",
      labelNames: ['state'],
      registers,
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    new Gauge({
      name: 'duban_db_pool_max_connections',
      help: "The size limit of this process's PostgreSQL pool",
      registers,
      collect() {
        this.set(pool.options.max ?? 10);
      },
    });
  }

  private failed(source: 'redis' | 'postgresql'): undefined {
    this.metrics.sourceErrors.inc({ source });
    return undefined;
  }

  private async readQueues(): Promise<QueueSnapshot[]> {
    return Promise.all(
      Object.values(QueueName).map(async (name) => {
        const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
        const [counts, lateness] = await Promise.all([
          queue.getJobCounts(...QUEUE_STATES),
          queueLateness(queue),
        ]);
        return {
          queue: name,
          counts: Object.fromEntries(QUEUE_STATES.map((s) => [s, counts[s] ?? 0])) as Record<
            (typeof QUEUE_STATES)[number],
            number
          >,
          lateness,
        };
      }),
    );
  }

  /** One transaction with a statement timeout: a slow database cannot hold a scrape. */
  private readDatabase(): Promise<DatabaseSnapshot> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - RECENT_HOURS * 3600_000);
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${SOURCE_TIMEOUT_MS}`);
        const deliveries = await tx.$queryRaw<DeliveryCountRow[]>(deliveriesSince(since));
        const [pending] = await tx.$queryRaw<OldestRow[]>(pendingDeliveries);
        const reminders = await tx.$queryRaw<ReminderCountRow[]>(remindersDue(since, now));
        const [unsent] = await tx.$queryRaw<OldestRow[]>(remindersUnsent(now));
        const connections = await tx.$queryRaw<ConnectionRow[]>(roleConnections);
        return {
          deliveries,
          pendingDeliveries: pending,
          reminders,
          unsentReminders: unsent,
          connections,
          now,
        };
      },
      { maxWait: SOURCE_TIMEOUT_MS, timeout: SOURCE_TIMEOUT_MS * 2 },
    );
  }
}

function ageSeconds(oldest: Date | null, now: Date): number {
  return oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0;
}

/**
 * Seconds the oldest job that should have run has waited, from Redis directly (three reads, no
 * scan): the next job of the wait list (BullMQ takes from its tail) since it was added, and the
 * first of the delayed set past its time (its score is the due time × 0x1000).
 */
export async function queueLateness(queue: Queue, nowMs = Date.now()): Promise<number> {
  const client = await queue.getBackend().client;
  const [[next], delayed] = await Promise.all([
    client.lrange(queue.keys.wait, -1, -1),
    client.zrange(queue.keys.delayed, 0, 0, { WITHSCORES: true }),
  ]);
  let since = Infinity;
  if (next) {
    const added = Number(await client.hget(queue.toKey(next), 'timestamp'));
    if (Number.isFinite(added) && added > 0) since = added;
  }
  if (delayed.length === 2) since = Math.min(since, Math.floor(Number(delayed[1]) / 0x1000));
  return Number.isFinite(since) ? Math.max(0, (nowMs - since) / 1000) : 0;
}
