import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Role } from '../../../generated/prisma/enums';

export class LoginDto {
  @ApiProperty({ example: 'liaison.mz' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  username!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

export class DepartmentRefDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '省民政厅' })
  name!: string;
}

export class SessionUserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty({ example: '张三' })
  displayName!: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  role!: Role;

  @ApiProperty({ type: DepartmentRefDto, nullable: true })
  department!: DepartmentRefDto | null;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the last refresh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken!: string;
}

export class TokenPairDto {
  @ApiProperty()
  accessToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn!: number;

  @ApiProperty({
    description:
      'Opaque; exchange it at POST /auth/refresh (once: each use returns a new one) or revoke it at POST /auth/logout',
  })
  refreshToken!: string;

  @ApiProperty({ description: 'Seconds until the refresh token expires', example: 2592000 })
  refreshExpiresIn!: number;
}

export class LoginResponseDto extends TokenPairDto {
  @ApiProperty({ type: SessionUserDto })
  user!: SessionUserDto;
}
