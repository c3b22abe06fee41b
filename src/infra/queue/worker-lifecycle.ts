import type { Logger } from '@nestjs/common';
import type { WorkerHost } from '@nestjs/bullmq';
import type { AppConfig } from '../../config/app-config.service';

/**
 * Processors are declared with `autorun: false` and started here, so that an API-only process
 * (WORKERS_ENABLED=false) enqueues work without consuming it.
 */
export function runWorkerIfEnabled(host: WorkerHost, config: AppConfig, logger: Logger): void {
  if (!config.get('WORKERS_ENABLED')) return;
  host.worker.run().catch((err: unknown) => logger.error(err, 'worker stopped'));
}
