import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, OpenToRestrictedSessions, OwnAccount, Public } from './auth-user';
import { AuthService } from './auth.service';
import {
  ChangePasswordDto,
  PasswordChangedDto,
  TotpConfirmDto,
  TotpEnabledDto,
  TotpSetupDto,
} from './dto/account-self.dto';
import {
  LoginDto,
  LoginResponseDto,
  RefreshDto,
  SecondFactorChallengeDto,
  SecondFactorLoginDto,
  SessionUserDto,
  TokenPairDto,
} from './dto/login.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { PasswordsService } from './passwords.service';
import { SecondFactorService } from './second-factor.service';

@ApiTags('auth')
@Controller('auth')
@ApiExtraModels(LoginResponseDto, SecondFactorChallengeDto)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordsService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      "登录 (10 attempts per minute per IP; the account locks after the policy's failures). With a second factor: answers a challenge for POST /auth/login/totp",
  })
  @ApiOkResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(LoginResponseDto) },
        { $ref: getSchemaPath(SecondFactorChallengeDto) },
      ],
    },
  })
  login(@Body() dto: LoginDto): Promise<LoginResponseDto | SecondFactorChallengeDto> {
    return this.auth.login(dto);
  }

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('login/totp')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '登录第二步:动态验证码(TOTP)或恢复码' })
  @ApiOkResponse({ type: LoginResponseDto })
  loginSecondStep(@Body() dto: SecondFactorLoginDto): Promise<LoginResponseDto> {
    return this.auth.loginSecondStep(dto.challengeToken, dto.code);
  }

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      '用刷新令牌换取新的访问令牌与刷新令牌(旧刷新令牌随即作废;重复使用已作废的令牌会注销该用户的全部登录)',
  })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '注销:结束本次登录,其访问令牌与刷新令牌随即失效' })
  logout(@Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @OpenToRestrictedSessions('password', 'totp_enrol')
  @ApiOperation({ summary: '当前登录用户' })
  @ApiOkResponse({ type: SessionUserDto })
  me(@CurrentUser() user: AuthUser): Promise<SessionUserDto> {
    return this.auth.me(user);
  }

  @Post('password')
  @OwnAccount()
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @OpenToRestrictedSessions('password', 'totp_enrol')
  @ApiOperation({
    summary: '修改本人密码(校验安全策略;其他登录随即结束)',
  })
  @ApiOkResponse({ type: PasswordChangedDto })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
  ): Promise<PasswordChangedDto> {
    return this.passwords.changeOwn(user, dto);
  }

  @Post('totp/setup')
  @OwnAccount()
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @OpenToRestrictedSessions('totp_enrol')
  @ApiOperation({ summary: '绑定双因素认证:生成密钥(在验证器中添加后确认)' })
  @ApiOkResponse({ type: TotpSetupDto })
  totpSetup(@CurrentUser() user: AuthUser): Promise<TotpSetupDto> {
    return this.secondFactor.setup(user);
  }

  @Post('totp/confirm')
  @OwnAccount()
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @OpenToRestrictedSessions('totp_enrol')
  @ApiOperation({ summary: '确认绑定:输入验证器显示的验证码,返回仅显示一次的恢复码' })
  @ApiOkResponse({ type: TotpEnabledDto })
  totpConfirm(@CurrentUser() user: AuthUser, @Body() dto: TotpConfirmDto): Promise<TotpEnabledDto> {
    return this.secondFactor.confirm(user, dto.code);
  }
}
