import { Injectable } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { Scope } from '../auth/scope';
import { planWhere } from '../auth/scope-where';
import { CalendarService } from '../calendar/calendar.service';
import { fromDbDate, localDateOf } from '../../common/time/local-date';
import { BulletinQuery } from './dto/export.dto';
import { BulletinDto, BulletinTaskDto } from './dto/bulletin.dto';
import { WORK_SOURCE_LABELS } from '../tasks/work-source';
import { resolvePeriod } from './period';
import {
  BulletinLaggardRow,
  BulletinSourceRow,
  bulletinStatements,
  BulletinTaskRow,
  BulletinTotalsRow,
} from './bulletin.sql';

/**
 * The draft bulletin (通报) for a period: totals, what was closed in it, what stands overdue at its
 * end (or today, if it has not ended), and the departments lagging behind.
 */
@Injectable()
export class BulletinService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
  ) {}

  async draft(scope: Scope, q: BulletinQuery): Promise<BulletinDto> {
    const today = localDateOf(this.clock.now());
    const { from, to } = resolvePeriod(q.from, q.to, today);
    const asOf = to < today ? to : today;
    const sql = bulletinStatements(q, scope.departmentIds, { from, to, asOf });
    const [totals] = await this.prisma.$queryRaw<BulletinTotalsRow[]>(sql.totals);
    const bySource = await this.prisma.$queryRaw<BulletinSourceRow[]>(sql.bySource);
    const closed = await this.prisma.$queryRaw<BulletinTaskRow[]>(sql.closed);
    const overdue = await this.prisma.$queryRaw<BulletinTaskRow[]>(sql.overdue);
    const laggards = await this.prisma.$queryRaw<BulletinLaggardRow[]>(sql.laggards);

    // The title of a plan out of scope is not revealed (its tasks are filtered out above).
    const plan = q.planId
      ? await this.prisma.plan.findFirst({
          where: { id: q.planId, ...planWhere(scope) },
          select: { title: true },
        })
      : null;
    const calendar = this.calendars.current();
    const toTask = (r: BulletinTaskRow): BulletinTaskDto => {
      const dueOn = r.due_on ? fromDbDate(r.due_on) : null;
      return {
        taskId: r.task_id,
        planTitle: r.plan_title,
        source: r.source,
        planDocumentNumber: r.document_number,
        no: r.no,
        text: r.text,
        leadDepartments: r.lead_departments ?? [],
        dueOn,
        closedOn: r.closed_on ? fromDbDate(r.closed_on) : null,
        workingDaysOverdue: dueOn && dueOn < asOf ? calendar.workingDaysAfter(dueOn, asOf) : 0,
        card: r.level === 'RED_CARD' ? 'RED' : r.level === 'SUPERVISION' ? 'YELLOW' : null,
      };
    };
    return {
      from,
      to,
      asOf,
      planTitle: plan?.title ?? null,
      sources: q.source && q.source.length > 0 ? q.source : null,
      bySource: bySource.map((b) => ({
        source: b.source,
        label: WORK_SOURCE_LABELS[b.source],
        tasks: b.tasks,
        closed: b.closed,
        overdue: b.overdue,
        closedInPeriod: b.closed_in_period,
      })),
      totals: {
        tasks: totals!.tasks,
        closed: totals!.closed,
        open: totals!.tasks - totals!.closed,
        overdue: totals!.overdue,
        closedInPeriod: totals!.closed_in_period,
        redCardsInPeriod: totals!.red_cards,
      },
      closed: closed.map(toTask),
      overdue: overdue.map(toTask),
      laggards: laggards.map((l) => ({
        departmentId: l.department_id,
        departmentName: l.department_name,
        overdueLead: l.overdue_lead,
        overdueSupport: l.overdue_support,
        redCards: l.red_cards,
      })),
    };
  }
}
