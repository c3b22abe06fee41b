import { Module } from '@nestjs/common';
import { EscalationModule } from '../escalation/escalation.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReminderWaveService } from '../reminders/reminder-wave.service';
import { RemindersModule } from '../reminders/reminders.module';
import { RemindersProcessor } from '../reminders/reminders.processor';
import { SchedulerProcessor } from './scheduler.processor';
import { SchedulerService } from './scheduler.service';

/**
 * Background work: the tick that enqueues, and the workers that send reminders, sweep overdue tasks
 * and reconcile Redis with PostgreSQL. The CLI leaves this module out, so it never runs workers.
 */
@Module({
  imports: [RemindersModule, EscalationModule, NotificationsModule],
  providers: [SchedulerService, SchedulerProcessor, RemindersProcessor, ReminderWaveService],
  exports: [SchedulerService],
})
export class SchedulerModule {}
