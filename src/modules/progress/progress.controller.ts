import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { BUSINESS_ROLES, type Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { ProgressReportDto } from '../tasks/dto/progress-report.dto';
import { TaskIdPipe } from '../../common/http/task-id.pipe';
import { CreateReportDto, OnBehalfReportDto, ReportCreatedDto } from './dto/create-report.dto';
import { ProgressService } from './progress.service';

@ApiTags('progress')
@ApiBearerAuth()
@Controller('tasks/:id/reports')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @Post()
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({ summary: '提交进展报告(version 为读取到的 reportVersion,过期则 409)' })
  @ApiCreatedResponse({ type: ReportCreatedDto })
  report(
    @CurrentUser() user: AuthUser,
    @Param('id', TaskIdPipe) taskId: string,
    @Body() dto: CreateReportDto,
  ): Promise<ReportCreatedDto> {
    return this.progress.report(user, taskId, dto);
  }

  @Post('on-behalf')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({
    summary:
      '代为录入进展报告(督查室):部门通过电话或纸质材料报送的进展,标记为代为录入(version 为该部门的 reportVersion)',
  })
  @ApiCreatedResponse({ type: ReportCreatedDto })
  reportOnBehalf(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) taskId: string,
    @Body() dto: OnBehalfReportDto,
  ): Promise<ReportCreatedDto> {
    return this.progress.reportOnBehalf(scope, taskId, dto);
  }

  @Get()
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({ summary: '任务的全部进展报告,最新在前' })
  @ApiOkResponse({ type: [ProgressReportDto] })
  list(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) taskId: string,
  ): Promise<ProgressReportDto[]> {
    return this.progress.list(scope, taskId);
  }
}
