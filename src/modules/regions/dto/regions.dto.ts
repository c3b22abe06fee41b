import { HasVisibleText } from '../../../common/dto/visible-text';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { RegionLevel } from '../../../generated/prisma/enums';

export class CreateRegionDto {
  @ApiProperty({ example: '320100', description: 'Administrative division code' })
  @IsString()
  @Matches(/^\d{6,12}$/, { message: '地区代码应为 6 至 12 位数字' })
  code!: string;

  @ApiProperty({ example: '南京市' })
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  @HasVisibleText(2)
  name!: string;

  @ApiProperty({ enum: RegionLevel })
  @IsIn(Object.values(RegionLevel))
  level!: RegionLevel;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The region above; omitted = directly below the office',
  })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class MoveRegionDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The new region above; null = directly below the office',
  })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  parentId!: string | null;
}

export class DeriveCounterpartsDto {
  @ApiProperty({
    type: [String],
    description: 'Regions whose departments are derived from the level above',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  regionIds!: string[];
}

export class CounterpartLinkDto {
  @ApiProperty({ format: 'uuid', description: 'A department of the level above' })
  @IsUUID()
  departmentId!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Its counterpart in the region; null removes the link',
  })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  counterpartId!: string | null;
}

export class SetCounterpartsDto {
  @ApiProperty({ type: [CounterpartLinkDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CounterpartLinkDto)
  links!: CounterpartLinkDto[];
}
