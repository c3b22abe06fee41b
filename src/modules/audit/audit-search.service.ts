import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { BUSINESS_ZONE, isLocalDate } from '../../common/time/local-date';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AccessDeniedAuditor } from './access-denied.auditor';
import { AuditFilter, AuditTrailRow, selectAuditPage } from './audit-search.sql';
import { AuditTrailService, ExportPeriod, toDto } from './audit-trail.service';
import { AuditService } from './audit.service';
import { invalidAuditQuery } from './audit.errors';
import { AuditEventPageDto, AuditTrailEventDto } from './dto/audit-page.dto';
import type { AuditExportQuery } from './dto/audit-export.query';
import type { AuditFilterQuery, AuditPageQuery, SignInPageQuery } from './dto/audit-search.query';

/** The sign-in log is the trail restricted to these actions (shared contract with the auth module). */
export const SIGN_IN_PREFIX = 'auth.';
const DEFAULT_PAGE = 50;

function toTrailDto(r: AuditTrailRow): AuditTrailEventDto {
  return {
    ...toDto(r),
    subject: r.subject_id
      ? { id: r.subject_id, name: r.subject_name ?? '', username: r.subject_username ?? '' }
      : null,
  };
}

/** The field filters of a query, as the SQL takes them. */
const fieldsOf = (q: AuditFilterQuery): AuditFilter => ({
  actor: q.actor || undefined,
  actionPrefix: q.action || undefined,
  entityType: q.entityType || undefined,
  entityId: q.entityId || undefined,
});

/**
 * The auditor's reading of the trail (安全审计员): pages of events and of the sign-in log, and the
 * export, which is itself recorded (`audit.exported`). Refusals of the minutes that are over are
 * rolled up first, so that the auditor sees them without waiting for the scheduler's tick.
 */
@Injectable()
export class AuditSearchService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly trail: AuditTrailService,
    private readonly denials: AccessDeniedAuditor,
  ) {}

  async events(q: AuditPageQuery): Promise<AuditEventPageDto> {
    return this.page({ ...this.range(q.from, q.to), ...fieldsOf(q) }, q.before, q.limit);
  }

  /** The sign-in log: `auth.*` events; an action filter narrows within them. */
  async signIns(q: SignInPageQuery): Promise<AuditEventPageDto> {
    const action = q.action?.startsWith(SIGN_IN_PREFIX) ? q.action : SIGN_IN_PREFIX;
    return this.page(
      { ...this.range(q.from, q.to), actionPrefix: action, username: q.username || undefined },
      q.before,
      q.limit,
    );
  }

  /**
   * Checks the export's period, and records the export (who, the period, the format and the
   * filters) before the first byte leaves: an export that fails half-way is still on record.
   */
  async startExport(q: AuditExportQuery): Promise<{ period: ExportPeriod; filter: AuditFilter }> {
    const period = this.trail.period(q.from, q.to);
    const filter = fieldsOf(q);
    await this.denials.rollUp();
    await this.audit.record(this.prisma, {
      action: 'audit.exported',
      entityType: 'audit_trail',
      entityId: `${period.from}_${period.to}`,
      data: { from: period.from, to: period.to, format: q.format, filter },
    });
    return { period, filter };
  }

  private async page(
    filter: AuditFilter,
    before: string | undefined,
    limit = DEFAULT_PAGE,
  ): Promise<AuditEventPageDto> {
    await this.denials.rollUp();
    const rows = await this.prisma.$queryRaw<AuditTrailRow[]>(
      selectAuditPage(filter, before ? BigInt(before) : null, limit),
    );
    const items = rows.slice(0, limit).map(toTrailDto);
    return {
      items,
      nextBefore: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null,
    };
  }

  /** Optional Shanghai days, both ends included, as [start, end) instants. */
  private range(from?: string, to?: string): Pick<AuditFilter, 'start' | 'end'> {
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value !== undefined && !isLocalDate(value)) {
        throw invalidAuditQuery({
          field,
          reason: '必须是日期,格式为 YYYY-MM-DD',
          constraint: 'isDate',
        });
      }
    }
    if (from && to && to < from) {
      throw invalidAuditQuery({ field: 'to', reason: '不能早于起始日期', constraint: 'afterFrom' });
    }
    const day = (d: string) => DateTime.fromISO(d, { zone: BUSINESS_ZONE });
    return {
      start: from ? day(from).toJSDate() : undefined,
      end: to ? day(to).plus({ days: 1 }).toJSDate() : undefined,
    };
  }
}
