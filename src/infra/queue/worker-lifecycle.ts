import type { Logger } from '@nestjs/common';
import type { WorkerHost } from '@nestjs/bullmq';
import type { AppConfig } from '../../config/app-config.service';

/** BullMQ creates its lock manager from the options in its constructor; it is rebuilt here. */
interface WorkerInternals {
  createLockManager(): void;
}

/**
 * Processors are declared with `autorun: false` (QueueWorker) and started here, on bootstrap
 * (CatalogueWorkerHost), so that an API-only process (WORKERS_ENABLED=false) enqueues work without
 * consuming it.
 *
 * The job lock and the stalled-job check follow WORKER_LOCK_MS: a job whose process was killed
 * keeps its lock until it expires, then the next stalled check (on any live worker) puts it back
 * to wait. BullMQ reads `lockDuration` and `stalledInterval` from `worker.opts` when it takes a job
 * and checks for stalled ones, but its lock manager copies `lockDuration` and `lockRenewTime` when
 * the worker is constructed, so the lock manager is rebuilt (its timers start only in `run()`).
 */
export function runWorkerIfEnabled(host: WorkerHost, config: AppConfig, logger: Logger): void {
  if (!config.get('WORKERS_ENABLED')) return;
  const lockMs = config.get('WORKER_LOCK_MS');
  const worker = host.worker;
  if (worker.opts.lockDuration !== lockMs) {
    // Mutated in place: the Redis backend holds this same options object.
    Object.assign(worker.opts, {
      lockDuration: lockMs,
      lockRenewTime: lockMs / 2,
      stalledInterval: lockMs,
    });
    (worker as unknown as WorkerInternals).createLockManager();
  }
  // Connection losses and lost locks surface as 'error' events; without a listener they would be
  // thrown as unhandled.
  worker.on('error', (err) => logger.warn({ err: err.message }, 'worker error'));
  worker.run().catch((err: unknown) => logger.error(err, 'worker stopped'));
}
