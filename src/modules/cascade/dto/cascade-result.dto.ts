import { ApiProperty } from '@nestjs/swagger';
import { AssignmentRole, TaskStatus } from '../../../generated/prisma/enums';
import type {
  CascadePreview,
  CascadeRegionPreview,
  CascadeResult,
  UnmappedUnit,
} from '../cascade.service';
import { CHILD_STATES, type ChildState } from '../child-state';
import type { ChildTaskView } from '../rollup.service';

/** The response shapes of the cascade and rollup API, for the OpenAPI document (and the web's types). */
export class UnmappedUnitDto implements UnmappedUnit {
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty()
  departmentName!: string;

  @ApiProperty({ enum: AssignmentRole, enumName: 'AssignmentRole' })
  role!: 'LEAD' | 'SUPPORT';

  @ApiProperty({ type: [Number], description: 'Item numbers it is assigned in' })
  items!: number[];
}

export class CascadeRegionPreviewDto implements CascadeRegionPreview {
  @ApiProperty({ format: 'uuid' })
  regionId!: string;

  @ApiProperty()
  regionName!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  childPlanId!: string | null;

  @ApiProperty({ description: 'Tasks the cascade would add' })
  newTasks!: number;

  @ApiProperty({ type: [UnmappedUnitDto] })
  unmapped!: UnmappedUnitDto[];
}

export class CascadePreviewDto implements CascadePreview {
  @ApiProperty({ enum: ['preview'] })
  mode!: 'preview';

  @ApiProperty({ format: 'uuid' })
  planId!: string;

  @ApiProperty({ type: [CascadeRegionPreviewDto] })
  regions!: CascadeRegionPreviewDto[];

  @ApiProperty({ description: 'Whether a commit with these settings would be refused' })
  blocked!: boolean;
}

export class ChildPlansCountDto {
  @ApiProperty()
  created!: number;

  @ApiProperty()
  total!: number;
}

export class CascadeRemindersDto {
  @ApiProperty()
  pending!: number;

  @ApiProperty()
  skipped!: number;
}

export class CascadeResultDto implements CascadeResult {
  @ApiProperty({ enum: ['commit'] })
  mode!: 'commit';

  @ApiProperty({ format: 'uuid' })
  planId!: string;

  @ApiProperty({ type: ChildPlansCountDto })
  childPlans!: ChildPlansCountDto;

  @ApiProperty()
  tasks!: number;

  @ApiProperty()
  assignments!: number;

  @ApiProperty({ type: CascadeRemindersDto })
  reminders!: CascadeRemindersDto;

  @ApiProperty({ description: 'Support assignments left out (no counterpart in the region)' })
  omittedSupport!: number;
}

export class ChildTaskDto implements ChildTaskView {
  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ format: 'uuid' })
  planId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  regionId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  regionName!: string | null;

  @ApiProperty()
  no!: number;

  @ApiProperty({ enum: TaskStatus, enumName: 'TaskStatus' })
  status!: string;

  @ApiProperty({ enum: CHILD_STATES, enumName: 'ChildState' })
  state!: ChildState;

  @ApiProperty({ type: String, nullable: true })
  dueOn!: string | null;

  @ApiProperty()
  percent!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastReportAt!: Date | null;

  @ApiProperty({ type: [String] })
  leadDepartments!: string[];

  @ApiProperty({ description: 'Tasks one level further down' })
  childCount!: number;
}

/** Counts by child state, and their total. */
export class StateCountsDto implements Record<ChildState, number> {
  @ApiProperty()
  red!: number;

  @ApiProperty()
  yellow!: number;

  @ApiProperty()
  overdue!: number;

  @ApiProperty()
  lagging!: number;

  @ApiProperty()
  on_track!: number;

  @ApiProperty()
  closed!: number;

  @ApiProperty()
  withdrawn!: number;

  @ApiProperty()
  total!: number;
}

export class TaskRollupDto {
  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ type: StateCountsDto })
  counts!: StateCountsDto;

  @ApiProperty({ type: [ChildTaskDto], description: 'Worst first' })
  children!: ChildTaskDto[];
}
