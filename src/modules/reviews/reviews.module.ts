import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RemindersModule } from '../reminders/reminders.module';
import { TasksModule } from '../tasks/tasks.module';
import { ReviewChainService } from './review-chain.service';
import { ReviewQueueService } from './review-queue.service';
import { ReviewSteps } from './review-steps.service';
import { ReviewsController } from './reviews.controller';

/** The closure review chain (审核): steps, decisions, the "待我审核" queue, holders' messages. */
@Module({
  imports: [AuthModule, TasksModule, RemindersModule, NotificationsModule],
  controllers: [ReviewsController],
  providers: [ReviewChainService, ReviewQueueService, ReviewSteps],
  exports: [ReviewChainService, ReviewSteps],
})
export class ReviewsModule {}
