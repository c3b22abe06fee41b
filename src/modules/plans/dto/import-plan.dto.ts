import { IntRange, MAX_INT } from '../../../common/dto/bounds';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OptionalNestedArray } from '../../../common/dto/optional-nested-array';

/** Multipart fields arrive as strings: "true"/"false" become booleans, JSON objects are parsed. */
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const fromJson = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

export class UnitCorrectionDto {
  @ApiProperty({ description: 'The unit as printed in the document' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  printed!: string;

  @ApiPropertyOptional({ description: 'Map to this existing department (saved as an alias)' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ description: 'Create a new department for it' })
  @IsOptional()
  @IsBoolean()
  create?: boolean;

  @ApiPropertyOptional({ description: 'Name of the department to create (default: as printed)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'Save the printed form as an alias (default true)' })
  @IsOptional()
  @IsBoolean()
  saveAlias?: boolean;
}

export class ItemCorrectionDto {
  @ApiProperty()
  @IntRange(1, MAX_INT)
  no!: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  lead?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  support?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-12-31',
    description: 'null = ongoing',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  dueOn?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  skip?: boolean;

  @ApiPropertyOptional({
    description:
      'The reading of an item that needs review (its `review` reasons) was looked at and is right as it stands',
  })
  @IsOptional()
  @IsBoolean()
  confirmed?: boolean;
}

export class ImportCorrectionsDto {
  @OptionalNestedArray(UnitCorrectionDto, 2000)
  units?: UnitCorrectionDto[];

  @OptionalNestedArray(ItemCorrectionDto, 5000)
  items?: ItemCorrectionDto[];
}

export class ImportPlanDto {
  @ApiProperty({
    enum: ['preview', 'commit'],
    description: 'preview shows what would be created; commit creates it',
  })
  @IsIn(['preview', 'commit'])
  mode!: 'preview' | 'commit';

  @ApiPropertyOptional({ description: 'The document as text (alternative to uploading `file`)' })
  // Not IsOptional, which lets null through: `text: null` reached the importer (a 500).
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(5_000_000)
  text?: string;

  @ApiPropertyOptional({ description: 'File name shown in the plan and in errors' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  sourceName?: string;

  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'Deadline for items that state none; omitted = ongoing',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  defaultDueOn?: string;

  @ApiPropertyOptional({
    description:
      "A locality's own plan: match (and create) units in this region's directory instead of the top office's",
  })
  @IsOptional()
  @IsUUID()
  regionId?: string;

  @ApiPropertyOptional({
    description: 'Create every unit the directory does not know (after checking the preview)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  createUnknownUnits?: boolean;

  @ApiPropertyOptional({
    description:
      'Confirm, all at once, the reading of every item that needs review and was neither confirmed nor corrected (audited as such)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  confirmAllReview?: boolean;

  @ApiPropertyOptional({
    type: ImportCorrectionsDto,
    description: 'Corrections from the preview (JSON; a string field in multipart uploads)',
  })
  @IsOptional()
  // A returned value skips @Type, so the nested DTO is built here (for JSON bodies and multipart strings).
  @Transform(({ value }) => {
    const parsed = fromJson({ value });
    return parsed && typeof parsed === 'object'
      ? plainToInstance(ImportCorrectionsDto, parsed)
      : parsed;
  })
  @ValidateNested()
  corrections?: ImportCorrectionsDto;
}
