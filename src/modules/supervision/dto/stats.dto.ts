import { BoardLevelsParam, type BoardLevels } from '../supervision-scope';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';

export class PeriodQuery {
  @ApiPropertyOptional({
    example: '2026-01-01',
    description: 'First day (Shanghai); default 1 January',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day (Shanghai); default today' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;
}

export class StatsQuery {
  @ApiProperty({ enum: ['department', 'chapter', 'plan'] })
  @IsIn(['department', 'chapter', 'plan'])
  groupBy!: 'department' | 'chapter' | 'plan';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;
}

export class TrendQuery extends PeriodQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Tasks this department is assigned to' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class ByDepartmentQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @BoardLevelsParam()
  levels?: BoardLevels;
}

/** Counts of one department, chapter or plan (a department's: the tasks it leads or supports). */
export class StatsRowDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'Tasks (withdrawn ones excluded)' })
  total!: number;

  @ApiProperty({ description: 'Open: assigned, in progress or closure requested' })
  open!: number;

  @ApiProperty()
  closed!: number;

  @ApiProperty({ description: 'Open and past the deadline' })
  overdue!: number;

  @ApiProperty({ description: 'Closed on or before the deadline' })
  closedOnTime!: number;

  @ApiProperty({ description: 'Closed after the deadline' })
  closedLate!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'closedOnTime / (closedOnTime + closedLate + overdue): of the deadlines already decided, the share met; null when none',
  })
  onTimeRate!: number | null;

  @ApiPropertyOptional({ description: 'Department rows: overdue tasks it leads' })
  overdueLead?: number;

  @ApiPropertyOptional({ description: 'Department rows: overdue tasks it supports' })
  overdueSupport?: number;
}

export class TrendMonthDto {
  @ApiProperty({ example: '2026-11' })
  month!: string;

  @ApiProperty({ description: 'Tasks due this month' })
  due!: number;

  @ApiProperty({ description: 'Of those, closed by the deadline' })
  closedOnTime!: number;

  @ApiProperty({ description: 'Of those, deadline passed without closure by then' })
  missed!: number;

  @ApiProperty({ description: 'Tasks closed this month' })
  closed!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'closedOnTime / (closedOnTime + missed)',
  })
  onTimeRate!: number | null;
}

export class OverdueByDepartmentDto {
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty()
  departmentName!: string;

  @ApiProperty({ description: 'Overdue tasks this department leads' })
  overdueLead!: number;

  @ApiProperty({ description: 'Overdue tasks this department supports' })
  overdueSupport!: number;

  @ApiProperty()
  total!: number;
}
