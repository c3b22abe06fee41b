import { Module } from '@nestjs/common';
import { EscalationModule } from '../escalation/escalation.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TasksModule } from '../tasks/tasks.module';
import { RemindersModule } from '../reminders/reminders.module';
import { SchedulerProcessor } from './scheduler.processor';
import { SchedulerService } from './scheduler.service';

/**
 * The tick that enqueues (SchedulerService, when SCHEDULER_ENABLED) and the worker of the scheduler
 * queue (SchedulerProcessor: reconcile Redis with PostgreSQL, sweep overdue tasks). The CLI leaves
 * this module out.
 */
@Module({
  imports: [RemindersModule, EscalationModule, NotificationsModule, TasksModule],
  providers: [SchedulerService, SchedulerProcessor],
  exports: [SchedulerService],
})
export class SchedulerModule {}
