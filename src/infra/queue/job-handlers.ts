import { Processor, WorkerHost } from '@nestjs/bullmq';
import { applyDecorators, Logger, OnApplicationBootstrap, SetMetadata } from '@nestjs/common';
import type { DiscoveryService, Reflector } from '@nestjs/core';
import type { AppConfig } from '../../config/app-config.service';
import type { Job, Worker, WorkerOptions } from 'bullmq';
import { JobName, JobPayloads, JobsOf, QueueName } from './job-catalogue';
import { runWorkerIfEnabled } from './worker-lifecycle';

/** The handler of one job: what the worker runs for it. */
export type JobHandler<N extends JobName> = (
  job: Job<JobPayloads[N], unknown, N>,
  token?: string,
) => Promise<unknown>;

/** One handler per job of a queue: the compiler checks that none is missing. */
export type JobHandlers<Q extends QueueName> = { [N in JobsOf<Q>]: JobHandler<N> };

/** A worker of the job catalogue: the BullMQ processor of a queue, with a handler per job. */
export interface CatalogueWorker<Q extends QueueName> {
  readonly handlers: JobHandlers<Q>;
}

/** Metadata naming the queue of a class declared with QueueWorker (read by the boot check). */
export const WORKER_QUEUE = 'duban:worker-queue';

/** A provider of this application declared with QueueWorker, and its queue. */
export interface DeclaredWorker {
  queue: QueueName;
  instance: object;
}

/**
 * The providers declared with QueueWorker, found through Nest's discovery: the boot check, the
 * drain, the workers' heartbeats and the job metrics all look them up here.
 */
export function declaredWorkers(
  discovery: DiscoveryService,
  reflector: Reflector,
): DeclaredWorker[] {
  return discovery.getProviders().flatMap(({ metatype, instance }) => {
    if (!metatype || !instance) return [];
    const queue = reflector.get<QueueName | undefined>(WORKER_QUEUE, metatype);
    return queue ? [{ queue, instance: instance as object }] : [];
  });
}

/** A BullMQ worker of this process and the queue it consumes. */
export interface QueueWorkerRef {
  queue: QueueName;
  worker: Worker;
}

/**
 * The BullMQ workers of the declared workers: those this process created (@nestjs/bullmq's getter
 * throws for a module compiled without BullModule's explorer; such a worker is left out).
 */
export function bullWorkers(discovery: DiscoveryService, reflector: Reflector): QueueWorkerRef[] {
  return declaredWorkers(discovery, reflector).flatMap(({ queue, instance }) => {
    try {
      return [{ queue, worker: (instance as WorkerHost).worker }];
    } catch {
      return [];
    }
  });
}

/**
 * Declares the worker of `queue` (a class implementing CatalogueWorker): a BullMQ processor that
 * does not start by itself (`autorun: false`; runWorkerIfEnabled starts it when WORKERS_ENABLED),
 * and whose handlers the boot check (JobHandlerCheck) compares with the catalogue.
 */
export function QueueWorker(
  queue: QueueName,
  options: Omit<Partial<WorkerOptions>, 'autorun' | 'connection'> = {},
): ClassDecorator {
  return applyDecorators(
    Processor(queue, { ...options, autorun: false }),
    SetMetadata(WORKER_QUEUE, queue),
  );
}

/** Runs the handler that `job`'s name picks; a name without one fails the job. */
export function handleJob<Q extends QueueName>(
  handlers: JobHandlers<Q>,
  job: Job,
  logger: Logger,
  token?: string,
): Promise<unknown> {
  const byName = handlers as unknown as Partial<
    Record<string, (job: Job, token?: string) => Promise<unknown>>
  >;
  const handler = byName[job.name];
  if (!handler) {
    logger.error({ name: job.name, queue: job.queueName }, 'job without a handler');
    throw new Error(`No handler for job ${job.name} on queue ${job.queueName}`);
  }
  return handler(job, token);
}

/**
 * The processor of a queue of the catalogue: declare it with `@QueueWorker(queue)` and give it
 * `handlers`. It starts on bootstrap when WORKERS_ENABLED (runWorkerIfEnabled) and runs each job's
 * handler. Subclasses provide the logger and config it needs; it injects nothing itself.
 */
export abstract class CatalogueWorkerHost<Q extends QueueName>
  extends WorkerHost
  implements OnApplicationBootstrap, CatalogueWorker<Q>
{
  abstract readonly handlers: JobHandlers<Q>;
  protected abstract readonly logger: Logger;
  protected abstract readonly config: AppConfig;

  onApplicationBootstrap(): void {
    runWorkerIfEnabled(this, this.config, this.logger);
  }

  process(job: Job, token?: string): Promise<unknown> {
    return handleJob(this.handlers, job, this.logger, token);
  }
}
