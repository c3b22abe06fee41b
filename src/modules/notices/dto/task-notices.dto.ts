import { ApiProperty } from '@nestjs/swagger';

/** An assignment notice (交办通知) covering the task, for a department in the caller's scope. */
export class TaskAssignmentNoticeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '交〔2026〕12号' })
  number!: string;

  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty({ example: '省民政厅' })
  departmentName!: string;

  @ApiProperty({ enum: ['LEAD', 'SUPPORT'], description: "The department's role when notified" })
  role!: 'LEAD' | 'SUPPORT';

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt!: Date;

  @ApiProperty({
    example: '/notices/…docx',
    description: 'The .docx to download: a path below /api/v1',
  })
  documentPath!: string;
}

/** A supervision notice (督办单) of the task. */
export class TaskSupervisionNoticeDto {
  @ApiProperty({ format: 'uuid' })
  escalationId!: string;

  @ApiProperty({ example: '督〔2026〕3号' })
  number!: string;

  @ApiProperty({ example: '2026-11-30', description: 'The deadline the notice is about' })
  dueOn!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt!: Date;

  @ApiProperty({
    description: 'The .docx to download (the latest 督办单 of the task): a path below /api/v1',
  })
  documentPath!: string;
}

/** The numbered notices of a task: its 交办通知 per department and its 督办单. */
export class TaskNoticesDto {
  @ApiProperty({ type: [TaskAssignmentNoticeDto] })
  assignmentNotices!: TaskAssignmentNoticeDto[];

  @ApiProperty({ type: [TaskSupervisionNoticeDto] })
  supervisionNotices!: TaskSupervisionNoticeDto[];
}
