import { Module } from '@nestjs/common';
import { EmailChannel } from './channels/email.channel';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesProcessor } from './deliveries.processor';
import { NotificationsService } from './notifications.service';

/**
 * Templates, channels and the delivery log. A leaf: reminders and escalation call it, it calls
 * nobody (config, clock, Prisma and the queues come from global infrastructure modules).
 */
@Module({
  controllers: [DeliveriesController],
  providers: [NotificationsService, EmailChannel, DeliveriesProcessor],
  exports: [NotificationsService],
})
export class NotificationsModule {}
