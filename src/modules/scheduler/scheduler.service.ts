import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.service';
import { Clock } from '../../infra/clock/clock';
import { HEARTBEAT, HeartbeatService } from '../../infra/heartbeat/heartbeat.service';
import { jobIds, JobName, QueueName } from '../../infra/queue/job-catalogue';

/**
 * Cron only enqueues. Each tick adds a reconcile job and an overdue sweep with ids derived from the
 * clock's minute, so several instances ticking in the same minute produce one job of each.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulerService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly registry: SchedulerRegistry,
    private readonly heartbeats: HeartbeatService,
    @InjectQueue(QueueName.Scheduler) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('SCHEDULER_ENABLED')) return;
    // On start: rebuild whatever Redis lost while we were down, and catch up on the ladder.
    await this.tick();
    const everyMs = this.config.get('TICK_SECONDS') * 1000;
    const handle = setInterval(() => {
      this.tick().catch((err: unknown) => this.logger.error(err, 'scheduler tick failed'));
    }, everyMs);
    this.registry.addInterval('scheduler-tick', handle);
    this.logger.log({ everySeconds: everyMs / 1000 }, 'scheduler started');
  }

  /** Enqueues this minute's reconcile, sweep and refusal roll-up jobs (no-ops if already enqueued); returns their ids. */
  async tick(): Promise<string[]> {
    const bucket = this.clock.now().toISOString().slice(0, 16).replace(/[-:T]/g, '');
    const jobs = await this.queue.addBulk([
      { name: JobName.Reconcile, data: {}, opts: { jobId: jobIds.reconcile(bucket) } },
      { name: JobName.SweepOverdue, data: {}, opts: { jobId: jobIds.sweep(bucket) } },
      {
        name: JobName.RollUpAccessDenials,
        data: {},
        opts: { jobId: jobIds.rollUpAccessDenials(bucket) },
      },
    ]);
    // After the jobs are in Redis: a tick that cannot enqueue is a silent tick to the watchdog.
    await this.heartbeats.beat(HEARTBEAT.tick);
    return jobs.map((j) => j.id!);
  }
}
