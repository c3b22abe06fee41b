import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { CalendarAdminService } from './calendar-admin.service';
import {
  CalendarReloadResultDto,
  CalendarYearDto,
  CalendarYearSummaryDto,
  ReplaceCalendarYearDto,
  ReplaceCalendarYearResultDto,
} from './dto/calendar.dto';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly admin: CalendarAdminService) {}

  @Get('years')
  @Roles('ADMIN', 'SUPERVISOR', 'LEADER')
  @ApiOperation({ summary: '各年度节假日与调休:年份、是否暂定、来源、天数' })
  @ApiOkResponse({ type: [CalendarYearSummaryDto] })
  listYears(): Promise<CalendarYearSummaryDto[]> {
    return this.admin.listYears();
  }

  @Get('years/:year')
  @Roles('ADMIN', 'SUPERVISOR', 'LEADER')
  @ApiOperation({ summary: '某一年的节假日与调休上班日' })
  @ApiOkResponse({ type: CalendarYearDto })
  getYear(@Param('year') year: string): Promise<CalendarYearDto> {
    return this.admin.getYear(year);
  }

  @Put('years/:year')
  @Roles('ADMIN')
  @ApiOperation({
    summary: '替换某一年的节假日与调休(国务院通知发布后),并重新安排受影响的提醒与督办',
  })
  @ApiOkResponse({ type: ReplaceCalendarYearResultDto })
  replaceYear(
    @CurrentUser() user: AuthUser,
    @Param('year') year: string,
    @Body() dto: ReplaceCalendarYearDto,
  ): Promise<ReplaceCalendarYearResultDto> {
    return this.admin.replaceYear(user.id, year, dto);
  }

  @Post('reload')
  @Roles('ADMIN')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '从数据库重新载入工作日历' })
  @ApiOkResponse({ type: CalendarReloadResultDto })
  reload(): Promise<CalendarReloadResultDto> {
    return this.admin.reload();
  }
}
