import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { DateTime } from 'luxon';
import { BUSINESS_ZONE } from '../../common/time/local-date';
import { Period, periodProblem } from '../../common/time/period';
import { CSV_BOM, csvLine } from '../../common/csv';
import { invalidExportPeriod, taskNotFound } from './audit.errors';
import { taskOutOfScope } from '../auth/auth.errors';
import type { Scope } from '../auth/scope';
import { AuditFilter, filterConditions } from './audit-search.sql';
import {
  AuditEventRow,
  selectAuditBatch,
  selectTaskHistory,
  selectTaskInScope,
} from './audit-trail.sql';
import { AuditEventDto } from './dto/audit-event.dto';

/** The longest period one export may cover, in days (both ends included). */
export const MAX_EXPORT_DAYS = 366;
/** Rows read per query while exporting: memory stays flat however long the period. */
export const EXPORT_BATCH = 1000;

export const CSV_HEADER = [
  '序号',
  '时间(北京时间)',
  '操作人',
  '操作人账号',
  '操作人ID',
  '动作',
  '对象类型',
  '对象ID',
  '变更前',
  '变更后',
  '详情',
  '请求编号',
  '来源IP',
];

export function toDto(r: AuditEventRow): AuditEventDto {
  return {
    id: r.id.toString(),
    at: r.at.toISOString(),
    actor: r.actor_id
      ? { id: r.actor_id, name: r.actor_name ?? '', username: r.actor_username ?? '' }
      : null,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    data: r.data,
    before: r.before ?? null,
    after: r.after ?? null,
    requestId: r.request_id,
    sourceIp: r.source_ip,
  };
}

const json = (v: unknown) => (v == null ? null : JSON.stringify(v));

function toCsv(r: AuditEventRow): string {
  return csvLine([
    r.id.toString(),
    DateTime.fromJSDate(r.at, { zone: BUSINESS_ZONE }).toFormat('yyyy-MM-dd HH:mm:ss.SSS'),
    r.actor_name ?? (r.actor_id ? '' : '系统'),
    r.actor_username,
    r.actor_id,
    r.action,
    r.entity_type,
    r.entity_id,
    json(r.before),
    json(r.after),
    json(r.data),
    r.request_id,
    r.source_ip,
  ]);
}

export interface ExportPeriod extends Period {
  /** [start, end) in UTC instants. */
  start: Date;
  end: Date;
}

/** Reads the audit trail: a task's history and the office's export for a period. */
@Injectable()
export class AuditTrailService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Everything recorded about a task, oldest first: events on the task itself (entityType 'task',
   * entityId = the task), and events on anything else that names the task in `data.taskId`
   * (requests and decisions, reports, notices, refused attempts).
   */
  async taskHistory(scope: Scope, taskId: string): Promise<AuditEventDto[]> {
    const [task] = await this.prisma.$queryRaw<{ in_scope: boolean }[]>(
      selectTaskInScope(scope, taskId),
    );
    if (!task) throw taskNotFound();
    if (!task.in_scope) throw taskOutOfScope();
    const rows = await this.prisma.$queryRaw<AuditEventRow[]>(selectTaskHistory(taskId));
    return rows.map(toDto);
  }

  /** Checks a period of Shanghai calendar days, both ends included, at most MAX_EXPORT_DAYS long. */
  period(from: string, to: string): ExportPeriod {
    const problem = periodProblem(
      from,
      to,
      MAX_EXPORT_DAYS,
      `导出的时间段不能超过 ${MAX_EXPORT_DAYS} 天,请分段导出`,
    );
    if (problem) throw invalidExportPeriod(problem);
    const start = DateTime.fromISO(from, { zone: BUSINESS_ZONE }).toJSDate();
    const end = DateTime.fromISO(to, { zone: BUSINESS_ZONE }).plus({ days: 1 }).toJSDate();
    return { from, to, start, end };
  }

  /** The period's events (those `filter` keeps) in order, read in batches by keyset (at, id). */
  async *rows(
    p: ExportPeriod,
    batch = EXPORT_BATCH,
    filter: AuditFilter = {},
  ): AsyncGenerator<AuditEventRow> {
    let after: { at: Date; id: bigint } | null = null;
    const where = filterConditions({ ...filter, start: undefined, end: undefined });
    for (;;) {
      const rows: AuditEventRow[] = await this.prisma.$queryRaw<AuditEventRow[]>(
        selectAuditBatch(p.start, p.end, after, batch, where),
      );
      yield* rows;
      if (rows.length < batch) return;
      const last = rows[rows.length - 1]!;
      after = { at: last.at, id: last.id };
    }
  }

  /** The export as chunks of text: CSV (BOM, header, one line per event) or a JSON array. */
  async *exportChunks(
    p: ExportPeriod,
    format: 'csv' | 'json',
    batch?: number,
    filter: AuditFilter = {},
  ): AsyncGenerator<string> {
    if (format === 'csv') {
      yield CSV_BOM + csvLine(CSV_HEADER);
      for await (const r of this.rows(p, batch, filter)) yield toCsv(r);
      return;
    }
    yield '[';
    let first = true;
    for await (const r of this.rows(p, batch, filter)) {
      yield (first ? '\n' : ',\n') + JSON.stringify(toDto(r));
      first = false;
    }
    yield '\n]\n';
  }
}
