import { Injectable } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { Tx } from '../../infra/prisma/prisma.service';
import { fromDbDate, localDateOf, type LocalDate } from '../../common/time/local-date';
import { CalendarService } from '../calendar/calendar.service';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { ONGOING_DUE_ON } from '../plan-policy/plan-policy';
import { quietHoursEnd } from '../plan-policy/quiet-hours';
import { policyOf } from '../plan-policy/resolve-policy';
import type { OutgoingMessage, TemplateVars } from '../notifications/notifications.service';
import { supervisionAnswerBy } from './escalation-policy';
import type { LadderStepRow } from './escalation.sql';
import { noResponsibleLeader } from './escalation.texts';
import type { LaggingRow } from './lagging.sql';
import {
  LadderTaskRow,
  LaggingRecipientRow,
  LeadRecipientRow,
  RedCardRecipientRow,
  selectLeadRecipients,
  selectLaggingRecipients,
  selectRedCardRecipients,
} from './ladder-messages.sql';

type Office = (regionId: string | null) => { id: string; displayName: string }[];

/** What the messages of one batch of steps are written from, read once per batch. */
interface LadderContext {
  today: LocalDate;
  calendar: WorkingDayCalendar;
  /** The supervision staff of a plan's region (see officesByRegion). */
  officeOf: Office;
}

/**
 * Who receives which notice of the ladder (DESIGN.md, "Reminders and escalation"), and what it
 * says about its task:
 * - urging notice (催办) → the lead departments' liaisons and heads;
 * - supervision notice (督办单) → the same, copied to the supervision office of the plan's region
 *   (a visible failure when that office has no staff), with the date a written answer is due;
 * - red card → the responsible leaders of the lead departments and the office, urgent;
 * - lagging warning (yellow) → the lead departments' liaisons and heads.
 * All but the red card wait for the end of the plan's quiet hours. Each message has a
 * dedupe key per step and recipient, so writing them twice sends nothing twice.
 */
@Injectable()
export class LadderMessagesService {
  constructor(
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
  ) {}

  /** The messages of newly recorded (not superseded) steps: notices first, then red cards. */
  async messagesFor(tx: Tx, steps: LadderStepRow[], today: LocalDate): Promise<OutgoingMessage[]> {
    if (steps.length === 0) return [];
    const notices = steps.filter((s) => s.level !== 'RED_CARD').map((s) => s.id);
    const redCards = steps.filter((s) => s.level === 'RED_CARD').map((s) => s.id);
    const context: LadderContext = {
      today,
      calendar: this.calendars.current(),
      officeOf: await this.officesByRegion(tx),
    };
    return [
      ...(notices.length > 0
        ? this.noticeMessages(
            await tx.$queryRaw<LeadRecipientRow[]>(selectLeadRecipients(notices)),
            context,
          )
        : []),
      ...(redCards.length > 0
        ? redCardMessages(
            await tx.$queryRaw<RedCardRecipientRow[]>(selectRedCardRecipients(redCards)),
            context,
          )
        : []),
    ];
  }

  /** Urging and supervision notices, one per step and recipient. */
  private noticeMessages(
    rows: LeadRecipientRow[],
    { today, calendar, officeOf }: LadderContext,
  ): OutgoingMessage[] {
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
        ...ladderVars(r, today, calendar),
        answerBy: r.level === 'SUPERVISION' ? supervisionAnswerBy(today, calendar) : undefined,
      };
      const template = r.level === 'URGING' ? 'urging-notice' : 'supervision-notice';
      const hold = holdFor(r.plan_id, r.plan_policy);
      // The 督办单 itself (.docx) rides on the email, rendered at send time by the notices module.
      const attachment =
        r.level === 'SUPERVISION' ? { kind: 'supervision-notice', id: r.escalation_id } : undefined;
      push({
        dedupeKey: leadRecipientKey(r),
        recipientId: r.person_id,
        notBefore: hold,
        template,
        vars: { ...vars, recipientName: r.person_name ?? undefined },
        taskId: r.task_id,
        attachment,
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
            attachment,
          });
        }
      }
    }
    return messages;
  }

  /**
   * Lagging warning (yellow) → the lead departments' liaisons and heads (not the members of a lead
   * group), held by quiet hours.
   */
  async laggingMessages(
    tx: Tx,
    rows: LaggingRow[],
    now: Date,
    today: LocalDate,
  ): Promise<OutgoingMessage[]> {
    if (rows.length === 0) return [];
    const recipients = await tx.$queryRaw<LaggingRecipientRow[]>(
      selectLaggingRecipients(rows.map((r) => r.id)),
    );
    const calendar = this.calendars.current();
    const byEscalation = new Map(rows.map((r) => [r.id, r]));
    return recipients.map((r): OutgoingMessage => {
      const row = byEscalation.get(r.escalation_id)!;
      return {
        dedupeKey: leadRecipientKey(r),
        recipientId: r.person_id,
        template: 'lagging-warning',
        vars: {
          ...leadTaskVars(r, r.due_on ? fromDbDate(r.due_on) : ONGOING_DUE_ON),
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

  /**
   * The supervision staff of each level's office: a region's plan escalates to that region's
   * office (its SUPERVISORs with that region), the top office's plans to the staff without one.
   */
  private async officesByRegion(tx: Tx): Promise<Office> {
    const staff = await tx.person.findMany({
      where: { role: 'SUPERVISOR', active: true },
      select: { id: true, displayName: true, regionId: true },
    });
    return (regionId) => staff.filter((s) => s.regionId === regionId);
  }
}

/**
 * Red card → the responsible leaders of the lead departments (分管领导, set per department) and
 * the supervision staff of the plan's region; a lead department without a leader is a visible
 * failure, not a silent drop.
 */
function redCardMessages(
  rows: RedCardRecipientRow[],
  { today, calendar, officeOf }: LadderContext,
): OutgoingMessage[] {
  const messages = new Map<string, OutgoingMessage>();
  for (const r of rows) {
    const vars = ladderVars(r, today, calendar);
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
        noResponsibleLeader(r.department_name),
      );
    for (const s of officeOf(r.plan_region_id)) to(`${base}-${s.id}`, s.id, s.displayName);
  }
  return [...messages.values()];
}

/** A message to a lead department's liaison or head, or its visible failure when it has none. */
function leadRecipientKey(r: {
  escalation_id: string;
  person_id: string | null;
  department_id: string;
}): string {
  return `escalation-${r.escalation_id}-${r.person_id ?? `dept-${r.department_id}`}`;
}

/** What every ladder message says about its task and lead department. */
function leadTaskVars(
  r: Pick<LadderTaskRow, 'task_id' | 'no' | 'text' | 'plan_title' | 'department_name'>,
  dueOn: LocalDate,
): TemplateVars {
  return {
    taskId: r.task_id,
    taskNo: r.no,
    taskText: r.text,
    planTitle: r.plan_title,
    departmentName: r.department_name,
    role: 'LEAD',
    dueOn,
  };
}

/** What an overdue notice adds: how late, and the supervision notice's number. */
function ladderVars(
  r: LadderTaskRow,
  today: LocalDate,
  calendar: WorkingDayCalendar,
): TemplateVars {
  const dueOn = fromDbDate(r.due_on);
  return {
    ...leadTaskVars(r, dueOn),
    workingDaysOverdue: calendar.workingDaysAfter(dueOn, today),
    noticeNo: r.notice_no ?? undefined,
  };
}
