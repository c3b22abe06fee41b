import { IntRange, MAX_INT } from '../../../common/dto/bounds';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Matches,
  MaxLength,
} from 'class-validator';
import { toArray } from '../../../common/dto/multipart-values';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** A required free-text field: at least one non-blank character, at most `max`. */
const RequiredText = (max: number, description?: string) =>
  applyDecorators(
    ApiProperty({ maxLength: max, ...(description ? { description } : {}) }),
    IsString(),
    IsNotEmpty(),
    Matches(/\S/),
    MaxLength(max),
  );

/** An optional free-text field of at most `max` characters. */
const OptionalText = (max: number) =>
  applyDecorators(
    ApiPropertyOptional({ maxLength: max }),
    IsOptional(),
    IsString(),
    MaxLength(max),
  );

/**
 * The task version the caller read (a newer one is a 409). Required on a department's request,
 * optional on the office's decisions.
 */
const TaskVersion = (opts: { optional?: boolean } = {}) =>
  opts.optional
    ? applyDecorators(
        ApiPropertyOptional({ minimum: 0, description: 'The task version read (optional)' }),
        IsOptional(),
        Transform(toInt),
        IntRange(0, MAX_INT),
      )
    : applyDecorators(ApiProperty({ minimum: 0 }), Transform(toInt), IntRange(0, MAX_INT));

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ClosureRequestDto {
  @RequiredText(4000, '办结情况:做了什么、达到什么目标')
  summary!: string;

  @OptionalText(2000)
  reason?: string;

  /** 上级交办 / 人大建议 / 政协提案: the reply's text, when no reply file or link is attached. */
  @OptionalText(20000)
  reply?: string;

  @ApiProperty({
    minimum: 0,
    description: 'The task version read; a newer one is a 409 STALE_VERSION',
  })
  @Transform(toInt)
  @IntRange(0, MAX_INT)
  version!: number;

  @ApiPropertyOptional({ type: [String], description: 'Evidence links (http/https), at most 10' })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(10)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { each: true })
  @MaxLength(2000, { each: true })
  links?: string[];
}

export class ExtensionRequestDto {
  @RequiredText(2000)
  reason!: string;

  @ApiProperty({ example: '2027-03-31' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  proposedDueOn!: string;

  @TaskVersion()
  version!: number;
}

export class DisputeRequestDto {
  @RequiredText(2000, '异议理由:为何本部门不应承担该任务')
  reason!: string;

  @TaskVersion()
  version!: number;
}

export class ApproveRequestDto {
  @OptionalText(2000)
  reason?: string;

  @TaskVersion({ optional: true })
  version?: number;
}

export class RejectRequestDto {
  @RequiredText(2000, '退回或不予同意的理由')
  reason!: string;

  @TaskVersion({ optional: true })
  version?: number;
}

export class UpholdRequestDto extends ApproveRequestDto {}

export class ReassignRequestDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'New lead departments' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  leadDepartmentIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'New supporting departments',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  supportDepartmentIds?: string[];

  @OptionalText(2000)
  reason?: string;

  @TaskVersion({ optional: true })
  version?: number;
}

export class SubDeadlineDto {
  @ApiProperty({ example: '2026-12-20', description: 'Must not be after the task due date' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  subDueOn!: string;
}

export class RequestQueueQuery {
  @ApiPropertyOptional({ enum: ['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'] })
  @IsOptional()
  @IsIn(['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'])
  status?: 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';

  @ApiPropertyOptional({ enum: ['CLOSURE', 'EXTENSION', 'DISPUTE'] })
  @IsOptional()
  @IsIn(['CLOSURE', 'EXTENSION', 'DISPUTE'])
  kind?: 'CLOSURE' | 'EXTENSION' | 'DISPUTE';
}

export interface EvidenceView {
  id: string;
  kind: 'LINK' | 'FILE';
  url: string | null;
  fileName: string | null;
  size: number | null;
  mimeType: string | null;
  sha256: string | null;
  createdAt: Date;
}

export interface RequestView {
  id: string;
  taskId: string;
  departmentId: string;
  kind: 'CLOSURE' | 'EXTENSION' | 'DISPUTE';
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';
  reason: string;
  summary: string | null;
  proposedDueOn: string | null;
  requestedById: string;
  requestedAt: Date;
  decidedById: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  evidence: EvidenceView[];
  /** Closure review chain: the stage that waits (null once decided, or not a closure). */
  stage: 'HEAD' | 'OFFICE' | 'LEADER' | null;
  /** The chain's steps in order (empty for extensions and disputes). */
  steps: ReviewStepView[];
}

/** One step of a closure's review chain, as the task page shows it. */
export interface ReviewStepView {
  stage: 'HEAD' | 'OFFICE' | 'LEADER';
  stageLabel: string;
  status: 'PENDING' | 'APPROVED' | 'RETURNED' | 'SKIPPED';
  /** When the step began to wait (null = not reached yet). */
  enteredAt: Date | null;
  decidedBy: string | null;
  /** A deputy (委托) decided: the holder they acted for. */
  actingFor: string | null;
  /** 张三 or 张三(代李四). */
  byline: string | null;
  reason: string | null;
  decidedAt: Date | null;
}

/** A request with the task's status and version after the call (send the version back next time). */
export interface RequestResult {
  request: RequestView;
  task: { id: string; status: string; version: number; dueOn: string | null };
}
