import { ApiProperty } from '@nestjs/swagger';
import { WorkSource } from '../../../generated/prisma/enums';

export class BulletinTotalsDto {
  @ApiProperty({ description: 'Tasks under supervision (withdrawn ones excluded)' })
  tasks!: number;

  @ApiProperty({ description: 'Closed by the end of the period' })
  closed!: number;

  @ApiProperty({ description: 'Not closed by the end of the period' })
  open!: number;

  @ApiProperty({ description: 'Past the deadline and not closed, at the end of the period' })
  overdue!: number;

  @ApiProperty({ description: 'Closed within the period' })
  closedInPeriod!: number;

  @ApiProperty({ description: 'Red cards issued within the period' })
  redCardsInPeriod!: number;
}

/** The totals of one source of work in the period. */
export class BulletinSourceDto {
  @ApiProperty({ enum: WorkSource, enumName: 'WorkSource' })
  source!: WorkSource;

  @ApiProperty({ example: '领导批示件' })
  label!: string;

  @ApiProperty()
  tasks!: number;

  @ApiProperty({ description: 'Closed by the end of the period' })
  closed!: number;

  @ApiProperty({ description: 'Past the deadline and not closed, at the end of the period' })
  overdue!: number;

  @ApiProperty({ description: 'Closed within the period' })
  closedInPeriod!: number;
}

export class BulletinTaskDto {
  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty()
  planTitle!: string;

  @ApiProperty({ enum: WorkSource, enumName: 'WorkSource' })
  source!: WorkSource;

  @ApiProperty({ type: String, nullable: true, description: "The container's number (文号)" })
  planDocumentNumber!: string | null;

  @ApiProperty()
  no!: number;

  @ApiProperty()
  text!: string;

  @ApiProperty({ type: [String] })
  leadDepartments!: string[];

  @ApiProperty({ type: String, nullable: true })
  dueOn!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Closed tasks: the day closed' })
  closedOn!: string | null;

  @ApiProperty({ description: 'Overdue tasks: working days overdue at the end of the period' })
  workingDaysOverdue!: number;

  @ApiProperty({ enum: ['YELLOW', 'RED'], nullable: true })
  card!: 'YELLOW' | 'RED' | null;
}

export class BulletinLaggardDto {
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty()
  departmentName!: string;

  @ApiProperty()
  overdueLead!: number;

  @ApiProperty()
  overdueSupport!: number;

  @ApiProperty({ description: 'Red cards in the period on tasks it leads' })
  redCards!: number;
}

/** A draft bulletin (通报) for a period, for the office to edit and issue. */
export class BulletinDto {
  @ApiProperty({ example: '2026-11-01' })
  from!: string;

  @ApiProperty({ example: '2026-11-30' })
  to!: string;

  @ApiProperty({ description: 'The day the figures stand at: the end of the period, or today' })
  asOf!: string;

  @ApiProperty({ type: String, nullable: true })
  planTitle!: string | null;

  @ApiProperty({
    enum: WorkSource,
    enumName: 'WorkSource',
    isArray: true,
    nullable: true,
    description: 'The sources the draft covers (the source filter); null = every source',
  })
  sources!: WorkSource[] | null;

  @ApiProperty({ type: BulletinTotalsDto })
  totals!: BulletinTotalsDto;

  @ApiProperty({
    type: [BulletinSourceDto],
    description: 'The totals per source of work (sources without tasks left out)',
  })
  bySource!: BulletinSourceDto[];

  @ApiProperty({ type: [BulletinTaskDto], description: 'Closed within the period' })
  closed!: BulletinTaskDto[];

  @ApiProperty({
    type: [BulletinTaskDto],
    description: 'Overdue at the end of the period, most overdue first',
  })
  overdue!: BulletinTaskDto[];

  @ApiProperty({
    type: [BulletinLaggardDto],
    description: 'Departments with overdue tasks, most overdue lead tasks first',
  })
  laggards!: BulletinLaggardDto[];
}
