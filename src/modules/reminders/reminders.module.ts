import { Module } from '@nestjs/common';
import { RemindersService } from './reminders.service';

/** The reminder schedule (planning and enqueueing). Sending lives in ReminderSenderService (workers). */
@Module({ providers: [RemindersService], exports: [RemindersService] })
export class RemindersModule {}
