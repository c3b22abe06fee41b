import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { writeChunks } from '../../common/http/write-chunks';
import { Role } from '../../generated/prisma/enums';
import { Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { TaskIdPipe } from '../../common/http/task-id.pipe';
import { AuditTrailService } from './audit-trail.service';
import { AuditEventDto } from './dto/audit-event.dto';
import { AuditExportQuery } from './dto/audit-export.query';

/** The audit trail, read-only, for the supervision office and administrators, within their scope. */
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

  @Get('audit/export')
  @ApiOperation({
    summary:
      '导出某一时间段(北京时间,含首尾两天,最长 366 天)的审计记录:CSV(Excel 可直接打开)或 JSON',
  })
  @ApiProduces('text/csv', 'application/json')
  async export(
    @CurrentScope() scope: Scope,
    @Query() q: AuditExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const period = this.trail.period(q.from, q.to);
    const name = `audit-${period.from}_${period.to}.${q.format}`;
    res.status(200);
    res.setHeader(
      'content-type',
      q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    );
    res.setHeader('content-disposition', `attachment; filename="${name}"`);
    res.setHeader('cache-control', 'no-store');
    await writeChunks(res, this.trail.exportChunks(scope, period, q.format));
  }
}
