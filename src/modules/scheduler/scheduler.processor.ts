import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { runWorkerIfEnabled } from '../../infra/queue/worker-lifecycle';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '../../infra/queue/job-catalogue';
import { CalendarService } from '../calendar/calendar.service';
import { EscalationService } from '../escalation/escalation.service';
import { LaggingService } from '../escalation/lagging.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RemindersService } from '../reminders/reminders.service';

@Processor(QueueName.Scheduler, { autorun: false })
export class SchedulerProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulerProcessor.name);

  constructor(
    private readonly reminders: RemindersService,
    private readonly escalation: EscalationService,
    private readonly lagging: LaggingService,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
    private readonly calendars: CalendarService,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    runWorkerIfEnabled(this, this.config, this.logger);
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.Reconcile: {
        // Another instance may have published a holiday year: pick it up before planning.
        await this.calendars.refresh();
        await this.reminders.planReportReminders();
        const reminders = await this.reminders.enqueueDue();
        const deliveries = await this.notifications.reconcilePending();
        return { reminders, deliveries };
      }
      case JobName.SweepOverdue: {
        const overdue = await this.escalation.sweep();
        const lagging = await this.lagging.sweep();
        return { overdue, lagging };
      }
      default:
        this.logger.error({ name: job.name }, 'unknown scheduler job');
        throw new Error(`Unknown scheduler job ${job.name}`);
    }
  }
}
