import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { writeChunks } from '../../common/http/write-chunks';
import { Role } from '../../generated/prisma/enums';
import { Roles } from '../auth/auth-user';
import { AuditSearchService } from './audit-search.service';
import { AuditTrailService } from './audit-trail.service';
import { AuditEventPageDto } from './dto/audit-page.dto';
import { AuditExportQuery } from './dto/audit-export.query';
import { AuditPageQuery, SignInPageQuery } from './dto/audit-search.query';

/**
 * The audit trail and the sign-in log, for the auditor (安全审计员) only: read and export, never
 * write (三员分立; the roles guard refuses the auditor every method but GET).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Roles(Role.AUDITOR)
@Controller('audit')
export class AuditorController {
  constructor(
    private readonly search: AuditSearchService,
    private readonly trail: AuditTrailService,
  ) {}

  @Get('events')
  @ApiOperation({
    summary: '审计记录(最新在前,分页):按时间段、操作人、动作前缀、对象筛选',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  events(@Query() q: AuditPageQuery): Promise<AuditEventPageDto> {
    return this.search.events(q);
  }

  @Get('sign-ins')
  @ApiOperation({
    summary: '登录日志(auth.* 事件:登录成功与失败、退出、锁定、令牌重用、密码变更等),最新在前,分页',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  signIns(@Query() q: SignInPageQuery): Promise<AuditEventPageDto> {
    return this.search.signIns(q);
  }

  @Get('export')
  @ApiOperation({
    summary:
      '导出某一时间段(北京时间,含首尾两天,最长 366 天)的审计记录,可按操作人、动作前缀、对象筛选:CSV(Excel 可直接打开)或 JSON。每次导出本身记入审计(audit.exported)',
  })
  @ApiProduces('text/csv', 'application/json')
  async export(@Query() q: AuditExportQuery, @Res() res: Response): Promise<void> {
    const { period, filter } = await this.search.startExport(q);
    const name = `audit-${period.from}_${period.to}.${q.format}`;
    res.status(200);
    res.setHeader(
      'content-type',
      q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    );
    res.setHeader('content-disposition', `attachment; filename="${name}"`);
    res.setHeader('cache-control', 'no-store');
    await writeChunks(res, this.trail.exportChunks(period, q.format, undefined, filter));
  }
}
