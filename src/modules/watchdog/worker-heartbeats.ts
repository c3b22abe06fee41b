import { Injectable } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { HEARTBEAT, HeartbeatService } from '../../infra/heartbeat/heartbeat.service';
import { bullWorkers, type QueueWorkerRef } from '../../infra/queue/job-handlers';

/**
 * The heartbeat of every queue worker of this process, found as the boot check finds them (the
 * providers declared with @QueueWorker). A worker beats while BullMQ runs it, idle or busy, on the
 * watchdog's timer: a killed process stops beating, an idle one does not, and an API-only process
 * (whose workers never run) never beats for a queue.
 */
@Injectable()
export class WorkerHeartbeats {
  private found?: QueueWorkerRef[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly heartbeats: HeartbeatService,
  ) {}

  /** Beats the queues whose worker runs here (one statement); returns their components. */
  async beat(): Promise<string[]> {
    const running = this.workers().filter((w) => w.worker.isRunning() && !w.worker.closing);
    const components = running.map((w) => HEARTBEAT.worker(w.queue));
    await this.heartbeats.beat(components);
    return components;
  }

  private workers(): QueueWorkerRef[] {
    this.found ??= bullWorkers(this.discovery, this.reflector);
    return this.found;
  }
}
