import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { BUSINESS_ROLES, type Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { MyTaskDto } from './dto/my-task.dto';
import { MyTasksQuery } from './dto/my-tasks.query';
import { TaskDetailDto } from './dto/task-detail.dto';
import { TaskIdPipe } from '../../common/http/task-id.pipe';
import { TaskReadsService } from './task-reads.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(private readonly tasks: TaskReadsService) {}

  @Get('me/tasks')
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({ summary: '本部门的任务(牵头与配合),逾期在前' })
  @ApiOkResponse({ type: [MyTaskDto] })
  listMine(@CurrentUser() user: AuthUser, @Query() query: MyTasksQuery): Promise<MyTaskDto[]> {
    return this.tasks.listMine(user, query);
  }

  @Get('tasks/:id')
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({ summary: '任务详情:分工、最近 20 条进展、督办记录' })
  @ApiOkResponse({ type: TaskDetailDto })
  detail(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
  ): Promise<TaskDetailDto> {
    return this.tasks.detail(scope, id);
  }
}
