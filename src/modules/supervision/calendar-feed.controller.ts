import { Controller, Get, Header, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';
import { AuthUser, CurrentUser, Public, Roles } from '../auth/auth-user';
import { CalendarFeedService } from './calendar-feed.service';
import { CalendarFeedDto } from './dto/calendar-feed.dto';

@ApiTags('supervision')
@Controller('supervision/calendar-feeds')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Post(':departmentId/rotate')
  @ApiBearerAuth()
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary: '为部门生成新的日历订阅地址(旧地址随即失效);令牌只显示这一次',
  })
  @ApiCreatedResponse({ type: CalendarFeedDto })
  rotate(
    @CurrentUser() user: AuthUser,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
  ): Promise<CalendarFeedDto> {
    return this.feeds.rotate(user.id, departmentId);
  }

  @Get(':token/deadlines.ics')
  @Public()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'private, max-age=300')
  @ApiOperation({ summary: '部门督办事项完成时限的 iCal 订阅(地址中含私有令牌,无需登录)' })
  @ApiProduces('text/calendar')
  feed(@Param('token') token: string): Promise<string> {
    return this.feeds.feed(token);
  }
}
