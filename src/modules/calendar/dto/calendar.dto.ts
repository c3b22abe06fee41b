import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  IsObject,
  ValidateNested,
} from 'class-validator';
import type { CalendarDayKind } from '../../../generated/prisma/enums';

const KINDS: CalendarDayKind[] = ['HOLIDAY', 'MAKEUP_WORKDAY'];

export class CalendarDayDto {
  @ApiProperty({ example: '2026-10-01', description: 'YYYY-MM-DD' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  date!: string;

  @ApiProperty({
    enum: KINDS,
    description:
      'HOLIDAY: a day off (any day); MAKEUP_WORKDAY: a working Saturday or Sunday (调休)',
  })
  @IsIn(KINDS)
  kind!: CalendarDayKind;

  @ApiPropertyOptional({ type: String, example: '国庆节', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  name?: string | null;
}

export class ReplaceCalendarYearDto {
  @ApiProperty({ description: 'true while the State Council notice for the year is not out' })
  @IsBoolean()
  provisional!: boolean;

  @ApiProperty({
    type: [CalendarDayDto],
    description: 'every exception of the year; replaces them all',
  })
  @IsArray()
  @ArrayMaxSize(366)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  days!: CalendarDayDto[];
}

export class CalendarYearSummaryDto {
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'no notice yet (or no data at all): weekends only or an estimate' })
  provisional!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'chinese-days@1.5.7' })
  source!: string | null;
  @ApiProperty() holidays!: number;
  @ApiProperty() makeupWorkdays!: number;
  @ApiProperty({ nullable: true, type: Date }) updatedAt!: Date | null;
}

export class CalendarYearDto extends CalendarYearSummaryDto {
  @ApiProperty({ type: [CalendarDayDto] }) days!: CalendarDayDto[];
}

export class MovedDto {
  @ApiProperty() reminders!: number;
  @ApiProperty() escalations!: number;
}

export class ReplaceCalendarYearResultDto {
  @ApiProperty() year!: number;
  @ApiProperty() provisional!: boolean;
  @ApiProperty() holidays!: number;
  @ApiProperty() makeupWorkdays!: number;
  @ApiProperty({ type: MovedDto, description: 'pending items re-planned because their date moved' })
  moved!: MovedDto & Record<string, number>;
}

export class CalendarReloadResultDto {
  @ApiProperty({ description: 'true: the snapshot was reloaded from PostgreSQL' })
  reloaded!: boolean;
}
