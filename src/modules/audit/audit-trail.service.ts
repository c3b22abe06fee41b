import { Injectable } from '@nestjs/common';
import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { DateTime } from 'luxon';
import {
  addCalendarDays,
  BUSINESS_ZONE,
  isLocalDate,
  LocalDate,
} from '../../common/time/local-date';
import { CSV_BOM, csvLine } from '../../common/csv';
import { AuditEventDto } from './dto/audit-event.dto';

/** The longest period one export may cover, in days (both ends included). */
export const MAX_EXPORT_DAYS = 366;
/** Rows read per query while exporting: memory stays flat however long the period. */
export const EXPORT_BATCH = 1000;

interface Row {
  id: bigint;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  actor_username: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: unknown;
  before: unknown;
  after: unknown;
  request_id: string | null;
  source_ip: string | null;
}

const SELECT = Prisma.sql`
  SELECT e.id, e.at, e.actor_id, p.display_name AS actor_name, p.username AS actor_username,
         e.action, e.entity_type, e.entity_id, e.data, e.before, e.after, e.request_id, e.source_ip
  FROM audit_event e LEFT JOIN person p ON p.id = e.actor_id`;

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

function toDto(r: Row): AuditEventDto {
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

function toCsv(r: Row): string {
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

export interface ExportPeriod {
  from: LocalDate;
  to: LocalDate;
  /** [start, end) in UTC instants. */
  start: Date;
  end: Date;
}

function invalidPeriod(field: string, reason: string, constraint: string): DomainException {
  return new DomainException(ErrorCode.VALIDATION_FAILED, `提交的内容有误:“${field}”${reason}`, [
    { field, reason, constraint },
  ]);
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
  async taskHistory(taskId: string): Promise<AuditEventDto[]> {
    const task = await this.prisma.task.findUnique({ where: { id: taskId }, select: { id: true } });
    if (!task) throw notFound('该任务');
    const rows = await this.prisma.$queryRaw<Row[]>`${SELECT}
      WHERE (e.entity_type = 'task' AND e.entity_id = ${taskId}) OR e.data->>'taskId' = ${taskId}
      ORDER BY e.at, e.id`;
    return rows.map(toDto);
  }

  /** Checks a period of Shanghai calendar days, both ends included, at most MAX_EXPORT_DAYS long. */
  period(from: string, to: string): ExportPeriod {
    if (!isLocalDate(from)) throw invalidPeriod('from', '必须是日期,格式为 YYYY-MM-DD', 'isDate');
    if (!isLocalDate(to)) throw invalidPeriod('to', '必须是日期,格式为 YYYY-MM-DD', 'isDate');
    if (to < from) throw invalidPeriod('to', '不能早于起始日期', 'afterFrom');
    if (addCalendarDays(from, MAX_EXPORT_DAYS - 1) < to) {
      throw invalidPeriod(
        'to',
        `导出的时间段不能超过 ${MAX_EXPORT_DAYS} 天,请分段导出`,
        'maxPeriod',
      );
    }
    const start = DateTime.fromISO(from, { zone: BUSINESS_ZONE }).toJSDate();
    const end = DateTime.fromISO(to, { zone: BUSINESS_ZONE }).plus({ days: 1 }).toJSDate();
    return { from, to, start, end };
  }

  /** The period's events in order, read in batches by keyset (at, id). */
  async *rows(p: ExportPeriod, batch = EXPORT_BATCH): AsyncGenerator<Row> {
    let after: { at: Date; id: bigint } | null = null;
    for (;;) {
      const cursor: Prisma.Sql = after
        ? Prisma.sql`AND (e.at, e.id) > (${after.at}::timestamptz, ${after.id}::bigint)`
        : Prisma.empty;
      const rows: Row[] = await this.prisma.$queryRaw<Row[]>`${SELECT}
        WHERE e.at >= ${p.start}::timestamptz AND e.at < ${p.end}::timestamptz ${cursor}
        ORDER BY e.at, e.id LIMIT ${batch}`;
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
  ): AsyncGenerator<string> {
    if (format === 'csv') {
      yield CSV_BOM + csvLine(CSV_HEADER);
      for await (const r of this.rows(p, batch)) yield toCsv(r);
      return;
    }
    yield '[';
    let first = true;
    for await (const r of this.rows(p, batch)) {
      yield (first ? '\n' : ',\n') + JSON.stringify(toDto(r));
      first = false;
    }
    yield '\n]\n';
  }
}
