import { fromDbDate } from '../../../common/time/local-date';
import { ApiProperty } from '@nestjs/swagger';
import type { Prisma } from '../../../generated/prisma/client';
import { AssignmentRole, OnBehalfChannel } from '../../../generated/prisma/enums';

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

  @ApiProperty({
    enum: OnBehalfChannel,
    enumName: 'OnBehalfChannel',
    nullable: true,
    description: '代报: how the office received it (null = filed by the department itself)',
  })
  onBehalfChannel!: OnBehalfChannel | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: '代报: the date the office received it',
  })
  receivedOn!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A deputy (委托) filed it: the display name of the person they acted for',
  })
  actingFor!: string | null;

  @ApiProperty({
    description:
      'Who filed it, as the history shows it: 张三, 张三(代李四), 由督查室代为录入(电话)',
  })
  byline!: string;
}

/** How the office received a report it entered (代报), as the history names it. */
export const ON_BEHALF_LABEL: Record<OnBehalfChannel, string> = {
  PHONE: '电话',
  PAPER: '纸质材料',
  OTHER: '其他方式',
};

/** Who filed a report, as the history, the ledger and the task page name it. */
export function reportByline(r: {
  author: string;
  actingFor: string | null;
  onBehalfChannel: OnBehalfChannel | null;
}): string {
  if (r.onBehalfChannel) return `由督查室代为录入(${ON_BEHALF_LABEL[r.onBehalfChannel]})`;
  return r.actingFor ? `${r.author}(代${r.actingFor})` : r.author;
}

/** What a report read includes for its view: the department, the author, the assignment's role. */
export const PROGRESS_REPORT_INCLUDE = {
  department: { select: { name: true } },
  author: { select: { displayName: true } },
  assignment: { select: { role: true } },
  actingFor: { select: { displayName: true } },
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
    onBehalfChannel: r.onBehalfChannel,
    receivedOn: r.receivedOn ? fromDbDate(r.receivedOn) : null,
    actingFor: r.actingFor?.displayName ?? null,
    byline: reportByline({
      author: r.author.displayName,
      actingFor: r.actingFor?.displayName ?? null,
      onBehalfChannel: r.onBehalfChannel,
    }),
  };
}
