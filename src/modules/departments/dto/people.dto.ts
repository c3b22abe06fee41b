import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { Role } from '../../../generated/prisma/enums';
import { DepartmentRefDto } from '../../auth/dto/login.dto';

export class CreatePersonDto {
  @ApiProperty({ example: 'liaison.mz', description: '2–64 letters, digits or . _ @ -' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: '张三' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({ minLength: 8, description: 'Initial password (at least 8 characters)' })
  @IsString()
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  @IsEnum(Role)
  role!: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for LIAISON and HEAD' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "SUPERVISOR of a region's office (omitted = the top office)",
  })
  @IsOptional()
  @IsUUID()
  regionId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(30)
  phone?: string;
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) role!: Role;
  @ApiProperty({ type: DepartmentRefDto, nullable: true }) department!: {
    id: string;
    name: string;
  } | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "A region office's supervisor: the region",
  })
  regionId!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({
    type: [DepartmentRefDto],
    description: 'For a leader: the departments under them',
  })
  leaderDepartments!: { id: string; name: string }[];
}

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

  @ApiProperty({ type: [DepartmentRefDto], example: [{ id: '…', name: '省民政厅' }] })
  departments!: { id: string; name: string }[];
}

export class SetPersonRegionDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The region whose supervision office the person works in; null = the top office',
  })
  @IsOptional()
  @IsUUID()
  regionId!: string | null;
}
