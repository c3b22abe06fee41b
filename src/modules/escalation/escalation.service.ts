import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { Prisma } from '../../generated/prisma/client';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { fromDbDate, localDateOf, toDbDate } from '../../common/time/local-date';
import { CalendarChangeListeners } from '../calendar/calendar-change';
import { CalendarService } from '../calendar/calendar.service';
import { PlanPolicy } from '../plan-policy/plan-policy';
import { quietHoursEnd } from '../plan-policy/quiet-hours';
import { policyOf } from '../plan-policy/resolve-policy';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import {
  NotificationsService,
  OutgoingMessage,
  type TemplateVars,
} from '../notifications/notifications.service';
import { OPEN_STATUSES } from '../tasks/task-deadline';
import { supervisionNoticeNo, sweepCutoffs } from './escalation-policy';

const OPEN_STATUSES_SQL = Prisma.sql`(${Prisma.join(OPEN_STATUSES.map((s) => Prisma.sql`${s}::"TaskStatus"`))})`;

/** Working days the lead department has to answer a supervision notice in writing. */
const ANSWER_WORKING_DAYS = 5;

type EscalationLevel = 'URGING' | 'SUPERVISION' | 'RED_CARD';

interface NewStep {
  id: string;
  task_id: string;
  level: EscalationLevel;
  due_on: Date;
  superseded: boolean;
}

export interface SweepResult {
  today: string;
  urging: number;
  supervision: number;
  redCards: number;
  superseded: number;
  deliveries: number;
}

/** A supervision notice the office issued by hand. */
export interface IssuedNotice {
  escalationId: string;
  taskId: string;
  noticeNo: string;
  dueOn: string;
  /** Messages written, one per recipient (each on the recipient's channels). */
  recipients: number;
}

/**
 * The overdue sweep: each step of the ladder is inserted once per task and deadline (unique key),
 * set-based over all open tasks, and its notices are written in the same transaction. Running it
 * twice, or on two instances at once, sends nothing twice.
 */
@Injectable()
export class EscalationService implements OnModuleInit {
  private readonly logger = new Logger(EscalationService.name);

  constructor(
    private readonly calendars: CalendarService,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly calendarListeners: CalendarChangeListeners,
  ) {}

