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

  @ApiProperty({ description: 'A second factor (TOTP) is set up' })
  totpEnabled!: boolean;

  @ApiProperty({
    description: 'What the current session may do',
    enum: ['full', 'password', 'totp_enrol'],
  })
  sessionScope!: 'full' | 'password' | 'totp_enrol';
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
  @ApiProperty({ description: 'false: signed in (see SecondFactorChallengeDto for true)' })
  secondFactorRequired!: false;

  @ApiProperty({ type: SessionUserDto })
  user!: SessionUserDto;

  @ApiProperty({
    description:
      'The password must be changed (expired, new account or reset): the token can only call POST /auth/password, GET /auth/me and POST /auth/logout',
  })
  passwordChangeRequired!: boolean;

  @ApiProperty({
    description:
      'The role needs a second factor that is not set up: the token can only enrol (POST /auth/totp/setup, /auth/totp/confirm), GET /auth/me and POST /auth/logout',
  })
  totpEnrolmentRequired!: boolean;
}

/** The first step of a sign-in with a second factor: answer the challenge at POST /auth/login/totp. */
export class SecondFactorChallengeDto {
  @ApiProperty({ description: 'true: send a TOTP or recovery code with the challenge token' })
  secondFactorRequired!: true;

  @ApiProperty({ description: 'Short-lived; only good for POST /auth/login/totp' })
  challengeToken!: string;

  @ApiProperty({ description: 'Seconds until the challenge expires', example: 300 })
  expiresIn!: number;
}

export class SecondFactorLoginDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  challengeToken!: string;

  @ApiProperty({
    description: 'The 6-digit code of the authenticator, or a recovery code',
    example: '123456',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  code!: string;
}
