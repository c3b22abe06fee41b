import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';

/** Multipart fields arrive as strings: "true"/"false" become booleans. */
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ImportPlanDto {
  @ApiProperty({
    enum: ['preview', 'commit'],
    description: 'preview shows what would be created; commit creates it',
  })
  @IsIn(['preview', 'commit'])
  mode!: 'preview' | 'commit';

  @ApiPropertyOptional({ description: 'The document as text (alternative to uploading `file`)' })
  @IsOptional()
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
    description: 'Create the units the directory does not know (after checking the preview)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  createUnknownUnits?: boolean;
}
