import { IntRange, MAX_INT } from '../../../common/dto/bounds';
import { QueryInt } from '../../../common/dto/query-values';
import { BoardLevelsParam, type BoardLevels } from '../supervision-scope';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  AssignmentRole,
  EscalationLevel,
  TaskStatus,
  WorkSource,
} from '../../../generated/prisma/enums';
import { WorkSourcesParam } from '../../tasks/dto/work-sources.param';

export const LIST_SORTS = [
  'dueOn',
  'workingDaysOverdue',
  'no',
  'percent',
  'lastReportAt',
  'department',
] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** Filters and sort shared by every supervision list. */
export class TaskListQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  chapterId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Tasks this department is assigned to (lead or supporting; see role)',
  })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({
    enum: AssignmentRole,
    description:
      "The role of departmentId (or, without it, of the caller's own departments; for the office, of any department)",
  })
  @IsOptional()
  @IsIn(Object.values(AssignmentRole))
  role?: AssignmentRole;

  @ApiPropertyOptional({
    enum: ['yellow', 'red'],
    description: 'yellow: supervision notice or lagging warning; red: red card',
  })
  @IsOptional()
  @IsIn(['yellow', 'red'])
  level?: 'yellow' | 'red';

  @ApiPropertyOptional({ enum: LIST_SORTS, description: "Default: the list's natural order" })
  @IsOptional()
  @IsIn(LIST_SORTS)
  sort?: ListSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ minimum: 1, maximum: 5000, default: 1000 })
  @IsOptional()
  @QueryInt()
  @IntRange(1, 5000)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @QueryInt()
  @IntRange(0, MAX_INT)
  offset?: number;

  @BoardLevelsParam()
  levels?: BoardLevels;

  @WorkSourcesParam()
  source?: WorkSource[];

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Tasks of this region's work and its regions below (every level of them: `levels` does not apply); a region out of the caller's scope lists nothing",
  })
  @IsOptional()
  @IsUUID()
  regionId?: string;
}

export class DueSoonQuery extends TaskListQuery {
  @ApiPropertyOptional({ minimum: 0, maximum: 60, default: 5, description: 'Working days ahead' })
  @IsOptional()
  @QueryInt()
  @IntRange(0, 60)
  days?: number;
}

export class StalledQuery extends TaskListQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 250,
    description:
      "Working days without a report; default: each plan's lagging.noReportWorkingDays (20)",
  })
  @IsOptional()
  @QueryInt()
  @IntRange(1, 250)
  days?: number;
}

export class LastReportDto {
  @ApiProperty()
  percent!: number;

  @ApiProperty()
  narrative!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: Date;

  @ApiProperty({ example: '省民政厅' })
  department!: string;
}

export class DisputeDto {
  @ApiProperty({ format: 'uuid' })
  requestId!: string;

  @ApiProperty({ example: '省财政厅' })
  departmentName!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  requestedAt!: Date;
}

/** One task in a supervision list; `taskId` leads to GET /tasks/:id and /tasks/:id/history. */
export class SupervisionTaskDto {
  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ format: 'uuid' })
  planId!: string;

  @ApiProperty()
  planTitle!: string;

  @ApiProperty({
    enum: WorkSource,
    enumName: 'WorkSource',
    description: 'Where the work comes from',
  })
  source!: WorkSource;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '苏政批〔2026〕3号',
    description: "The container's number: 文号, minutes or reference number",
  })
  planDocumentNumber!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "The region whose work this is (the container's); null = the top office's level",
  })
  regionId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '南京市',
    description: 'null: the top level',
  })
  regionName!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  chapterId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  chapterTitle!: string | null;

  @ApiProperty()
  no!: number;

  @ApiProperty()
  text!: string;

  @ApiProperty({ enum: TaskStatus, enumName: 'TaskStatus' })
  status!: TaskStatus;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2015-12-31',
    description: 'null: ongoing',
  })
  dueOn!: string | null;

  @ApiProperty()
  workingDaysOverdue!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Working days to the deadline' })
  workingDaysLeft!: number | null;

  @ApiProperty({ description: "The lead departments' reported percent" })
  percent!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Expected progress (序时进度), in the lagging list',
  })
  expectedPercent!: number | null;

  @ApiProperty({ description: 'Working days since the last report (or the assignment)' })
  workingDaysSinceReport!: number;

  @ApiProperty({ type: [String] })
  leadDepartments!: string[];

  @ApiProperty({ type: [String] })
  supportDepartments!: string[];

  @ApiProperty({
    type: LastReportDto,
    nullable: true,
    description: "The lead departments' latest report",
  })
  lastReport!: LastReportDto | null;

  @ApiProperty({
    enum: EscalationLevel,
    enumName: 'EscalationLevel',
    nullable: true,
    description: 'Highest step of the overdue ladder reached for the current deadline',
  })
  escalationLevel!: EscalationLevel | null;

  @ApiProperty({
    enum: ['YELLOW', 'RED'],
    nullable: true,
    description:
      'Red after the red card; yellow with the supervision notice, or a lagging warning before the deadline',
  })
  card!: 'YELLOW' | 'RED' | null;

  @ApiProperty({ type: String, nullable: true, example: '督〔2026〕12号' })
  noticeNo!: string | null;

  @ApiProperty({ type: DisputeDto, nullable: true, description: 'The pending dispute, if any' })
  dispute!: DisputeDto | null;
}
