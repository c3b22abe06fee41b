import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditActorDto, AuditEventDto } from './audit-event.dto';

/** An event of the trail as the auditor reads it: with the person it is about, if any. */
export class AuditTrailEventDto extends AuditEventDto {
  @ApiPropertyOptional({
    type: AuditActorDto,
    nullable: true,
    description: '事件涉及的人员(对象类型为 person 时)',
  })
  subject!: AuditActorDto | null;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditTrailEventDto] }) items!: AuditTrailEventDto[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: '下一页:作为 before 传入;为空表示没有更多',
  })
  nextBefore!: string | null;
}
