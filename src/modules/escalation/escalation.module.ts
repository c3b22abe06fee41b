import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { EscalationService } from './escalation.service';

@Module({
  imports: [NotificationsModule],
  providers: [EscalationService],
  exports: [EscalationService],
})
export class EscalationModule {}
