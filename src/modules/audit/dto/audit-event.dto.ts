import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuditActorDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: '姓名(原样返回,显示时需转义)' }) name!: string;
  @ApiProperty() username!: string;
}

/** One event of the audit trail, as the history and the JSON export show it. */
export class AuditEventDto {
  @ApiProperty({ description: '事件序号(只增不改)' }) id!: string;
  @ApiProperty({ description: '发生时间(UTC,ISO 8601)' }) at!: string;
  @ApiPropertyOptional({ type: AuditActorDto, nullable: true, description: '操作人;系统操作为空' })
  actor!: AuditActorDto | null;
  @ApiProperty({ example: 'progress.reported' }) action!: string;
  @ApiProperty({ example: 'task' }) entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: '变更前',
  })
  before!: unknown;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: '变更后',
  })
  after!: unknown;
  @ApiPropertyOptional({ type: String, nullable: true }) requestId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) sourceIp!: string | null;
}
