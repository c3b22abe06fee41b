import { IntRange } from '../../common/dto/bounds';
import { QueryInt } from '../../common/dto/query-values';
import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { Channel, DeliveryStatus } from '../../generated/prisma/enums';
import { Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { NotificationsService } from './notifications.service';

export class DeliveryLogQuery {
  @ApiPropertyOptional({ enum: DeliveryStatus, enumName: 'DeliveryStatus', example: 'FAILED' })
  @IsOptional()
  @IsEnum(DeliveryStatus)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  taskId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @QueryInt()
  @IntRange(1, 500)
  limit?: number;
}

/** One row of the delivery log: who was (to be) told what, and how it went. */
export class DeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: DeliveryStatus, enumName: 'DeliveryStatus' })
  status!: DeliveryStatus;

  @ApiProperty({ enum: Channel, enumName: 'Channel' })
  channel!: Channel;

  @ApiProperty({ example: 'urging-notice' })
  template!: string;

  @ApiProperty({ example: '【催办通知】第12项任务已逾期1个工作日' })
  subject!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  taskId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  recipientId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  recipientName!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Email address, phone number or robot id the message went to (null for INBOX)',
  })
  address!: string | null;

  @ApiProperty({ description: 'Sent on every reachable channel, never held by quiet hours' })
  urgent!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Held until' })
  notBefore!: Date | null;

  @ApiProperty()
  attempts!: number;

  @ApiProperty({ type: String, nullable: true, example: '无收件人:省民政厅尚未设置联络员' })
  lastError!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'SMTP reply and Message-ID, or the HTTP answer',
  })
  providerResponse!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt!: Date | null;
}

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: '本级及下级的消息发送记录(可按状态、任务筛选),最新的在前' })
  @ApiOkResponse({ type: [DeliveryDto] })
  list(@CurrentScope() scope: Scope, @Query() query: DeliveryLogQuery): Promise<DeliveryDto[]> {
    return this.notifications.listDeliveries(scope, query);
  }
}
