import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { EscalationService } from './escalation.service';
import { LaggingService } from './lagging.service';
import { LadderMessagesService } from './ladder-messages.service';
import { LadderRecorder } from './ladder-recorder.service';
import { SupervisionNoticeService } from './supervision-notice.service';
import { SupervisionNoticeController } from './supervision-notice.controller';

@Module({
  imports: [NotificationsModule, AuthModule],
  controllers: [SupervisionNoticeController],
  providers: [
    EscalationService,
    SupervisionNoticeService,
    LadderMessagesService,
    LadderRecorder,
    LaggingService,
  ],
  exports: [EscalationService, LaggingService],
})
export class EscalationModule {}
