import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { AckState, AssignmentRole } from '../../../generated/prisma/enums';

const OptionalText = (max: number) =>
  applyDecorators(
    ApiPropertyOptional({ maxLength: max }),
    IsOptional(),
    IsString(),
    MaxLength(max),
  );

const DepartmentIds = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], format: 'uuid', description }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(20),
    IsUUID('all', { each: true }),
  );

/** 退回: why the work is not the department's (required). */
export class ReturnAssignmentDto {
  @ApiProperty({ maxLength: 1000, description: '退回理由' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/)
  @MaxLength(1000)
  reason!: string;
}

/** 坚持交办: the office keeps the assignment; an optional word to the department. */
export class InsistReturnDto {
  @OptionalText(1000)
  reason?: string;
}

/** 改派: the departments that take the returned work instead. */
export class ReassignReturnDto {
  @DepartmentIds('New lead departments (the returning one was the lead: at least one)')
  leadDepartmentIds?: string[];

  @DepartmentIds('New supporting departments')
  supportDepartmentIds?: string[];

  @OptionalText(1000)
  reason?: string;
}

/** One department's acknowledgement state on a task, after a decision. */
export class AckStateDto {
  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty({ enum: AckState, enumName: 'AckState' })
  ackState!: AckState;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-10' })
  ackDueOn!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  ackedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  returnReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  returnedAt!: Date | null;
}

/** The result of a reassignment of returned work. */
export class ReassignedReturnDto {
  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ format: 'uuid', description: 'The department that returned the work (removed)' })
  removedDepartmentId!: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  addedDepartmentIds!: string[];

  @ApiProperty({ description: 'The task version after the reassignment' })
  version!: number;
}

/** An assignment on the acknowledgement board. */
export class AckItemDto {
  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty()
  taskNo!: number;

  @ApiProperty()
  taskText!: string;

  @ApiProperty()
  planTitle!: string;

  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty()
  departmentName!: string;

  @ApiProperty({ enum: AssignmentRole, enumName: 'AssignmentRole' })
  role!: AssignmentRole;

  @ApiProperty({ enum: AckState, enumName: 'AckState' })
  ackState!: AckState;

  @ApiProperty({ type: String, nullable: true })
  ackDueOn!: string | null;

  @ApiProperty({ description: 'Pending past its acknowledgement deadline' })
  overdue!: boolean;

  @ApiProperty({ type: String, nullable: true })
  returnReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  returnedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  arrivedAt!: Date;
}

/** A department's acknowledgement rate: how its assignments were acknowledged. */
export class AckRateDto {
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty()
  departmentName!: string;

  @ApiProperty({ description: 'Assignments (current, of published work)' })
  total!: number;

  @ApiProperty({ description: 'Acknowledged on or before the deadline' })
  onTime!: number;

  @ApiProperty({ description: 'Acknowledged after the deadline' })
  late!: number;

  @ApiProperty({ description: 'Not yet acknowledged (including overdue)' })
  pending!: number;

  @ApiProperty({ description: 'Pending past the deadline' })
  overdue!: number;

  @ApiProperty()
  returned!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'onTime / total, percent (1 decimal)' })
  onTimeRate!: number | null;
}

/** The office's acknowledgement board (签收情况). */
export class AckBoardDto {
  @ApiProperty({ type: [AckRateDto] })
  rates!: AckRateDto[];

  @ApiProperty({ type: [AckItemDto], description: 'Pending, not yet overdue (at most 200)' })
  pending!: AckItemDto[];

  @ApiProperty({ type: [AckItemDto], description: 'Pending past the deadline (at most 200)' })
  overdue!: AckItemDto[];

  @ApiProperty({
    type: [AckItemDto],
    description: 'Returned, waiting for the office (at most 200)',
  })
  returned!: AckItemDto[];
}
