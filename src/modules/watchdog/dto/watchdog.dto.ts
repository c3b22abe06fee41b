import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A component found stale: why, and since when. */
export class StaleComponentDto {
  @ApiProperty({ example: 'worker:deliveries' })
  component!: string;

  @ApiProperty({ enum: ['SILENT', 'NEVER_SEEN', 'REMINDERS_PENDING'] })
  code!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'Last heartbeat, start of the watch (never seen), or the oldest due reminder',
  })
  since!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastBeatAt!: Date | null;

  @ApiPropertyOptional({ description: 'REMINDERS_PENDING: how many are late' })
  pendingReminders?: number;

  @ApiProperty({ example: '消息发送队列的工作进程自2026-12-07 16:05:09起没有心跳(超过150秒)' })
  message!: string;
}

/** The last heartbeat of one component in one process. */
export class HeartbeatDto {
  @ApiProperty({ example: 'scheduler-tick' })
  component!: string;

  @ApiProperty({ example: 'host-1:4242', description: '<host>:<pid>' })
  instance!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  beatAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  startedAt!: Date;
}

/** A component as an incident recorded it. */
export class IncidentComponentDto {
  @ApiProperty()
  component!: string;

  @ApiProperty()
  code!: string;

  @ApiProperty({ format: 'date-time' })
  since!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ format: 'date-time' })
  firstSeenAt!: string;
}

/** A period during which something was stale (one alarm, one "recovered"). */
export class IncidentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  openedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: Date | null;

  @ApiProperty({ type: [IncidentComponentDto] })
  components!: IncidentComponentDto[];
}

/** GET /admin/watchdog: the state now, every heartbeat, the latest incidents. */
export class WatchdogOverviewDto {
  @ApiProperty({ description: 'false when WATCHDOG_INTERVAL_SECONDS is 0' })
  enabled!: boolean;

  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';

  @ApiProperty({ type: [StaleComponentDto] })
  stale!: StaleComponentDto[];

  @ApiProperty({ type: [HeartbeatDto] })
  heartbeats!: HeartbeatDto[];

  @ApiProperty({ type: [IncidentDto], description: 'The 50 latest, newest first' })
  incidents!: IncidentDto[];
}
