import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  Max,
  Min,
} from 'class-validator';
import { Role } from '../../../generated/prisma/enums';
import { DepartmentRefDto } from '../../auth/dto/login.dto';
import type { SecurityPolicy } from '../../auth/security-policy';

/** The security policy as set and read by the security administrator (every field required). */
export class SecurityPolicyDto implements SecurityPolicy {
  @ApiProperty({
    minimum: 1,
    maximum: 100,
    example: 5,
    description: 'Failed sign-ins that lock the account',
  })
  @IsInt()
  @Min(1)
  @Max(100)
  lockoutMaxFailures!: number;

  @ApiProperty({
    minimum: 1,
    maximum: 1440,
    example: 15,
    description: 'Window the failures are counted in',
  })
  @IsInt()
  @Min(1)
  @Max(1440)
  lockoutWindowMinutes!: number;

  @ApiProperty({
    minimum: 1,
    maximum: 10080,
    example: 30,
    description: 'How long the account stays locked',
  })
  @IsInt()
  @Min(1)
  @Max(10080)
  lockoutMinutes!: number;

  @ApiProperty({ minimum: 8, maximum: 128, example: 8 })
  @IsInt()
  @Min(8)
  @Max(128)
  passwordMinLength!: number;

  @ApiProperty({
    minimum: 1,
    maximum: 4,
    example: 3,
    description: 'Of lower, upper, digit, symbol',
  })
  @IsInt()
  @Min(1)
  @Max(4)
  passwordMinClasses!: number;

  @ApiProperty({ description: 'The password may not contain the username (case-insensitive)' })
  @IsBoolean()
  passwordForbidUsername!: boolean;

  @ApiProperty({
    minimum: 0,
    maximum: 24,
    example: 5,
    description: 'Not one of the last N passwords (0: no check)',
  })
  @IsInt()
  @Min(0)
  @Max(24)
  passwordHistory!: number;

  @ApiProperty({
    minimum: 0,
    maximum: 3650,
    example: 90,
    description: 'Password expiry in days (0: never)',
  })
  @IsInt()
  @Min(0)
  @Max(3650)
  passwordMaxAgeDays!: number;

  @ApiProperty({ description: 'A new account must change its password at first sign-in' })
  @IsBoolean()
  passwordChangeAtFirstSignIn!: boolean;

  @ApiProperty({ description: 'A reset password must be changed at the next sign-in' })
  @IsBoolean()
  passwordChangeAfterReset!: boolean;

  @ApiProperty({
    minimum: 5,
    maximum: 1440,
    example: 30,
    description: 'Session ends after this long without a request',
  })
  @IsInt()
  @Min(5)
  @Max(1440)
  sessionIdleMinutes!: number;

  @ApiProperty({
    minimum: 1,
    maximum: 720,
    example: 12,
    description: 'Session ends this long after sign-in',
  })
  @IsInt()
  @Min(1)
  @Max(720)
  sessionAbsoluteHours!: number;

  @ApiProperty({
    enum: Role,
    enumName: 'Role',
    isArray: true,
    description: 'Roles that must use a second factor',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  twoFactorRequiredRoles!: Role[];
}

/** An account as the security administrator sees it: no business data. */
export class AccountDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  role!: Role;

  @ApiProperty({ type: DepartmentRefDto, nullable: true })
  department!: DepartmentRefDto | null;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set while locked',
  })
  lockedUntil!: string | null;

  @ApiProperty({ description: 'Failed sign-ins counted in the current window' })
  failedLogins!: number;

  @ApiProperty()
  totpEnabled!: boolean;

  @ApiProperty({ format: 'date-time' })
  passwordChangedAt!: string;

  @ApiProperty()
  mustChangePassword!: boolean;
}

export class SetRoleDto {
  @ApiProperty({ enum: Role, enumName: 'Role' })
  @IsEnum(Role)
  role!: Role;
}

export class TemporaryPasswordDto {
  @ApiProperty({
    description: 'Shown once; the person must change it at the next sign-in (policy)',
  })
  temporaryPassword!: string;
}
