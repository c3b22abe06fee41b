import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost, Reflector } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { bullWorkers, type QueueWorkerRef } from '../queue/job-handlers';

/** The work a process is running: logged when a drain starts, and what it abandons at its deadline. */
export interface RunningWork {
  /** HTTP requests still being answered: method, path and how long they have run. */
  requests: { method: string; path: string; runningMs: number }[];
  /** Queue jobs still running in this process; BullMQ's stalled-job check hands them to another worker. */
  jobs: { queue: string; jobId: string }[];
  /** Queues whose worker had not closed. */
  workersOpen: string[];
}

/** BullMQ tracks the jobs a worker runs in its lock manager; read only to name abandoned work. */
interface WorkerInternals {
  lockManager?: { getTrackedJobIds?: () => string[] };
}

/**
 * The drain of a process: what stops, in which order, before the pools close. It runs in
 * `beforeApplicationShutdown`, so every `app.close()` (a signal, the demo, a test) drains the same
 * way; the pools (PostgreSQL, Redis, SMTP, document workers) close after it, in
 * `onApplicationShutdown`, never in `onModuleDestroy` (Nest runs that first, before this drain).
 *
 * 1. `draining` turns on: /health answers 503 DRAINING, every response carries `Connection: close`.
 * 2. The scheduler's timers stop: no tick enqueues anything any more.
 * 3. At once and in parallel: the HTTP listener closes (new connections are refused, idle
 *    keep-alive connections are closed, requests in flight are answered), and every BullMQ worker
 *    closes gracefully (`worker.close()` takes no new job and waits for the active ones: a delivery
 *    being sent finishes and records SENT).
 *
 * The deadline (SHUTDOWN_GRACE_SECONDS) is kept by the signal handler (shutdown-signals.ts), which
 * asks `running()` what was left when it passes.
 */
@Injectable()
export class ShutdownDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownDrain.name);
  private readonly inFlight = new Map<Response, { method: string; path: string; since: number }>();
  private readonly openWorkers = new Set<string>();
  private drained?: Promise<void>;
  private server?: Server;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  /** True from the start of the drain: the process is stopping and takes no new work. */
  get draining(): boolean {
    return this.drained !== undefined;
  }

  /**
   * Express middleware (first in the chain, bootstrap.ts): counts the requests being answered and,
   * while draining, asks the client to close the connection after the response.
   */
  readonly trackRequests = (req: Request, res: Response, next: NextFunction): void => {
    this.inFlight.set(res, { method: req.method, path: req.path, since: Date.now() });
    res.once('close', () => {
      this.inFlight.delete(res);
      // A keep-alive connection whose last response just ended is idle now: let it go.
      if (this.draining) this.server?.closeIdleConnections();
    });
    if (this.draining) res.setHeader('Connection', 'close');
    next();
  };

  beforeApplicationShutdown(signal?: string): Promise<void> {
    return this.drain(signal);
  }

  /** Runs the drain once; later calls wait for the same one. */
  drain(signal?: string): Promise<void> {
    this.drained ??= this.run(signal);
    return this.drained;
  }

  /** The work still running (at its deadline, what the drain abandons). */
  running(): RunningWork {
    const now = Date.now();
    return {
      requests: [...this.inFlight.values()].map((r) => ({
        method: r.method,
        path: r.path,
        runningMs: now - r.since,
      })),
      jobs: this.workers().flatMap(({ queue, worker }) =>
        ((worker as unknown as WorkerInternals).lockManager?.getTrackedJobIds?.() ?? []).map(
          (jobId) => ({ queue, jobId }),
        ),
      ),
      workersOpen: [...this.openWorkers],
    };
  }

  private async run(signal?: string): Promise<void> {
    const started = Date.now();
    const { requests, jobs } = this.running();
    this.logger.log(
      { signal, requestsInFlight: requests.length, jobsInFlight: jobs.length },
      'draining',
    );
    this.stopTimers();
    await Promise.all([this.closeHttp(), this.closeWorkers()]);
    this.logger.log({ ms: Date.now() - started }, 'drained: HTTP and queue workers stopped');
  }

  /** The scheduler's tick and any other timer of the registry: nothing new is enqueued. */
  private stopTimers(): void {
    for (const name of this.scheduler.getIntervals()) this.scheduler.deleteInterval(name);
    for (const name of this.scheduler.getTimeouts()) this.scheduler.deleteTimeout(name);
    for (const name of [...this.scheduler.getCronJobs().keys()]) {
      this.scheduler.deleteCronJob(name);
    }
  }

  /**
   * Stops accepting and waits for the requests in flight. `server.close()` refuses new connections
   * and closes the idle keep-alive ones (Node ≥ 19); a busy one closes after its response, which
   * carries `Connection: close` (set here for responses not yet started, by trackRequests after).
   */
  private async closeHttp(): Promise<void> {
    const server = this.adapterHost?.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    this.server = server;
    for (const res of this.inFlight.keys()) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.logger.log('HTTP listener closed; requests in flight answered');
  }

  /** Every worker at once: each takes no new job and waits for its active ones. */
  private async closeWorkers(): Promise<void> {
    await Promise.all(
      this.workers().map(async ({ queue, worker }) => {
        this.openWorkers.add(queue);
        const running = worker.isRunning();
        await worker.close();
        this.openWorkers.delete(queue);
        if (running) this.logger.log({ queue }, 'queue worker closed; its active jobs finished');
      }),
    );
  }

  /** The BullMQ workers of this process's @QueueWorker providers. */
  private workers(): QueueWorkerRef[] {
    return bullWorkers(this.discovery, this.reflector);
  }
}
