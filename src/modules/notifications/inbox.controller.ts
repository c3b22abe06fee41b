import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, OwnAccount } from '../auth/auth-user';
import { InboxChannel } from './channels/inbox.channel';
import { CountDto, InboxMessageDto, InboxQuery } from './dto/inbox.dto';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('me/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxChannel) {}

  @Get()
  @ApiOperation({ summary: '我的站内消息,最新的在前(unread=true 只看未读)' })
  @ApiOkResponse({ type: [InboxMessageDto] })
  list(@CurrentUser() user: AuthUser, @Query() query: InboxQuery): Promise<InboxMessageDto[]> {
    return this.inbox.list(user.id, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: '未读站内消息数' })
  @ApiOkResponse({ type: CountDto })
  async unreadCount(@CurrentUser() user: AuthUser): Promise<CountDto> {
    return { count: await this.inbox.unreadCount(user.id) };
  }

  @Post('read-all')
  @OwnAccount()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '全部标为已读;返回本次标记的条数' })
  @ApiOkResponse({ type: CountDto })
  async readAll(@CurrentUser() user: AuthUser): Promise<CountDto> {
    return { count: await this.inbox.markAllRead(user.id) };
  }

  @Post(':id/read')
  @OwnAccount()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '标为已读(只能标记自己的消息,他人的消息答 404)' })
  markRead(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.inbox.markRead(user.id, id);
  }
}
