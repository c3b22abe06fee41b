import { ApiProperty } from '@nestjs/swagger';
import {
  AckState,
  AssignmentRole,
  DueSource,
  EscalationLevel,
  TaskStatus,
  WorkSource,
} from '../../../generated/prisma/enums';
import { ProgressReportDto } from './progress-report.dto';

export class TaskPlanRefDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: String, nullable: true, example: '苏办〔2012〕85号' })
  documentNumber!: string | null;

  @ApiProperty({
    enum: WorkSource,
    enumName: 'WorkSource',
    description: 'Where the work comes from',
  })
  source!: WorkSource;
}

export class TaskAssignmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty({ example: '省民政厅' })
  department!: string;

  @ApiProperty({ enum: AssignmentRole, enumName: 'AssignmentRole' })
  role!: AssignmentRole;

  @ApiProperty()
  percent!: number;

  @ApiProperty()
  reportVersion!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastReportAt!: Date | null;

  @ApiProperty({ enum: AckState, enumName: 'AckState', description: '签收 state' })
  ackState!: AckState;

  @ApiProperty({ type: String, nullable: true, description: 'Last day to acknowledge or return' })
  ackDueOn!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  ackedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true, description: '退回 reason' })
  returnReason!: string | null;
}

export class TaskEscalationDto {
  @ApiProperty({ enum: EscalationLevel, enumName: 'EscalationLevel' })
  level!: EscalationLevel;

  @ApiProperty({ type: String, nullable: true })
  noticeNo!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  triggeredAt!: Date;

  @ApiProperty({ description: 'The deadline this step belongs to', example: '2015-12-31' })
  dueOn!: string;
}

export class TaskMessageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['EMAIL', 'INBOX', 'WECOM', 'DINGTALK', 'FEISHU', 'SMS'] })
  channel!: string;

  @ApiProperty({ example: 'reminder-digest' })
  template!: string;

  @ApiProperty()
  subject!: string;

  @ApiProperty({ enum: ['PENDING', 'SENT', 'FAILED'] })
  status!: string;

  @ApiProperty({ type: String, nullable: true })
  recipientName!: string | null;

  @ApiProperty()
  attempts!: number;

  @ApiProperty({ type: String, nullable: true, description: 'Why it failed (Chinese)' })
  lastError!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt!: Date | null;
}

export class TaskDetailDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  planId!: string;

  @ApiProperty({ type: TaskPlanRefDto })
  plan!: TaskPlanRefDto;

  @ApiProperty({ type: String, nullable: true })
  chapter!: string | null;

  @ApiProperty({ type: String, nullable: true })
  section!: string | null;

  @ApiProperty()
  no!: number;

  @ApiProperty()
  text!: string;

  @ApiProperty({ enum: TaskStatus, enumName: 'TaskStatus' })
  status!: TaskStatus;

  @ApiProperty({
    description: 'The task version; send it back with a closure, extension or dispute request',
  })
  version!: number;

  @ApiProperty({ description: "The lead's last reported percent" })
  percent!: number;

  @ApiProperty({ type: String, nullable: true })
  dueOn!: string | null;

  @ApiProperty({ enum: DueSource, enumName: 'DueSource' })
  dueSource!: DueSource;

  @ApiProperty()
  ongoing!: boolean;

  @ApiProperty({ type: Number, nullable: true })
  workingDaysLeft!: number | null;

  @ApiProperty()
  workingDaysOverdue!: number;

  @ApiProperty({
    description: 'Deadline phrases as parsed from the plan',
    type: 'array',
    items: { type: 'object' },
  })
  deadlines!: unknown;

  @ApiProperty({
    description: 'Quantified targets as parsed from the plan',
    type: 'array',
    items: { type: 'object' },
  })
  targets!: unknown;

  @ApiProperty({ type: [String] })
  leaders!: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastReportAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: Date | null;

  @ApiProperty({ type: [TaskAssignmentDto] })
  assignments!: TaskAssignmentDto[];

  @ApiProperty({ type: [ProgressReportDto], description: 'The last 20 reports, newest first' })
  reports!: ProgressReportDto[];

  @ApiProperty({ type: [TaskEscalationDto] })
  escalations!: TaskEscalationDto[];

  @ApiProperty({
    type: [TaskMessageDto],
    description: 'The last 30 messages about the task (reminders, notices), failures included',
  })
  messages!: TaskMessageDto[];
}
