import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';

export class SetLeaderDepartmentsDto {
  @ApiProperty({
    type: [String],
    description: 'The departments under this leader (分管部门); an empty list removes them all',
  })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  departmentIds!: string[];
}

export class LeaderDepartmentsDto {
  @ApiProperty({ format: 'uuid' })
  personId!: string;

  @ApiProperty({ type: [Object], example: [{ id: '…', name: '省民政厅' }] })
  departments!: { id: string; name: string }[];
}

export class SetPersonRegionDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    description: 'The region whose supervision office the person works in; null = the top office',
  })
  @IsOptional()
  @IsUUID()
  regionId!: string | null;
}
