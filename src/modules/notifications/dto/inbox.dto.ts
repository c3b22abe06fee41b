import { IntRange } from '../../../common/dto/bounds';
import { QueryInt, QueryBool } from '../../../common/dto/query-values';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class InboxQuery {
  @ApiPropertyOptional({ description: 'Only messages not read yet' })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryInt()
  @IntRange(1, 200)
  limit?: number;
}

/** One message in the caller's in-app inbox. */
export class InboxMessageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'reminder-digest' })
  template!: string;

  @ApiProperty({ example: '【督办提醒】您有3项任务即将到期' })
  subject!: string;

  @ApiProperty({ description: 'Plain text, as in the email (without the mail footer)' })
  body!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  taskId!: string | null;

  @ApiProperty()
  urgent!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readAt!: Date | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The document the message announces (交办通知, 督办单) as .docx: a path below /api/v1',
  })
  documentPath!: string | null;
}

export class CountDto {
  @ApiProperty()
  count!: number;
}
