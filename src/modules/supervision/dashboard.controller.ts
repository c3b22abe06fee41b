import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';
import { Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { AssessmentService } from './assessment.service';
import { AssessmentRowDto } from './dto/assessment.dto';
import {
  ByDepartmentQuery,
  OverdueByDepartmentDto,
  PeriodQuery,
  StatsQuery,
  StatsRowDto,
  TrendMonthDto,
  TrendQuery,
} from './dto/stats.dto';
import { SupervisionStatsService } from './supervision-stats.service';
import { EVERY_ROLE } from './task-lists.controller';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class DashboardController {
  constructor(
    private readonly stats: SupervisionStatsService,
    private readonly assessment: AssessmentService,
  ) {}

  @Get('overdue/by-department')
  @Roles(...EVERY_ROLE)
  @ApiOperation({ summary: '各部门逾期任务数(牵头/配合)' })
  @ApiOkResponse({ type: [OverdueByDepartmentDto] })
  overdueByDepartment(
    @CurrentScope() scope: Scope,
    @Query() q: ByDepartmentQuery,
  ): Promise<OverdueByDepartmentDto[]> {
    return this.stats.overdueByDepartment(scope, q);
  }

  @Get('stats')
  @Roles(...EVERY_ROLE)
  @ApiOperation({ summary: '按部门、章节或方案统计:总数、在办、办结、逾期、按期办结率' })
  @ApiOkResponse({ type: [StatsRowDto] })
  byGroup(@CurrentScope() scope: Scope, @Query() q: StatsQuery): Promise<StatsRowDto[]> {
    return this.stats.stats(scope, q);
  }

  @Get('stats/trend')
  @Roles(...EVERY_ROLE)
  @ApiOperation({ summary: '逐月趋势:当月到期、按期办结、逾期、办结数与按期办结率' })
  @ApiOkResponse({ type: [TrendMonthDto] })
  trend(@CurrentScope() scope: Scope, @Query() q: TrendQuery): Promise<TrendMonthDto[]> {
    return this.stats.trend(scope, q);
  }

  @Get('assessment')
  @Roles(Role.SUPERVISOR, Role.ADMIN, Role.LEADER)
  @ApiOperation({
    summary:
      '部门考核排名:100 分减去逾期(牵头、配合)与未回应督办通知的扣分,扣分规则按方案配置(plan policy 的 assessment)',
  })
  @ApiOkResponse({ type: [AssessmentRowDto] })
  assess(@CurrentScope() scope: Scope, @Query() q: PeriodQuery): Promise<AssessmentRowDto[]> {
    return this.assessment.assess(scope, q);
  }
}
