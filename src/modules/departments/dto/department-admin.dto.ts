import { HasVisibleText } from '../../../common/dto/visible-text';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';

export class CreateDepartmentDto {
  @ApiProperty({ example: '省卫生健康委' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @HasVisibleText(2)
  name!: string;

  @ApiPropertyOptional({
    description: 'A collective unit (e.g. 省老龄委各成员单位) standing for a group of departments',
  })
  @IsOptional()
  @IsBoolean()
  isCollective?: boolean;
}

export class AddAliasDto {
  @ApiProperty({ example: '人社厅' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @HasVisibleText(1)
  alias!: string;
}

export class SetMembersDto {
  @ApiProperty({ type: [String], description: 'Departments the collective unit stands for' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  memberIds!: string[];
}
