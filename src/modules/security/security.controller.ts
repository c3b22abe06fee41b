import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { SecurityPolicyService } from '../auth/security-policy.service';
import { AccountsService } from './accounts.service';
import {
  AccountDto,
  SecurityPolicyDto,
  SetRoleDto,
  TemporaryPasswordDto,
} from './dto/security.dto';

const uuid = new ParseUUIDPipe();

/** The security administrator's routes (安全管理员): the policy and the accounts, no business data. */
@ApiTags('security')
@ApiBearerAuth()
@Controller('security')
@Roles(Role.SECURITY_ADMIN)
export class SecurityController {
  constructor(
    private readonly policy: SecurityPolicyService,
    private readonly accounts: AccountsService,
  ) {}

  @Get('policy')
  @ApiOperation({ summary: '安全策略:登录失败锁定、密码规则、会话时限、双因素认证' })
  @ApiOkResponse({ type: SecurityPolicyDto })
  getPolicy(): Promise<SecurityPolicyDto> {
    return this.policy.get();
  }

  @Put('policy')
  @ApiOperation({ summary: '修改安全策略(记入审计,含修改前后)' })
  @ApiOkResponse({ type: SecurityPolicyDto })
  setPolicy(
    @CurrentUser() user: AuthUser,
    @Body() dto: SecurityPolicyDto,
  ): Promise<SecurityPolicyDto> {
    return this.policy.update(user.id, dto);
  }

  @Get('accounts')
  @ApiOperation({ summary: '账号列表:角色、部门、锁定、停用、双因素、密码修改时间' })
  @ApiOkResponse({ type: [AccountDto] })
  list(): Promise<AccountDto[]> {
    return this.accounts.list();
  }

  @Post('accounts/:id/unlock')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '解除登录锁定' })
  @ApiOkResponse({ type: AccountDto })
  unlock(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AccountDto> {
    return this.accounts.unlock(user.id, id);
  }

  @Post('accounts/:id/reset-password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '重置密码:返回仅显示一次的临时密码,下次登录须修改;其登录全部结束' })
  @ApiOkResponse({ type: TemporaryPasswordDto })
  resetPassword(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
  ): Promise<TemporaryPasswordDto> {
    return this.accounts.resetPassword(user.id, id);
  }

  @Post('accounts/:id/reset-totp')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '重置双因素认证(更换设备、丢失恢复码);其登录全部结束' })
  @ApiOkResponse({ type: AccountDto })
  resetTotp(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AccountDto> {
    return this.accounts.resetTotp(user.id, id);
  }

  @Post('accounts/:id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '停用账号:其令牌随即失效' })
  @ApiOkResponse({ type: AccountDto })
  disable(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AccountDto> {
    return this.accounts.setActive(user.id, id, false);
  }

  @Post('accounts/:id/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '启用账号' })
  @ApiOkResponse({ type: AccountDto })
  enable(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AccountDto> {
    return this.accounts.setActive(user.id, id, true);
  }

  @Put('accounts/:id/role')
  @ApiOperation({ summary: '分配角色(不能改本人;不能任命安全管理员;须保留一名可用的安全管理员)' })
  @ApiOkResponse({ type: AccountDto })
  setRole(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: SetRoleDto,
  ): Promise<AccountDto> {
    return this.accounts.setRole(user.id, id, dto.role);
  }
}
