import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { EscalationLevel } from '../../../generated/prisma/enums';

/** Which levels an office's board shows. */
const BoardLevels = () =>
  applyDecorators(
    ApiPropertyOptional({
      enum: ['own', 'all'],
      default: 'own',
      description:
        "own: the office's own level, plus tasks of the levels below that reached a red card; all: every level below too",
    }),
    IsOptional(),
    IsIn(['own', 'all']),
  );

export class OverdueQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Tasks this department is assigned to (lead or supporting)',
  })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @BoardLevels()
  levels?: 'own' | 'all';
}

export class ByDepartmentQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @BoardLevels()
  levels?: 'own' | 'all';
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

export class OverdueTaskDto {
  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ format: 'uuid' })
  planId!: string;

  @ApiProperty()
  no!: number;

  @ApiProperty()
  text!: string;

  @ApiProperty({ example: '2015-12-31' })
  dueOn!: string;

  @ApiProperty()
  workingDaysOverdue!: number;

  @ApiProperty({ type: [String] })
  leadDepartments!: string[];

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
    description: 'Highest step reached for the current deadline',
  })
  escalationLevel!: EscalationLevel | null;

  @ApiProperty({
    enum: ['YELLOW', 'RED'],
    nullable: true,
    description:
      'Yellow card with the supervision notice, red card after it (listed for the bulletin)',
  })
  card!: 'YELLOW' | 'RED' | null;

  @ApiProperty({ type: String, nullable: true, example: '督〔2026〕12号' })
  noticeNo!: string | null;
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
