import { Injectable } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { WorkerHost } from '@nestjs/bullmq';
import type { Worker } from 'bullmq';
import { HEARTBEAT, HeartbeatService } from '../../infra/heartbeat/heartbeat.service';
import type { QueueName } from '../../infra/queue/job-catalogue';
import { WORKER_QUEUE } from '../../infra/queue/job-handlers';

interface FoundWorker {
  queue: QueueName;
  worker: Worker;
}

/**
 * The heartbeat of every queue worker of this process, found as the boot check finds them (the
 * providers declared with @QueueWorker). A worker beats while BullMQ runs it, idle or busy, on the
 * watchdog's timer: a killed process stops beating, an idle one does not, and an API-only process
 * (whose workers never run) never beats for a queue.
 */
@Injectable()
export class WorkerHeartbeats {
  private found?: FoundWorker[];

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

  private workers(): FoundWorker[] {
    this.found ??= this.discovery.getProviders().flatMap((wrapper) => {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance) return [];
      const queue = this.reflector.get<QueueName | undefined>(WORKER_QUEUE, metatype);
      if (!queue) return [];
      try {
        return [{ queue, worker: (instance as WorkerHost).worker }];
      } catch {
        // A processor whose BullMQ worker was never created (no worker in this process).
        return [];
      }
    });
    return this.found;
  }
}