  async sweep(): Promise<SweepResult> {
    const now = this.clock.now();
    const today = localDateOf(now);
    const calendar = this.calendar;
    const { steps, deliveryIds } = await this.prisma.$transaction(
      async (tx) => {
        const supervision: NewStep[] = [];
        const urging: NewStep[] = [];
        const redCards: NewStep[] = [];
        // Each plan may set its own thresholds: one set of inserts per distinct policy.
        for (const { policy, planIds } of await this.policyGroups(tx)) {
          const cut = sweepCutoffs(today, calendar, policy.escalation);
          // Highest step first: a task found already past a later threshold gets that step only;
          // the earlier ones are recorded as superseded (no backlog storm).
          const step = (
            level: EscalationLevel,
            dueOnOrBefore: string,
            supersededIfOnOrBefore?: string,
          ) => this.insertStep(tx, { level, dueOnOrBefore, supersededIfOnOrBefore, planIds, now });
          redCards.push(...(await step('RED_CARD', cut.redCardDueOnOrBefore)));
          supervision.push(
            ...(await step('SUPERVISION', cut.supervisionDueOnOrBefore, cut.redCardDueOnOrBefore)),
          );
          urging.push(
            ...(await step('URGING', cut.urgingDueOnOrBefore, cut.supervisionDueOnOrBefore)),
          );
        }
        await this.numberNotices(
          tx,
          supervision.filter((x) => !x.superseded),
          Number(today.slice(0, 4)),
        );
        const all = [...redCards, ...supervision, ...urging];
        const live = all.filter((x) => !x.superseded);
        const messages = [
          ...(await this.messagesFor(
            tx,
            live.filter((x) => x.level !== 'RED_CARD'),
            today,
          )),
          ...(await this.redCardMessages(
            tx,
            live.filter((x) => x.level === 'RED_CARD'),
            today,
          )),
        ];
        const ids = await this.notifications.createDeliveries(tx, messages);
        if (all.length > 0) {
          await this.audit.recordMany(
            tx,
            all.map((s) => ({
              actorId: null,
              action: s.superseded
                ? `escalation.${s.level.toLowerCase()}.superseded`
                : `escalation.${s.level.toLowerCase()}`,
              entityType: 'task',
              entityId: s.task_id,
              data: { escalationId: s.id, dueOn: fromDbDate(s.due_on), sweptOn: today },
            })),
          );
        }
        return { steps: all, deliveryIds: ids };
      },
      { timeout: 120_000 },
    );
    await this.notifications.dispatch(deliveryIds);
    const result: SweepResult = {
      today,
      urging: steps.filter((s) => s.level === 'URGING' && !s.superseded).length,
      supervision: steps.filter((s) => s.level === 'SUPERVISION' && !s.superseded).length,
      redCards: steps.filter((s) => s.level === 'RED_CARD').length,
      superseded: steps.filter((s) => s.superseded).length,
      deliveries: deliveryIds.length,
    };
    if (steps.length > 0) this.logger.log(result, 'overdue sweep escalated tasks');
    return result;
  }
  /**
   * A supervision notice (督办单) issued by hand: the SUPERVISION step for the task's current
   * deadline, numbered and sent exactly as the sweep's (same messages, same recipients), and
   * audited with its issuer. The sweep then finds the step and sends nothing twice. Refused for a
   * task that is closed, withdrawn, suspended or disputed, has no deadline, or already has it.
   */
  async issueNotice(taskId: string, actorId: string): Promise<IssuedNotice> {
    const now = this.clock.now();
    const today = localDateOf(now);
    const issued = await this.prisma.$transaction(async (tx) => {
      const [task] = await tx.$queryRaw<{ status: string; due_on: Date | null }[]>`
        SELECT status::text AS status, due_on FROM task WHERE id = ${taskId}::uuid FOR UPDATE`;
      if (!task) throw notFound('该任务');
      if (task.status === 'CLOSED' || task.status === 'WITHDRAWN') {
        throw new DomainException(ErrorCode.TASK_CLOSED, '该任务已办结或已撤销,不能下发督办单');
      }
      if (!(OPEN_STATUSES as readonly string[]).includes(task.status)) {
        throw new DomainException(
          ErrorCode.INVALID_TRANSITION,
          '该任务已暂停或职责异议待裁定,暂不能下发督办单',
          { status: task.status },
        );
      }
      if (!task.due_on) {
        throw new DomainException(
          ErrorCode.NO_DEADLINE,
          '该任务为持续推进事项,没有完成时限,不能下发督办单',
        );
      }
      const [step] = await tx.$queryRaw<NewStep[]>`
        INSERT INTO escalation (id, task_id, level, due_on, triggered_at, superseded)
        SELECT gen_random_uuid(), t.id, 'SUPERVISION'::"EscalationLevel", t.due_on, ${now}, false
        FROM task t WHERE t.id = ${taskId}::uuid
        ON CONFLICT (task_id, level, due_on) DO NOTHING
        RETURNING id, task_id, level::text AS level, due_on, superseded`;
      const dueOn = fromDbDate(task.due_on);
      if (!step) {
        const existing = await tx.escalation.findFirst({
          where: { taskId, level: 'SUPERVISION', dueOn: task.due_on },
          select: { noticeNo: true },
        });
        throw new DomainException(
          ErrorCode.NOTICE_ALREADY_ISSUED,
          existing?.noticeNo
            ? `该任务本期限(${dueOn})已下发督办单 ${existing.noticeNo},不能重复下发`
            : `该任务本期限(${dueOn})已进入督办环节,不能重复下发督办单`,
          { noticeNo: existing?.noticeNo ?? null, dueOn },
        );
      }
      await this.numberNotices(tx, [step], Number(today.slice(0, 4)));
      const { noticeNo } = await tx.escalation.findUniqueOrThrow({
        where: { id: step.id },
        select: { noticeNo: true },
      });
      const messages = await this.messagesFor(tx, [step], today);
      const deliveryIds = await this.notifications.createDeliveries(tx, messages);
      await this.audit.record(tx, {
        actorId,
        action: 'escalation.supervision.manual',
        entityType: 'task',
        entityId: taskId,
        data: { taskId, escalationId: step.id, dueOn, noticeNo },
      });
      return {
        escalationId: step.id,
        noticeNo: noticeNo!,
        dueOn,
        deliveryIds,
        recipients: messages.length,
      };
    });
    await this.notifications.dispatch(issued.deliveryIds);
    return {
      escalationId: issued.escalationId,
      taskId,
      noticeNo: issued.noticeNo,
      dueOn: issued.dueOn,
      recipients: issued.recipients,
    };
  }

