import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { HEARTBEAT, HeartbeatService } from '../../infra/heartbeat/heartbeat.service';
import { JobName, QueueName } from '../../infra/queue/job-catalogue';
import { CatalogueWorkerHost, JobHandlers, QueueWorker } from '../../infra/queue/job-handlers';
import { AccessDeniedAuditor } from '../audit/access-denied.auditor';
import { CalendarService } from '../calendar/calendar.service';
import { EscalationService } from '../escalation/escalation.service';
import { LaggingService } from '../escalation/lagging.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RemindersService } from '../reminders/reminders.service';
import { WorkArrival } from '../tasks/work-arrival.service';

/** The worker of the scheduler queue: what each tick enqueued (reconcile, sweep, refusal roll-up). */
@QueueWorker(QueueName.Scheduler)
export class SchedulerProcessor extends CatalogueWorkerHost<QueueName.Scheduler> {
  protected readonly logger = new Logger(SchedulerProcessor.name);

  readonly handlers: JobHandlers<QueueName.Scheduler> = {
    [JobName.Reconcile]: () => this.reconcile(),
    [JobName.SweepOverdue]: () => this.sweep(),
    [JobName.RollUpAccessDenials]: async () => ({ events: await this.denials.rollUp() }),
  };

  constructor(
    private readonly reminders: RemindersService,
    private readonly escalation: EscalationService,
    private readonly lagging: LaggingService,
    private readonly notifications: NotificationsService,
    protected readonly config: AppConfig,
    private readonly calendars: CalendarService,
    private readonly denials: AccessDeniedAuditor,
    private readonly arrival: WorkArrival,
    private readonly heartbeats: HeartbeatService,
  ) {
    super();
  }

  private async reconcile(): Promise<unknown> {
    // Another instance may have published a holiday year: pick it up before planning.
    await this.calendars.refresh();
    // Work whose writer crashed between its commit and the follow-ups: notices, acknowledgement.
    const arrivals = await this.arrival.settle();
    await this.reminders.planReportReminders();
    const reminders = await this.reminders.enqueueDue();
    const deliveries = await this.notifications.reconcilePending();
    return { arrivals, reminders, deliveries };
  }

  private async sweep(): Promise<unknown> {
    const overdue = await this.escalation.sweep();
    const lagging = await this.lagging.sweep();
    // Only a sweep that finished beats: one that fails every tick goes stale (watchdog).
    await this.heartbeats.beat(HEARTBEAT.sweep, { overdue, lagging });
    return { overdue, lagging };
  }
}
