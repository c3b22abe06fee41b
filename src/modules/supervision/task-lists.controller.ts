import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';
import { Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { DueSoonQuery, StalledQuery, SupervisionTaskDto, TaskListQuery } from './dto/task-list.dto';
import { TaskListsService } from './task-lists.service';

/** Every role reads the lists: the office all tasks, a leader their departments', a department its own. */
export const EVERY_ROLE = [Role.SUPERVISOR, Role.ADMIN, Role.LEADER, Role.HEAD, Role.LIAISON];

@ApiTags('supervision')
@ApiBearerAuth()
@Roles(...EVERY_ROLE)
@Controller('supervision')
export class TaskListsController {
  constructor(private readonly lists: TaskListsService) {}

  @Get('overdue')
  @ApiOperation({ summary: '逾期未办结任务,默认按逾期工作日降序' })
  @ApiOkResponse({ type: [SupervisionTaskDto] })
  overdue(@CurrentScope() scope: Scope, @Query() q: TaskListQuery): Promise<SupervisionTaskDto[]> {
    return this.lists.overdue(scope, q);
  }

  @Get('due-soon')
  @ApiOperation({ summary: '临近完成时限(今后 N 个工作日内,默认 5)的未办结任务' })
  @ApiOkResponse({ type: [SupervisionTaskDto] })
  dueSoon(@CurrentScope() scope: Scope, @Query() q: DueSoonQuery): Promise<SupervisionTaskDto[]> {
    return this.lists.dueSoon(scope, q);
  }

  @Get('lagging')
  @ApiOperation({ summary: '进度滞后:报告进度低于序时进度达到方案规定的百分点' })
  @ApiOkResponse({ type: [SupervisionTaskDto] })
  lagging(@CurrentScope() scope: Scope, @Query() q: TaskListQuery): Promise<SupervisionTaskDto[]> {
    return this.lists.lagging(scope, q);
  }

  @Get('stalled')
  @ApiOperation({ summary: '长期未报告:N 个工作日(默认按方案规定,20)没有进展报告的未办结任务' })
  @ApiOkResponse({ type: [SupervisionTaskDto] })
  stalled(@CurrentScope() scope: Scope, @Query() q: StalledQuery): Promise<SupervisionTaskDto[]> {
    return this.lists.stalled(scope, q);
  }

  @Get('disputed')
  @ApiOperation({ summary: '职责异议待裁定的任务' })
  @ApiOkResponse({ type: [SupervisionTaskDto] })
  disputed(@CurrentScope() scope: Scope, @Query() q: TaskListQuery): Promise<SupervisionTaskDto[]> {
    return this.lists.disputed(scope, q);
  }
}
