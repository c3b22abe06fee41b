import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({
    description: 'Checked against the security policy (length, classes, username, history)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  newPassword!: string;
}

export class PasswordChangedDto {
  @ApiProperty({ description: 'Other sessions of the person that were ended' })
  otherSessionsEnded!: number;

  @ApiProperty({ description: 'The role needs a second factor not yet set up: enrol next' })
  totpEnrolmentRequired!: boolean;
}

export class TotpSetupDto {
  @ApiProperty({ description: 'Base32 secret, for manual entry in an authenticator app' })
  secret!: string;

  @ApiProperty({ example: 'otpauth://totp/%E7%9D%A3%E5%8A%9E%E7%B3%BB%E7%BB%9F:zhang?secret=…' })
  otpauthUrl!: string;

  @ApiProperty({ description: 'The otpauth URL as a QR code (PNG data URL)' })
  qrDataUrl!: string;
}

export class TotpConfirmDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: '请输入验证器显示的 6 位数字' })
  code!: string;
}

export class TotpEnabledDto {
  @ApiProperty({
    type: [String],
    description: 'One-time recovery codes, shown this once (only their hashes are kept)',
  })
  recoveryCodes!: string[];
}
