import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReminderWaveService } from './reminder-wave.service';
import { RemindersProcessor } from './reminders.processor';
import { RemindersService } from './reminders.service';

/**
 * The reminder schedule: planning the rows and enqueueing their waves. Plans, cascade and requests
 * import it (and so does the CLI, through plans): it runs no worker.
 */
@Module({ providers: [RemindersService], exports: [RemindersService] })
export class RemindersModule {}

/**
 * Sending: the waves (ReminderWaveService) and the worker of the reminders queue
 * (RemindersProcessor, started only when WORKERS_ENABLED). Apart from RemindersModule so that a
 * process that only plans (the CLI) has no reminder worker.
 */
@Module({
  imports: [NotificationsModule],
  providers: [ReminderWaveService, RemindersProcessor],
  exports: [ReminderWaveService],
})
export class ReminderWavesModule {}
