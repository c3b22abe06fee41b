import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { EscalationService } from './escalation.service';
import { LaggingService } from './lagging.service';

@Module({
  imports: [NotificationsModule],
  providers: [EscalationService, LaggingService],
  exports: [EscalationService, LaggingService],
})
export class EscalationModule {}
