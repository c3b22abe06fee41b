import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { AppConfig } from '../../config/app-config.service';
import { JOB_QUEUE, JobName, QueueName } from './job-catalogue';
import { CatalogueWorker, declaredWorkers } from './job-handlers';

/** A worker found in the application: its queue and the jobs it has a handler for. */
export interface WorkerHandlers {
  queue: QueueName;
  jobs: readonly string[];
}

/** The jobs of the catalogue that no worker of their queue handles. */
export function unhandledJobs(workers: readonly WorkerHandlers[]): JobName[] {
  return Object.values(JobName).filter(
    (name) => !workers.some((w) => w.queue === JOB_QUEUE[name] && w.jobs.includes(name)),
  );
}

/**
 * Fails the boot of a process that runs workers (WORKERS_ENABLED) when a job of the catalogue has no
 * handler in it: such a job would wait in Redis, or fail, forever. Runs in onModuleInit, when every
 * provider exists and before any worker starts (onApplicationBootstrap).
 */
@Injectable()
export class JobHandlerCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.get('WORKERS_ENABLED')) return;
    const missing = unhandledJobs(this.workers());
    if (missing.length > 0) {
      const list = missing.map((name) => `${name} (queue ${JOB_QUEUE[name]})`).join(', ');
      throw new Error(
        `Jobs without a handler: ${list}. Declare the queue's worker with @QueueWorker and provide it in a module of this application.`,
      );
    }
  }

  private workers(): WorkerHandlers[] {
    return declaredWorkers(this.discovery, this.reflector).map(({ queue, instance }) => {
      const { handlers } = instance as Partial<CatalogueWorker<QueueName>>;
      return { queue, jobs: Object.keys(handlers ?? {}) };
    });
  }
}
