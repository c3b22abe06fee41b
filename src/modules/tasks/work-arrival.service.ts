import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { jobIds, JobName, QueueName } from '../../infra/queue/job-catalogue';

/** A follow-up taking this long is logged with its duration. */
const SLOW_FOLLOW_UP_MS = 1000;

/** One follow-up of arriving work: set-based and idempotent over the assignments not yet handled. */
export type ArrivalHandler = () => Promise<unknown>;

/**
 * Work reaching departments (an import commit, a publish, a new item, a reassignment, an edited
 * item) has follow-ups that other modules own: the assignment notice (交办通知; `assignment.noticed_at`
 * null = not yet issued) and the acknowledgement deadline (签收; `ack_state` PENDING with
 * `ack_due_on` null = not yet planned). Each is a set-based pass over the assignments still
 * unhandled, so a writer only calls `settle()` after its commit, and the scheduler's reconcile calls
 * it too: a crash between the commit and the follow-up is caught up on the next tick, and two
 * callers at once do the work once (the handlers' statements decide who takes which rows).
 * A writer whose arrival is too large to settle inside its request (a national cascade) calls
 * `settleInBackground()` instead.
 */
@Injectable()
export class WorkArrival {
  private readonly logger = new Logger(WorkArrival.name);
  private readonly handlers = new Map<string, ArrivalHandler>();

  constructor(@InjectQueue(QueueName.Scheduler) private readonly scheduler: Queue) {}

  /**
   * A reconcile job now, in a worker (the scheduler's queue; PROCESS_ROLE=worker or all): it
   * settles every follow-up and enqueues the reminders due, as each tick's reconcile does, which
   * stays the fallback should this job be lost. For an arrival whose follow-ups take longer than a
   * request may: 1,300 regions' notices and acknowledgement deadlines took 96 s, past the reverse
   * proxy's 120 s together with the cascade's own transaction.
   */
  async settleInBackground(tag: string): Promise<void> {
    try {
      await this.scheduler.add(JobName.Reconcile, {}, { jobId: jobIds.reconcile(`now-${tag}`) });
    } catch (err) {
      // Redis is down: the writer's work is committed all the same, and the tick's reconcile,
      // once Redis is back, settles it.
      this.logger.warn(err, `arrival follow-ups (${tag}) not enqueued; the next tick settles them`);
    }
  }

  /** Called by the owning modules at start-up (onModuleInit). */
  register(name: string, handler: ArrivalHandler): void {
    this.handlers.set(name, handler);
  }

  /**
   * Runs every follow-up in registration order. A failure is logged and left to the next tick,
   * never thrown at the caller, whose work is already committed.
   */
  async settle(): Promise<Record<string, unknown>> {
    const results: Record<string, unknown> = {};
    const ms: Record<string, number> = {};
    for (const [name, handler] of this.handlers) {
      const started = performance.now();
      try {
        results[name] = await handler();
      } catch (err) {
        this.logger.error(err, `arrival follow-up ${name} failed; the next tick retries it`);
        results[name] = { failed: true };
      }
      ms[name] = Math.round(performance.now() - started);
    }
    // A large arrival (a national cascade) says what each follow-up cost; a small one is silent.
    if (Object.values(ms).some((v) => v >= SLOW_FOLLOW_UP_MS)) {
      this.logger.log({ ms, results }, 'arrival follow-ups settled');
    }
    return results;
  }
}
