import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';
import { Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { TaskIdPipe } from '../../common/http/task-id.pipe';
import { AuditTrailService } from './audit-trail.service';
import { AuditEventDto } from './dto/audit-event.dto';

/**
 * A task's history, for the supervision office and administrators. The whole trail (events,
 * sign-in log, export) is the auditor's alone: auditor.controller.ts.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Roles(Role.SUPERVISOR, Role.ADMIN)
@Controller()
export class AuditController {
  constructor(private readonly trail: AuditTrailService) {}

  @Get('tasks/:id/history')
  @ApiOperation({
    summary: '任务的完整履历:任务本身的事件,以及其申请、报告、督办等(data.taskId 指向该任务)的事件',
  })
  @ApiOkResponse({ type: [AuditEventDto] })
  history(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
  ): Promise<AuditEventDto[]> {
    return this.trail.taskHistory(scope, id);
  }
}
