import { Module } from '@nestjs/common';
import { ChannelPreferencesService } from './channel-preferences.service';
import { DeliveryAttachments } from './delivery-attachments';
import { DingtalkChannel } from './channels/dingtalk.channel';
import { EmailChannel } from './channels/email.channel';
import { FeishuChannel } from './channels/feishu.channel';
import { InboxChannel } from './channels/inbox.channel';
import { RobotRateLimiter } from './channels/robot-rate-limiter';
import { SmsChannel } from './channels/sms.channel';
import { WecomChannel } from './channels/wecom.channel';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesProcessor } from './deliveries.processor';
import { InboxController } from './inbox.controller';
import { MyChannelsController } from './my-channels.controller';
import { NotificationsService } from './notifications.service';
import { HostResolver, OutboundGuard } from './outbound/outbound-guard';
import { RobotHostsService } from './robot-hosts.service';
import { RobotsController } from './robots.controller';
import { RobotsService } from './robots.service';
import { SystemMessagesService } from './system-messages.service';

/**
 * Templates, channels (email, group robots, SMS, in-app inbox), channel preferences, robots and the
 * delivery log. A leaf: reminders and escalation call it, it calls nobody (config, clock, Prisma
 * and the queues come from global infrastructure modules).
 */
@Module({
  controllers: [DeliveriesController, InboxController, MyChannelsController, RobotsController],
  providers: [
    NotificationsService,
    DeliveriesProcessor,
    EmailChannel,
    WecomChannel,
    DingtalkChannel,
    FeishuChannel,
    SmsChannel,
    InboxChannel,
    RobotRateLimiter,
    RobotsService,
    RobotHostsService,
    OutboundGuard,
    HostResolver,
    ChannelPreferencesService,
    DeliveryAttachments,
    SystemMessagesService,
  ],
  exports: [NotificationsService, DeliveryAttachments, SystemMessagesService],
})
export class NotificationsModule {}
