import { ApiProperty } from '@nestjs/swagger';
import {
  AckState,
  AssignmentRole,
  DueSource,
  TaskStatus,
  WorkSource,
} from '../../../generated/prisma/enums';

/** One row of a liaison's task list: the task as seen by the caller's department. */
export class MyTaskDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  planId!: string;

  @ApiProperty({
    enum: WorkSource,
    enumName: 'WorkSource',
    description: 'Where the work comes from',
  })
  source!: WorkSource;

  @ApiProperty({ description: "The container's title: the plan, instruction, meeting…" })
  planTitle!: string;

  @ApiProperty({ type: String, nullable: true, description: "The container's number (文号)" })
  planDocumentNumber!: string | null;

  @ApiProperty({ example: 31 })
  no!: number;

  @ApiProperty()
  text!: string;

  @ApiProperty({
    enum: AssignmentRole,
    enumName: 'AssignmentRole',
    description: "The caller's department's role",
  })
  role!: AssignmentRole;

  @ApiProperty({ type: String, nullable: true, example: '2015-12-31' })
  dueOn!: string | null;

  @ApiProperty({ enum: DueSource, enumName: 'DueSource' })
  dueSource!: DueSource;

  @ApiProperty({ description: 'No deadline (持续推进)' })
  ongoing!: boolean;

  @ApiProperty({ enum: TaskStatus, enumName: 'TaskStatus' })
  status!: TaskStatus;

  @ApiProperty({ description: "The caller's department's last reported percent" })
  percent!: number;

  @ApiProperty({
    description: "The caller's assignment's report version; send it back with the next report",
  })
  reportVersion!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastReportAt!: Date | null;

  @ApiProperty({ type: Number, nullable: true })
  workingDaysLeft!: number | null;

  @ApiProperty()
  workingDaysOverdue!: number;

  @ApiProperty({ type: [String] })
  leadDepartments!: string[];

  @ApiProperty({ type: [String] })
  supportDepartments!: string[];

  @ApiProperty({
    enum: AckState,
    enumName: 'AckState',
    description:
      "The caller's department's acknowledgement (签收): PENDING work comes first on 我的任务",
  })
  ackState!: AckState;

  @ApiProperty({ type: String, nullable: true, description: 'Last day to acknowledge or return' })
  ackDueOn!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the department returned it' })
  returnReason!: string | null;
}
