import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { CalendarService } from '../calendar/calendar.service';
import { fromDbDate, instantAt, localDateOf, toDbDate } from '../../common/time/local-date';
import { NotificationsService, OutgoingMessage } from '../notifications/notifications.service';
import { LaggingRules, ONGOING_DUE_ON } from '../plan-policy/plan-policy';
import { quietHoursEnd } from '../plan-policy/quiet-hours';
import { policyOf } from '../plan-policy/resolve-policy';

import { OPEN_STATUSES } from '../tasks/task-deadline';
import { expectedPercent } from './escalation-policy';

interface LaggingRow {
  id: string;
  task_id: string;
  reason: 'behind-schedule' | 'no-report';
  percent: number;
  expected: number | null;
  last_seen: Date;
}

export interface LaggingResult {
  behindSchedule: number;
  noReport: number;
  deliveries: number;
}

/**
 * Yellow warnings before a task is overdue (or for an ongoing one): reported progress far below
 * expected progress (序时进度 = working days elapsed since the task was assigned / working days
 * allowed), or no report for too long. Once per task and deadline, set-based, like the ladder.
 */
@Injectable()
export class LaggingService {
  private readonly logger = new Logger(LaggingService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async sweep(): Promise<LaggingResult> {
    const now = this.clock.now();
    const today = localDateOf(now);
    const calendar = this.calendars.current();
    const plans = await this.prisma.plan.findMany({
      where: { publishedAt: { not: null } },
      select: { id: true, policy: true },
    });
    const { rows, deliveryIds } = await this.prisma.$transaction(
      async (tx) => {
        const rows: LaggingRow[] = [];
        // One pass per distinct lagging policy, not per plan: a national cascade has 1,300 plans.
        const groups = new Map<string, { lagging: LaggingRules; planIds: string[] }>();
        for (const plan of plans) {
          const { lagging } = policyOf(plan.policy);
          const key = JSON.stringify(lagging);
          const g = groups.get(key) ?? { lagging, planIds: [] };
          g.planIds.push(plan.id);
          groups.set(key, g);
        }
        for (const { lagging, planIds } of groups.values()) {
          // Expected progress depends only on (assigned on, due on): computed once per pair.
          const pairs = await tx.$queryRaw<{ start: Date; due_on: Date }[]>`
            SELECT DISTINCT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS start, t.due_on
            FROM task t
            WHERE t.plan_id = ANY(${planIds}::uuid[]) AND t.due_on > ${toDbDate(today)}::date
              AND t.status::text = ANY(${OPEN_STATUSES as string[]}::text[])`;
          const expected = pairs.map((p) =>
            expectedPercent(calendar, fromDbDate(p.start), fromDbDate(p.due_on), today),
          );
          if (pairs.length > 0) {
            rows.push(
              ...(await tx.$queryRaw<LaggingRow[]>`
              INSERT INTO escalation (id, task_id, level, due_on, triggered_at)
              SELECT gen_random_uuid(), t.id, 'LAGGING', t.due_on, ${now}
              FROM task t
              JOIN unnest(${pairs.map((p) => fromDbDate(p.start))}::date[], ${pairs.map((p) => fromDbDate(p.due_on))}::date[],
                          ${expected}::int[]) AS x(start, due_on, expected)
                ON x.start = (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AND x.due_on = t.due_on
              WHERE t.plan_id = ANY(${planIds}::uuid[])
                AND t.status::text = ANY(${OPEN_STATUSES as string[]}::text[])
                AND t.percent <= x.expected - ${lagging.gapPercent}
              ON CONFLICT (task_id, level, due_on) DO NOTHING
              RETURNING id, task_id, 'behind-schedule' AS reason,
                        (SELECT percent FROM task WHERE id = task_id) AS percent,
                        (SELECT x2.expected FROM unnest(${pairs.map((p) => fromDbDate(p.due_on))}::date[], ${expected}::int[]) AS x2(due_on, expected)
                         WHERE x2.due_on = escalation.due_on LIMIT 1) AS expected,
                        triggered_at AS last_seen`),
            );
          }
          // Silent: no report (or none since assignment) for N working days, not yet overdue.
          const silentSince = instantAt(
            calendar.addWorkingDays(today, -lagging.noReportWorkingDays),
            0,
          );
          rows.push(
            ...(await tx.$queryRaw<LaggingRow[]>`
            INSERT INTO escalation (id, task_id, level, due_on, triggered_at)
            SELECT gen_random_uuid(), t.id, 'LAGGING', coalesce(t.due_on, ${ONGOING_DUE_ON}::date), ${now}
            FROM task t
            WHERE t.plan_id = ANY(${planIds}::uuid[])
              AND t.status::text = ANY(${OPEN_STATUSES as string[]}::text[])
              AND (t.due_on IS NULL OR t.due_on >= ${toDbDate(today)}::date)
              AND coalesce(t.last_report_at, t.created_at) < ${silentSince}
            ON CONFLICT (task_id, level, due_on) DO NOTHING
            RETURNING id, task_id, 'no-report' AS reason,
                      (SELECT percent FROM task WHERE id = task_id) AS percent, NULL::int AS expected,
                      (SELECT coalesce(last_report_at, created_at) FROM task WHERE id = task_id) AS last_seen`),
          );
        }
        const messages = await this.messagesFor(tx, rows, now, today);
        const deliveryIds = await this.notifications.createDeliveries(tx, messages);
        if (rows.length > 0) {
          await this.audit.recordMany(
            tx,
            rows.map((r) => ({
              actorId: null,
              action: 'escalation.lagging',
              entityType: 'task',
              entityId: r.task_id,
              data: {
                escalationId: r.id,
                reason: r.reason,
                percent: r.percent,
                expectedPercent: r.expected,
              },
            })),
          );
        }
        return { rows, deliveryIds };
      },
      { timeout: 120_000 },
    );
    await this.notifications.dispatch(deliveryIds);
    const result: LaggingResult = {
      behindSchedule: rows.filter((r) => r.reason === 'behind-schedule').length,
      noReport: rows.filter((r) => r.reason === 'no-report').length,
      deliveries: deliveryIds.length,
    };
    if (rows.length > 0) this.logger.log(result, 'lagging warnings');
    return result;
  }

  /** A yellow warning to the lead departments' liaisons and heads, held by quiet hours. */
  private async messagesFor(
    tx: Tx,
    rows: LaggingRow[],
    now: Date,
    today: string,
  ): Promise<OutgoingMessage[]> {
    if (rows.length === 0) return [];
    const recipients = await tx.$queryRaw<
      {
        escalation_id: string;
        task_id: string;
        no: number;
        text: string;
        plan_title: string;
        plan_policy: unknown;
        due_on: Date | null;
        department_id: string;
        department_name: string;
        person_id: string | null;
        person_name: string | null;
      }[]
    >`
      SELECT e.id AS escalation_id, t.id AS task_id, t.no, t.text, p.title AS plan_title, p.policy AS plan_policy,
             t.due_on, d.id AS department_id, d.name AS department_name, pe.id AS person_id,
             pe.display_name AS person_name
      FROM escalation e
      JOIN task t ON t.id = e.task_id
      JOIN plan p ON p.id = t.plan_id
      JOIN assignment a ON a.task_id = t.id AND a.role = 'LEAD' AND a.removed_at IS NULL
      JOIN department d ON d.id = a.department_id
      LEFT JOIN person pe ON pe.department_id = d.id AND pe.active AND pe.role IN ('LIAISON', 'HEAD')
      WHERE e.id = ANY(${rows.map((r) => r.id)}::uuid[])
      ORDER BY t.no, a.ordinal`;
    const calendar = this.calendars.current();
    const byEscalation = new Map(rows.map((r) => [r.id, r]));
    return recipients.map((r): OutgoingMessage => {
      const row = byEscalation.get(r.escalation_id)!;
      const dueOn = r.due_on ? fromDbDate(r.due_on) : ONGOING_DUE_ON;
      return {
        dedupeKey: `escalation-${r.escalation_id}-${r.person_id ?? `dept-${r.department_id}`}`,
        recipientId: r.person_id,
        template: 'lagging-warning',
        vars: {
          taskId: r.task_id,
          taskNo: r.no,
          taskText: r.text,
          planTitle: r.plan_title,
          departmentName: r.department_name,
          role: 'LEAD',
          dueOn,
          recipientName: r.person_name ?? undefined,
          lagging: {
            reason: row.reason,
            percent: row.percent,
            expectedPercent: row.expected ?? undefined,
            workingDaysSinceReport: calendar.workingDaysAfter(localDateOf(row.last_seen), today),
          },
        },
        taskId: r.task_id,
        notBefore: quietHoursEnd(now, policyOf(r.plan_policy)) ?? undefined,
      };
    });
  }
}
