import { ApiProperty } from '@nestjs/swagger';
import { DueSource } from '../../../generated/prisma/enums';
import type { PlanDeadline, PlanTarget } from '../import/plan-document.types';
import type {
  PlanDiff,
  PlanImportCounts,
  PlanImportPreview,
  PlanImportResult,
  PreviewItem,
  PreviewUnit,
} from '../plan-import.types';
import type { ReviewStatus } from '../plan-review';

/** The response shapes of POST /plans/import (types in plan-import.types.ts), for the OpenAPI document. */
export class UnitSuggestionDto {
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'Similarity 0..1' })
  score!: number;
}

export class PreviewUnitDto implements PreviewUnit {
  @ApiProperty({ description: 'The unit as printed in the plan' })
  printed!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  departmentId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  departmentName!: string | null;

  @ApiProperty({ enum: ['name', 'alias', 'level-prefix', 'correction'], nullable: true })
  matchedBy!: 'name' | 'alias' | 'level-prefix' | 'correction' | null;

  @ApiProperty()
  isCollective!: boolean;

  @ApiProperty({ description: 'Created by the import' })
  willBeCreated!: boolean;

  @ApiProperty({ type: [UnitSuggestionDto], description: 'Near misses for an unmatched unit' })
  suggestions!: UnitSuggestionDto[];
}

export class PreviewItemDto implements PreviewItem {
  @ApiProperty()
  no!: number;

  @ApiProperty({ type: String, nullable: true })
  chapter!: string | null;

  @ApiProperty({ type: String, nullable: true })
  section!: string | null;

  @ApiProperty()
  text!: string;

  @ApiProperty({ type: [String] })
  lead!: string[];

  @ApiProperty({ type: [String] })
  support!: string[];

  @ApiProperty({ type: [String] })
  leaders!: string[];

  @ApiProperty({ type: String, nullable: true })
  dueOn!: string | null;

  @ApiProperty({ enum: DueSource, enumName: 'DueSource' })
  dueSource!: DueSource;

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Deadline phrases' })
  deadlines!: PlanDeadline[];

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Quantified targets' })
  targets!: PlanTarget[];

  @ApiProperty({ description: 'Any correction was applied to this item' })
  corrected!: boolean;

  @ApiProperty({
    type: [String],
    description: "Why the reading needs a person's look (Chinese); empty when it does not",
  })
  review!: string[];

  @ApiProperty({ enum: ['none', 'pending', 'confirmed', 'corrected', 'skipped'] })
  reviewStatus!: ReviewStatus;
}

export class PlanImportCountsDto implements PlanImportCounts {
  @ApiProperty()
  items!: number;

  @ApiProperty()
  chapters!: number;

  @ApiProperty()
  sections!: number;

  @ApiProperty()
  assignments!: number;

  @ApiProperty()
  units!: number;

  @ApiProperty()
  newUnits!: number;
}

export class ChangedItemDto {
  @ApiProperty()
  no!: number;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: ['text', 'lead', 'support', 'dueOn', 'restored'] },
  })
  fields!: ('text' | 'lead' | 'support' | 'dueOn' | 'restored')[];
}

export class PlanDiffDto implements PlanDiff {
  @ApiProperty({ type: [Number] })
  added!: number[];

  @ApiProperty({ type: [ChangedItemDto] })
  changed!: ChangedItemDto[];

  @ApiProperty({ type: [Number] })
  removed!: number[];

  @ApiProperty()
  unchanged!: number;
}

export class PlanWarningDto {
  @ApiProperty({ description: '1-based line number in the source text' })
  line!: number;

  @ApiProperty()
  message!: string;
}

export class PlanRevisionRefDto {
  @ApiProperty({ format: 'uuid' })
  planId!: string;

  @ApiProperty()
  version!: number;
}

export class PendingRemindersDto {
  @ApiProperty()
  pending!: number;

  @ApiProperty()
  skipped!: number;
}

export class PlanImportPreviewDto implements PlanImportPreview {
  @ApiProperty({ enum: ['preview'] })
  mode!: 'preview';

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: String, nullable: true })
  documentNumber!: string | null;

  @ApiProperty({ type: String, nullable: true })
  issuedOn!: string | null;

  @ApiProperty()
  contentHash!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Set when this exact document was imported before',
  })
  existingPlanId!: string | null;

  @ApiProperty({
    type: PlanRevisionRefDto,
    nullable: true,
    description: 'Set when the document is a new version of a known plan',
  })
  revisionOf!: PlanRevisionRefDto | null;

  @ApiProperty({ type: PlanDiffDto, nullable: true })
  diff!: PlanDiffDto | null;

  @ApiProperty({ type: PlanImportCountsDto })
  counts!: PlanImportCountsDto;

  @ApiProperty({ type: [PreviewUnitDto] })
  units!: PreviewUnitDto[];

  @ApiProperty({ type: [String] })
  unknownUnits!: string[];

  @ApiProperty()
  reviewCount!: number;

  @ApiProperty({ type: [Number] })
  reviewItems!: number[];

  @ApiProperty({ type: [Number], description: 'A commit is refused while any remain' })
  unconfirmedReviewItems!: number[];

  @ApiProperty({ type: [PreviewItemDto], description: 'Items needing review first' })
  items!: PreviewItemDto[];

  @ApiProperty({ type: [PlanWarningDto] })
  warnings!: PlanWarningDto[];
}

export class PlanImportResultDto implements PlanImportResult {
  @ApiProperty({ enum: ['commit'] })
  mode!: 'commit';

  @ApiProperty({ format: 'uuid' })
  planId!: string;

  @ApiProperty()
  created!: boolean;

  @ApiProperty({ description: "The plan's version after this import" })
  version!: number;

  @ApiProperty({ type: PlanDiffDto, nullable: true })
  diff!: PlanDiffDto | null;

  @ApiProperty({ type: PlanImportCountsDto })
  counts!: PlanImportCountsDto;

  @ApiProperty({ type: PendingRemindersDto })
  reminders!: PendingRemindersDto;

  @ApiProperty({ type: [PlanWarningDto] })
  warnings!: PlanWarningDto[];
}