  /** The working-day calendar as currently published (holidays and make-up days). */
  private get calendar(): WorkingDayCalendar {
    return this.calendars.current();
  }

  onModuleInit(): void {
    this.calendarListeners.register({
      onCalendarChanged: async () => ({
        kind: 'escalations',
        moved: await this.countMovedByCalendarChange(),
      }),
    });
  }

  /** Plans grouped by their escalation thresholds. */
  private async policyGroups(
    db: Tx | PrismaService,
  ): Promise<{ policy: PlanPolicy; planIds: string[] }[]> {
    const plans = await db.plan.findMany({
      where: { publishedAt: { not: null } },
      select: { id: true, policy: true },
    });
    const groups = new Map<string, { policy: PlanPolicy; planIds: string[] }>();
    for (const p of plans) {
      const policy = policyOf(p.policy);
      const key = `${policy.escalation.urgingAfter}/${policy.escalation.supervisionAfter}`;
      const g = groups.get(key) ?? { policy, planIds: [] };
      g.planIds.push(p.id);
      groups.set(key, g);
    }
    return [...groups.values()];
  }

  /**
   * After a holiday year changed: how many open tasks, not yet at the last step of the ladder, now
   * reach a step on another day than before. Steps are not stored ahead (the sweep derives them from
   * the calendar), so this counts what moved rather than rewriting rows.
   */
  private async countMovedByCalendarChange(): Promise<number> {
    const before = this.calendars.previous();
    const after = this.calendars.current();
    const rows = await this.prisma.$queryRaw<{ due_on: Date; policy: unknown; n: number }[]>`
      SELECT t.due_on, p.policy, count(*)::int AS n
      FROM task t JOIN plan p ON p.id = t.plan_id
      WHERE t.due_on IS NOT NULL AND t.status IN ${OPEN_STATUSES_SQL}
        AND NOT EXISTS (SELECT 1 FROM escalation e
                        WHERE e.task_id = t.id AND e.level = 'SUPERVISION' AND e.due_on = t.due_on)
      GROUP BY t.due_on, p.policy`;
    let moved = 0;
    for (const r of rows) {
      const due = fromDbDate(r.due_on);
      const { urgingAfter, supervisionAfter } = policyOf(r.policy).escalation;
      const differs = [urgingAfter, supervisionAfter].some(
        (n) => before.addWorkingDays(due, n) !== after.addWorkingDays(due, n),
      );
      if (differs) moved += r.n;
    }
    return moved;
  }

  /** One ladder step for every open task of these plans due on or before the cutoff (set-based). */
  private insertStep(
    tx: Tx,
    s: {
      level: EscalationLevel;
      dueOnOrBefore: string;
      supersededIfOnOrBefore?: string;
      planIds: string[];
      now: Date;
    },
  ): Promise<NewStep[]> {
    const superseded = s.supersededIfOnOrBefore
      ? Prisma.sql`t.due_on <= ${toDbDate(s.supersededIfOnOrBefore)}::date`
      : Prisma.sql`false`;
    return tx.$queryRaw<NewStep[]>`
      INSERT INTO escalation (id, task_id, level, due_on, triggered_at, superseded)
      SELECT gen_random_uuid(), t.id, ${s.level}::"EscalationLevel", t.due_on, ${s.now}, ${superseded}
      FROM task t
      WHERE t.due_on <= ${toDbDate(s.dueOnOrBefore)}::date
        AND t.plan_id = ANY(${s.planIds}::uuid[])
        AND t.status IN ${OPEN_STATUSES_SQL}
      ON CONFLICT (task_id, level, due_on) DO NOTHING
      RETURNING id, task_id, level::text AS level, due_on, superseded`;
  }

