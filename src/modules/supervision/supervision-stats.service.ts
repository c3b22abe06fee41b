import { Injectable } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { boardOfficeOf, regionInScope, type Scope } from '../auth/scope';
import { WORK_SOURCE_LABELS } from '../tasks/work-source';
import type { WorkSource } from '../../generated/prisma/enums';
import { localDateOf } from '../../common/time/local-date';
import {
  ByDepartmentQuery,
  OverdueByDepartmentDto,
  StatsQuery,
  StatsRowDto,
  TrendMonthDto,
  TrendQuery,
} from './dto/stats.dto';
import { resolvePeriod } from './period';
import {
  OverdueByDepartmentRow,
  selectOverdueByDepartment,
  selectStats,
  selectTrend,
  StatsCountRow,
  TrendRow,
} from './supervision-stats.sql';

/** Of the deadlines already decided (met, missed, or passed while open), the share met. */
export function onTimeRate(onTime: number, late: number, overdue: number): number | null {
  const decided = onTime + late + overdue;
  return decided === 0 ? null : onTime / decided;
}

/**
 * Dashboard counts: open, closed, overdue and on-time rate by department, chapter and plan, the
 * monthly trend, and overdue counts by department. One grouped query each; scoped by
 * the caller's Scope (a department's caller sees its own rows, a leader those of their departments).
 */
@Injectable()
export class SupervisionStatsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async stats(scope: Scope, q: StatsQuery): Promise<StatsRowDto[]> {
    // A region out of scope counts nothing (its existence is not revealed).
    if (q.regionId && !regionInScope(scope, q.regionId)) return [];
    const today = localDateOf(this.clock.now());
    const rows = await this.prisma.$queryRaw<StatsCountRow[]>(
      selectStats(q, today, scope.departmentIds),
    );
    return rows.map((r) => ({
      id: r.id,
      name: q.groupBy === 'source' ? WORK_SOURCE_LABELS[r.id as WorkSource] : r.name,
      total: r.total,
      open: r.open,
      closed: r.closed,
      overdue: r.overdue,
      closedOnTime: r.closed_on_time,
      closedLate: r.closed_late,
      onTimeRate: onTimeRate(r.closed_on_time, r.closed_late, r.overdue),
      ...(r.overdue_lead === undefined
        ? {}
        : { overdueLead: r.overdue_lead, overdueSupport: r.overdue_support }),
    }));
  }

  /** Month by month: deadlines falling due, met and missed; closures. */
  async trend(scope: Scope, q: TrendQuery): Promise<TrendMonthDto[]> {
    const today = localDateOf(this.clock.now());
    const period = resolvePeriod(q.from, q.to, today);
    const rows = await this.prisma.$queryRaw<TrendRow[]>(
      selectTrend(q, period, today, scope.departmentIds),
    );
    return rows.map((r) => ({
      month: r.month,
      due: r.due,
      closedOnTime: r.closed_on_time,
      missed: r.missed,
      closed: r.closed,
      onTimeRate: onTimeRate(r.closed_on_time, r.missed, 0),
    }));
  }

  /** Overdue open tasks per assigned department, split by lead and supporting role. */
  async overdueByDepartment(scope: Scope, q: ByDepartmentQuery): Promise<OverdueByDepartmentDto[]> {
    if (q.regionId && !regionInScope(scope, q.regionId)) return [];
    const today = localDateOf(this.clock.now());
    const rows = await this.prisma.$queryRaw<OverdueByDepartmentRow[]>(
      selectOverdueByDepartment(q, today, scope.departmentIds, boardOfficeOf(scope)),
    );
    return rows.map((r) => ({
      departmentId: r.department_id,
      departmentName: r.department_name,
      overdueLead: r.overdue_lead,
      overdueSupport: r.overdue_support,
      total: r.total,
    }));
  }
}
