import { ApiProperty } from '@nestjs/swagger';
import type { Prisma } from '../../../generated/prisma/client';
import { AssignmentRole } from '../../../generated/prisma/enums';

/** A progress report as the task page and the report list show it. */
export class ProgressReportDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty()
  department!: string;

  @ApiProperty({ enum: AssignmentRole, enumName: 'AssignmentRole' })
  role!: AssignmentRole;

  @ApiProperty({ description: 'Author display name' })
  author!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty()
  percent!: number;

  @ApiProperty()
  narrative!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}

/** What a report read includes for its view: the department, the author, the assignment's role. */
export const PROGRESS_REPORT_INCLUDE = {
  department: { select: { name: true } },
  author: { select: { displayName: true } },
  assignment: { select: { role: true } },
} as const satisfies Prisma.ProgressReportInclude;

/** Reports newest first (the version orders two of the same instant). */
export const PROGRESS_REPORT_ORDER: Prisma.ProgressReportOrderByWithRelationInput[] = [
  { createdAt: 'desc' },
  { version: 'desc' },
];

type ProgressReportRow = Prisma.ProgressReportGetPayload<{
  include: typeof PROGRESS_REPORT_INCLUDE;
}>;

export function toProgressReportDto(r: ProgressReportRow): ProgressReportDto {
  return {
    id: r.id,
    departmentId: r.departmentId,
    department: r.department.name,
    role: r.assignment.role,
    author: r.author.displayName,
    version: r.version,
    percent: r.percent,
    narrative: r.narrative,
    createdAt: r.createdAt,
  };
}