  /**
   * Red card → the responsible leaders of the lead departments (分管领导, set per department) and
   * every supervisor; a lead department without a leader is a visible failure, not a silent drop.
   */
  private async redCardMessages(
    tx: Tx,
    steps: NewStep[],
    today: string,
  ): Promise<OutgoingMessage[]> {
    if (steps.length === 0) return [];
    const rows = await tx.$queryRaw<
      {
        escalation_id: string;
        task_id: string;
        no: number;
        text: string;
        plan_title: string;
        due_on: Date;
        department_id: string;
        department_name: string;
        notice_no: string | null;
        leader_id: string | null;
        leader_name: string | null;
        plan_region_id: string | null;
      }[]
    >`
      SELECT e.id AS escalation_id, t.id AS task_id, t.no, t.text, p.title AS plan_title, e.due_on,
             p.region_id AS plan_region_id,
             d.id AS department_id, d.name AS department_name,
             (SELECT s.notice_no FROM escalation s
              WHERE s.task_id = t.id AND s.level = 'SUPERVISION' AND s.due_on = e.due_on) AS notice_no,
             pe.id AS leader_id, pe.display_name AS leader_name
      FROM escalation e
      JOIN task t ON t.id = e.task_id
      JOIN plan p ON p.id = t.plan_id
      JOIN assignment a ON a.task_id = t.id AND a.role = 'LEAD' AND a.removed_at IS NULL
      JOIN department d ON d.id = a.department_id
      LEFT JOIN leader_department ld ON ld.department_id = d.id
      LEFT JOIN person pe ON pe.id = ld.leader_id AND pe.active
      WHERE e.id = ANY(${steps.map((x) => x.id)}::uuid[])
      ORDER BY t.no, a.ordinal`;
    const officeOf = await this.officesByRegion(tx);
    const messages = new Map<string, OutgoingMessage>();
    for (const r of rows) {
      const vars = this.ladderVars(r, today);
      const to = (key: string, recipientId: string | null, name?: string, missing?: string) =>
        messages.set(key, {
          dedupeKey: key,
          recipientId,
          template: 'red-card',
          vars: { ...vars, recipientName: name },
          taskId: r.task_id,
          urgent: true,
          missingRecipientReason: missing,
        });
      const base = `escalation-${r.escalation_id}`;
      if (r.leader_id) to(`${base}-${r.leader_id}`, r.leader_id, r.leader_name ?? undefined);
      else
        to(
          `${base}-leader-${r.department_id}`,
          null,
          undefined,
          `无收件人:${r.department_name}尚未设置分管领导`,
        );
      for (const s of officeOf(r.plan_region_id)) to(`${base}-${s.id}`, s.id, s.displayName);
    }
    return [...messages.values()];
  }

  /** What every ladder notice says about its task: the lead department, the deadline, how late. */
  private ladderVars(
    r: {
      task_id: string;
      no: number;
      text: string;
      plan_title: string;
      department_name: string;
      due_on: Date;
      notice_no: string | null;
    },
    today: string,
  ): TemplateVars {
    const dueOn = fromDbDate(r.due_on);
    return {
      taskId: r.task_id,
      taskNo: r.no,
      taskText: r.text,
      planTitle: r.plan_title,
      departmentName: r.department_name,
      role: 'LEAD',
      dueOn,
      workingDaysOverdue: this.calendar.workingDaysAfter(dueOn, today),
      noticeNo: r.notice_no ?? undefined,
    };
  }

  /** Allocates this year's supervision-notice numbers in one statement per sweep. */
  private async numberNotices(tx: Tx, steps: NewStep[], year: number): Promise<void> {
    if (steps.length === 0) return;
    const [{ last }] = await tx.$queryRaw<{ last: number }[]>`
      INSERT INTO notice_sequence (year, last) VALUES (${year}, ${steps.length})
      ON CONFLICT (year) DO UPDATE SET last = notice_sequence.last + EXCLUDED.last
      RETURNING last`;
    const first = last - steps.length + 1;
    // Stable order: by task number within the sweep.
    const ordered = await tx.$queryRaw<{ id: string }[]>`
      SELECT e.id FROM escalation e JOIN task t ON t.id = e.task_id
      WHERE e.id = ANY(${steps.map((s) => s.id)}::uuid[]) ORDER BY t.plan_id, t.no`;
    const numbers = ordered.map((_, i) => supervisionNoticeNo(year, first + i));
    await tx.$executeRaw`
      UPDATE escalation e SET notice_no = x.n
      FROM unnest(${ordered.map((o) => o.id)}::uuid[], ${numbers}::text[]) AS x(id, n)
      WHERE e.id = x.id`;
  }

  /**
   * Urging notice → the lead departments' liaisons and heads. Supervision notice → every supervisor,
   * and the lead departments' liaisons and heads (the notice goes to the lead, copied to the office).
   */
  /**
   * The supervision staff of each level's office: a region's plan escalates to that region's
   * office (its SUPERVISORs with that region), the top office's plans to the staff without one.
   */
  private async officesByRegion(
    tx: Tx,
  ): Promise<(regionId: string | null) => { id: string; displayName: string }[]> {
    const staff = await tx.person.findMany({
      where: { role: 'SUPERVISOR', active: true },
      select: { id: true, displayName: true, regionId: true },
    });
    return (regionId) => staff.filter((s) => s.regionId === regionId);
  }

