import { IntRange, MAX_INT } from '../../../common/dto/bounds';
import { QueryInt } from '../../../common/dto/query-values';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsUUID,
} from 'class-validator';
import { OptionalNestedArray } from '../../../common/dto/optional-nested-array';
import { CHILD_STATES, type ChildState } from '../child-state';

export class ChildDeadlineDto {
  @ApiProperty({ example: 31 })
  @IntRange(1, MAX_INT)
  no!: number;

  @ApiProperty({ example: '2015-06-30', description: 'Not later than the parent item’s deadline' })
  @IsISO8601({ strict: true })
  dueOn!: string;
}

export class CascadePlanDto {
  @ApiProperty({ enum: ['preview', 'commit'] })
  @IsIn(['preview', 'commit'])
  mode!: 'preview' | 'commit';

  @ApiProperty({ type: [String], description: "Regions directly below the plan's level" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  regionIds!: string[];

  @ApiPropertyOptional({ type: [Number], description: 'Item numbers; omitted = every open item' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IntRange(1, MAX_INT, { each: true })
  items?: number[];

  @OptionalNestedArray(ChildDeadlineDto, 10000, 'Earlier deadlines for the regions')
  deadlines?: ChildDeadlineDto[];

  @ApiPropertyOptional({
    description: 'Leave out supporting departments without a counterpart (lead ones must map)',
  })
  @IsOptional()
  @IsBoolean()
  omitUnmappedSupport?: boolean;

  @ApiPropertyOptional({ description: 'false = create the child plans as drafts; default true' })
  @IsOptional()
  @IsBoolean()
  publish?: boolean;
}

export class ItemLinkDto {
  @ApiProperty({ description: "The item's number in this plan" })
  @IntRange(1, MAX_INT)
  no!: number;

  @ApiProperty({ description: 'The number of the item above that it decomposes' })
  @IntRange(1, MAX_INT)
  parentNo!: number;
}

export class LinkParentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  parentPlanId!: string;

  @OptionalNestedArray(ItemLinkDto, 10000, 'Omitted = link items with equal numbers')
  links?: ItemLinkDto[];
}

export class RollupQueryDto {
  @ApiPropertyOptional({ enum: CHILD_STATES, description: 'Only children in this state' })
  @IsOptional()
  @IsIn([...CHILD_STATES])
  state?: ChildState;

  @ApiPropertyOptional({ default: 100, maximum: 2000 })
  @IsOptional()
  @QueryInt()
  @IntRange(1, 2000)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @QueryInt()
  @IntRange(0, MAX_INT)
  offset?: number;
}
