import { applyDecorators } from '@nestjs/common';
import { BoardLevelsParam, type BoardLevels } from '../supervision-scope';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { WorkSource } from '../../../generated/prisma/enums';
import { WorkSourcesParam } from '../../tasks/dto/work-sources.param';

/** The region filter of the office's counts (`regionId`): that region and the regions below it. */
const RegionParam = () =>
  applyDecorators(
    ApiPropertyOptional({
      format: 'uuid',
      description:
        "Work of this region and the regions below it (every level: `levels` does not apply); a region out of the caller's scope counts nothing",
    }),
    IsOptional(),
    IsUUID(),
  );

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

  @WorkSourcesParam()
  source?: WorkSource[];
}

export class StatsQuery {
  @ApiProperty({
    enum: ['department', 'chapter', 'plan', 'source'],
    description: 'source: one row per source of work (id and name: the source)',
  })
  @IsIn(['department', 'chapter', 'plan', 'source'])
  groupBy!: 'department' | 'chapter' | 'plan' | 'source';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @WorkSourcesParam()
  source?: WorkSource[];

  @RegionParam()
  regionId?: string;
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

  @WorkSourcesParam()
  source?: WorkSource[];

  @RegionParam()
  regionId?: string;
}

/** Counts of one department, chapter, plan or source (a department's: the tasks it leads or supports). */
export class StatsRowDto {
  @ApiProperty({
    description: 'The uuid of the department, chapter or plan; the WorkSource of a source row',
  })
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