  private async messagesFor(tx: Tx, steps: NewStep[], today: string): Promise<OutgoingMessage[]> {
    if (steps.length === 0) return [];
    const rows = await tx.$queryRaw<
      {
        escalation_id: string;
        level: 'URGING' | 'SUPERVISION';
        notice_no: string | null;
        task_id: string;
        no: number;
        text: string;
        plan_id: string;
        plan_title: string;
        plan_policy: unknown;
        due_on: Date;
        department_id: string;
        department_name: string;
        person_id: string | null;
        person_name: string | null;
        plan_region_id: string | null;
      }[]
    >`
      SELECT e.id AS escalation_id, e.level::text AS level, e.notice_no, t.id AS task_id, t.no, t.text,
             p.id AS plan_id, p.title AS plan_title, p.policy AS plan_policy, p.region_id AS plan_region_id,
             e.due_on, d.id AS department_id,
             d.name AS department_name,
             pe.id AS person_id, pe.display_name AS person_name
      FROM escalation e
      JOIN task t ON t.id = e.task_id
      JOIN plan p ON p.id = t.plan_id
      JOIN assignment a ON a.task_id = t.id AND a.role = 'LEAD' AND a.removed_at IS NULL
      JOIN department d ON d.id = a.department_id
      -- A UNION of two index lookups, as in the reminder wave: an OR here made the planner compare
      -- every escalation with every liaison and head (about 2 ms per escalation with 2,000 of them).
      LEFT JOIN LATERAL (
        SELECT x.id, x.display_name FROM person x
        WHERE x.department_id = d.id AND x.active AND x.role IN ('LIAISON', 'HEAD')
        UNION
        SELECT x.id, x.display_name FROM department_group_member m
        JOIN person x ON x.department_id = m.member_id AND x.active AND x.role IN ('LIAISON', 'HEAD')
        WHERE m.group_id = d.id
      ) pe ON true
      WHERE e.id = ANY(${steps.map((s) => s.id)}::uuid[])
      ORDER BY t.no, a.ordinal`;
    const officeOf = await this.officesByRegion(tx);
    // A sweep just after midnight must not wake anyone: held until quiet hours end. Once per plan,
    // not per row (resolving a policy and its local times is the costly part of a large sweep).
    const holds = new Map<string, Date | undefined>();
    const holdFor = (planId: string, policy: unknown): Date | undefined => {
      if (!holds.has(planId)) {
        holds.set(planId, quietHoursEnd(this.clock.now(), policyOf(policy)) ?? undefined);
      }
      return holds.get(planId);
    };
    const messages: OutgoingMessage[] = [];
    const seen = new Set<string>();
    const push = (m: OutgoingMessage) => {
      if (seen.has(m.dedupeKey)) return;
      seen.add(m.dedupeKey);
      messages.push(m);
    };
    for (const r of rows) {
      const vars = {
        ...this.ladderVars(r, today),
        // A supervision notice asks for a written answer within 5 working days.
        answerBy:
          r.level === 'SUPERVISION'
            ? this.calendar.addWorkingDays(today, ANSWER_WORKING_DAYS)
            : undefined,
      };
      const template = r.level === 'URGING' ? 'urging-notice' : 'supervision-notice';
      const hold = holdFor(r.plan_id, r.plan_policy);
      push({
        dedupeKey: `escalation-${r.escalation_id}-${r.person_id ?? `dept-${r.department_id}`}`,
        recipientId: r.person_id,
        notBefore: hold,
        template,
        vars: { ...vars, recipientName: r.person_name ?? undefined },
        taskId: r.task_id,
      });
      if (r.level === 'SUPERVISION') {
        const supervisors = officeOf(r.plan_region_id);
        const office = supervisors.length ? supervisors : [null];
        for (const s of office) {
          push({
            dedupeKey: `escalation-${r.escalation_id}-${s?.id ?? 'office'}`,
            recipientId: s?.id ?? null,
            notBefore: hold,
            template,
            vars: { ...vars, recipientName: s?.displayName },
            taskId: r.task_id,
          });
        }
      }
    }
    return messages;
  }
}
