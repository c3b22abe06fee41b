import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Histogram } from 'prom-client';
import { AppConfig } from '../../config/app-config.service';
import { declaredWorkers } from '../../infra/queue/job-handlers';
import { MetricsRegistry } from './metrics-registry';

/**
 * How long each job of the catalogue ran (BullMQ's processedOn → finishedOn), by queue, job and
 * outcome: the overdue sweep is `job="sweep-overdue"`, a reminder wave `job="reminder-wave"`.
 * Recorded by the process that ran the job, so a worker process (PROCESS_ROLE=worker) serves them
 * on METRICS_PORT. Every worker of the catalogue is found as the boot check finds them.
 */
@Injectable()
export class JobMetrics implements OnApplicationBootstrap {
  readonly duration: Histogram<'queue' | 'job' | 'status'>;

  constructor(
    metrics: MetricsRegistry,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {
    this.duration = new Histogram({
      name: 'duban_job_duration_seconds',
      help: 'Queue job run time by queue, job name and outcome (completed, failed)',
      labelNames: ['queue', 'job', 'status'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [metrics.register],
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.get('WORKERS_ENABLED')) return;
    for (const host of this.workers()) {
      host.worker.on('completed', (job: Job) => this.record(job, 'completed'));
      host.worker.on('failed', (job: Job | undefined) => job && this.record(job, 'failed'));
    }
  }

  private record(job: Job, status: 'completed' | 'failed'): void {
    if (!job.processedOn || !job.finishedOn) return;
    this.duration.observe(
      { queue: job.queueName, job: job.name, status },
      Math.max(0, job.finishedOn - job.processedOn) / 1000,
    );
  }

  private workers(): WorkerHost[] {
    return declaredWorkers(this.discovery, this.reflector).map((w) => w.instance as WorkerHost);
  }
}
