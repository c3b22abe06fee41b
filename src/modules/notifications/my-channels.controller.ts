import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, OwnAccount } from '../auth/auth-user';
import { ChannelPreferencesService } from './channel-preferences.service';
import { MyChannelsDto, SetChannelsDto } from './dto/channels.dto';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('me/channels')
export class MyChannelsController {
  constructor(private readonly preferences: ChannelPreferencesService) {}

  @Get()
  @ApiOperation({ summary: '我的接收渠道,以及当前可用的渠道' })
  @ApiOkResponse({ type: MyChannelsDto })
  get(@CurrentUser() user: AuthUser): Promise<MyChannelsDto> {
    return this.preferences.get(user.id);
  }

  @Put()
  @OwnAccount()
  @ApiOperation({
    summary: '设置接收渠道(至少一个;站内消息始终保留;未选的渠道只对非紧急消息静音)',
  })
  @ApiOkResponse({ type: MyChannelsDto })
  set(@CurrentUser() user: AuthUser, @Body() dto: SetChannelsDto): Promise<MyChannelsDto> {
    return this.preferences.set(user.id, dto.channels);
  }
}
