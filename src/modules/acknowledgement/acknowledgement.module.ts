import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RemindersModule } from '../reminders/reminders.module';
import { TasksModule } from '../tasks/tasks.module';
import { AckBoardService } from './ack-board.service';
import { AckPlanningService } from './ack-planning.service';
import { AcknowledgementController } from './acknowledgement.controller';
import { AcknowledgementService } from './acknowledgement.service';
import { ReturnDecisionsService } from './return-decisions.service';

/**
 * 签收 and 退回: the acknowledgement deadline of arriving work (a WorkArrival follow-up) and its
 * reminders, the department's answer, the office's decisions on returns, and the board.
 */
@Module({
  imports: [AuthModule, TasksModule, RemindersModule, NotificationsModule],
  controllers: [AcknowledgementController],
  providers: [AckPlanningService, AcknowledgementService, ReturnDecisionsService, AckBoardService],
  exports: [AckPlanningService],
})
export class AcknowledgementModule {}
