import { ApiProperty } from '@nestjs/swagger';

/** A supervision notice (督办单) issued by hand. */
export class IssuedNoticeDto {
  @ApiProperty({ format: 'uuid' })
  escalationId!: string;

  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ example: '督〔2026〕12号' })
  noticeNo!: string;

  @ApiProperty({ example: '2026-11-30', description: 'The deadline the notice belongs to' })
  dueOn!: string;

  @ApiProperty({
    description:
      "Recipients notified: the lead departments' liaisons and heads, the supervision staff",
  })
  recipients!: number;
}
