import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { writeChunks } from '../../common/http/write-chunks';
import { Role } from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { localDateOf } from '../../common/time/local-date';
import { renderBulletin } from './bulletin-text';
import { BulletinService } from './bulletin.service';
import { BulletinDto } from './dto/bulletin.dto';
import { BulletinQuery, LedgerQuery } from './dto/export.dto';
import { LedgerService } from './ledger.service';
import { EVERY_ROLE } from './task-lists.controller';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class ExportsController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly bulletin: BulletinService,
    private readonly clock: Clock,
  ) {}

  @Get('ledger')
  @Roles(...EVERY_ROLE)
  @ApiOperation({
    summary: '督查台账:每个任务×责任单位一行(状态、时限、最近报告、督办记录),Excel(.xlsx)或 CSV',
  })
  @ApiProduces(XLSX, 'text/csv')
  async ledgerExport(
    @CurrentScope() scope: Scope,
    @Query() q: LedgerQuery,
    @Res() res: Response,
  ): Promise<void> {
    const name = `督查台账-${localDateOf(this.clock.now())}.${q.format}`;
    res.status(200);
    res.setHeader('content-type', q.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
    res.setHeader(
      'content-disposition',
      `attachment; filename="ledger.${q.format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    res.setHeader('cache-control', 'no-store');
    if (q.format === 'csv') return writeChunks(res, this.ledger.csv(scope, q));
    try {
      await this.ledger.xlsx(scope, q, res);
    } catch (e) {
      res.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  }

  @Get('bulletin')
  @Roles(Role.SUPERVISOR, Role.ADMIN, Role.LEADER)
  @ApiOperation({
    summary: '通报草稿:期间内总体情况、办结事项、逾期事项与滞后单位;JSON 或中文 Markdown 文本',
  })
  @ApiProduces('application/json', 'text/markdown')
  @ApiOkResponse({ type: BulletinDto })
  async bulletinDraft(
    @CurrentScope() scope: Scope,
    @Query() q: BulletinQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BulletinDto | string> {
    const draft = await this.bulletin.draft(scope, q);
    if (q.format === 'json') return draft;
    res.setHeader('content-type', 'text/markdown; charset=utf-8');
    return renderBulletin(draft);
  }
}
