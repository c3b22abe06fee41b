import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { Writable } from 'node:stream';
import { CSV_BOM, csvLine } from '../../common/csv';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { Scope } from '../auth/scope';
import { CalendarService } from '../calendar/calendar.service';
import { BUSINESS_ZONE, fromDbDate, LocalDate, localDateOf } from '../../common/time/local-date';
import { STATE_LABELS } from '../tasks/domain/task-state-machine';
import { reportByline } from '../tasks/dto/progress-report.dto';
import { OPEN_STATUSES } from '../tasks/task-deadline';
import { WORK_SOURCE_LABELS } from '../tasks/work-source';
import { LedgerQuery } from './dto/export.dto';
import { LedgerCursor, LedgerDbRow, selectLedgerBatch } from './ledger.sql';

/** Rows read per query: memory stays flat however large the ledger. */
export const LEDGER_BATCH = 2000;

const LEVEL_LABELS: Record<string, string> = {
  URGING: '催办',
  SUPERVISION: '督办',
  RED_CARD: '红牌',
  LAGGING: '进度预警',
};

/** The ledger's columns, in order: header (Chinese) and width in the workbook. */
export const LEDGER_COLUMNS = [
  { key: 'source', header: '来源', width: 12 },
  { key: 'plan', header: '方案或来源文件', width: 28 },
  { key: 'documentNumber', header: '文号', width: 20 },
  { key: 'region', header: '地区', width: 10 },
  { key: 'chapter', header: '章节', width: 20 },
  { key: 'no', header: '序号', width: 6 },
  { key: 'text', header: '任务内容', width: 50 },
  { key: 'department', header: '责任单位', width: 18 },
  { key: 'role', header: '角色', width: 6 },
  { key: 'status', header: '状态', width: 12 },
  { key: 'dueOn', header: '完成时限', width: 12 },
  { key: 'workingDaysOverdue', header: '逾期工作日', width: 10 },
  { key: 'percent', header: '本单位进度(%)', width: 10 },
  { key: 'lastReportAt', header: '最近报告时间', width: 18 },
  { key: 'lastReport', header: '最近报告内容', width: 40 },
  { key: 'notices', header: '督办记录', width: 40 },
  { key: 'card', header: '警示', width: 6 },
  { key: 'closedOn', header: '办结日期', width: 12 },
  { key: 'taskId', header: '任务ID', width: 38 },
] as const;
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number]['key'];
export type LedgerRow = Record<LedgerColumn, string | number | null>;

const stamp = (d: Date) =>
  DateTime.fromJSDate(d, { zone: BUSINESS_ZONE }).toFormat('yyyy-MM-dd HH:mm');

/**
 * The supervision ledger (督查台账): one row per task and assigned department, with status,
 * deadline, the department's last report and the notices of the current deadline. Written as
 * .xlsx (exceljs streaming writer) or CSV (UTF-8 BOM, formula-injection safe), read in batches.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
  ) {}

  /** The ledger's rows in order (plan, item number, lead before supporting), read by keyset. */
  async *rows(scope: Scope, q: LedgerQuery, batch = LEDGER_BATCH): AsyncGenerator<LedgerRow> {
    const today = localDateOf(this.clock.now());
    const calendar = this.calendars.current();
    let after: LedgerCursor | null = null;
    for (;;) {
      const rows: LedgerDbRow[] = await this.prisma.$queryRaw<LedgerDbRow[]>(
        selectLedgerBatch(q, scope.departmentIds, after, batch),
      );
      for (const r of rows) yield toLedgerRow(r, today, calendar);
      if (rows.length < batch) return;
      const last = rows[rows.length - 1]!;
      after = {
        planId: last.plan_id,
        no: last.no,
        ordinal: last.ordinal,
        departmentId: last.department_id,
      };
    }
  }

  /** CSV chunks: BOM and header, then one line per row. */
  async *csv(scope: Scope, q: LedgerQuery): AsyncGenerator<string> {
    yield CSV_BOM + csvLine(LEDGER_COLUMNS.map((c) => c.header));
    for await (const row of this.rows(scope, q)) {
      yield csvLine(LEDGER_COLUMNS.map((c) => row[c.key]));
    }
  }

  /** Streams the workbook (one sheet, 督查台账) to `out`. */
  async xlsx(scope: Scope, q: LedgerQuery, out: Writable): Promise<void> {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const ws = wb.addWorksheet('督查台账', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = LEDGER_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    for await (const row of this.rows(scope, q)) ws.addRow(row).commit();
    ws.commit();
    await wb.commit();
  }
}

function toLedgerRow(
  r: LedgerDbRow,
  today: LocalDate,
  calendar: ReturnType<CalendarService['current']>,
): LedgerRow {
  const dueOn = r.due_on ? fromDbDate(r.due_on) : null;
  const open = OPEN_STATUSES.includes(r.status);
  const overdue = open && dueOn !== null && dueOn < today;
  const levels = (r.notices ?? []).map((n) => n.level);
  return {
    source: WORK_SOURCE_LABELS[r.source],
    plan: r.plan_title,
    documentNumber: r.document_number,
    // The top office's own work has no region: its own level (本级).
    region: r.region_name ?? '本级',
    chapter: r.chapter_title,
    no: r.no,
    text: r.text,
    department: r.department_name,
    role: r.role === 'LEAD' ? '牵头' : '配合',
    status: STATE_LABELS[r.status],
    dueOn: dueOn ?? '持续推进',
    workingDaysOverdue: overdue ? calendar.workingDaysAfter(dueOn, today) : 0,
    percent: r.percent,
    lastReportAt: r.report_at ? stamp(r.report_at) : null,
    lastReport: r.report_at
      ? `${r.report_percent ?? 0}%:${r.report_narrative ?? ''}` +
        (r.report_on_behalf
          ? `(${reportByline({ author: '', actingFor: null, onBehalfChannel: r.report_on_behalf })})`
          : '')
      : null,
    notices:
      (r.notices ?? [])
        .map(
          (n) =>
            `${LEVEL_LABELS[n.level] ?? n.level}${n.notice_no ? ` ${n.notice_no}` : ''}(${stamp(new Date(n.at))})`,
        )
        .join(';') || null,
    card: levels.includes('RED_CARD')
      ? '红牌'
      : levels.includes('SUPERVISION') || (levels.includes('LAGGING') && !overdue)
        ? '黄牌'
        : null,
    closedOn: r.status === 'CLOSED' && r.closed_at ? localDateOf(r.closed_at) : null,
    taskId: r.task_id,
  };
}
