import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { EscalationService } from './escalation.service';
import { LaggingService } from './lagging.service';
import { SupervisionNoticeController } from './supervision-notice.controller';

@Module({
  imports: [NotificationsModule, AuthModule],
  controllers: [SupervisionNoticeController],
  providers: [EscalationService, LaggingService],
  exports: [EscalationService, LaggingService],
})
export class EscalationModule {}
