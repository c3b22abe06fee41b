import { ApiProperty } from '@nestjs/swagger';
import { RegionLevel } from '../../../generated/prisma/enums';
import type { DeriveResult } from '../counterparts.service';
import type { RegionView } from '../regions.service';

/** The response shapes of the regions API, for the OpenAPI document (and the web's types). */
export class RegionViewDto implements RegionView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '320100' })
  code!: string;

  @ApiProperty({ example: '南京市' })
  name!: string;

  @ApiProperty({ enum: RegionLevel, enumName: 'RegionLevel' })
  level!: RegionLevel;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  parentId!: string | null;

  @ApiProperty()
  departmentCount!: number;
}

export class UnmappedDepartmentsDto {
  @ApiProperty({ format: 'uuid' })
  regionId!: string;

  @ApiProperty()
  regionName!: string;

  @ApiProperty({
    type: [String],
    description: 'Departments of the level above with no counterpart',
  })
  departments!: string[];
}

export class DeriveResultDto implements DeriveResult {
  @ApiProperty()
  regions!: number;

  @ApiProperty({ description: 'Departments created in the regions' })
  created!: number;

  @ApiProperty({ description: 'Counterpart links written' })
  linked!: number;

  @ApiProperty({ type: [UnmappedDepartmentsDto] })
  unmapped!: UnmappedDepartmentsDto[];
}
