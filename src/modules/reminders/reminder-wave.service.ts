import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { CalendarService } from '../calendar/calendar.service';
import { fromDbDate, localDateOf } from '../../common/time/local-date';
import type { DigestVars, TemplateVars } from '../notifications/templates';
import { NotificationsService, OutgoingMessage } from '../notifications/notifications.service';
import { OPEN_STATUSES } from '../tasks/task-deadline';
import { quietHoursEnd } from '../plan-policy/quiet-hours';
import { policyOf } from '../plan-policy/resolve-policy';
import { SKIP_DEADLINE_PASSED } from './reminder-policy';

export interface WaveResult {
  sent: number;
  skipped: number;
  cancelled: number;
  /** Digest messages written (one per person and channel set), including visible failures. */
  digests: number;
}

interface ClaimedRow {
  reminder_id: string;
  outcome: 'SENT' | 'SKIPPED' | 'CANCELLED';
  kind: 'DEADLINE_APPROACHING' | 'REPORT_DUE' | 'REPORT_MISSED';
  fire_at: Date;
  due_on: Date;
  task_id: string;
  task_no: number;
  task_text: string;
  plan_id: string;
  plan_title: string;
  department_id: string;
  department_name: string;
  role: 'LEAD' | 'SUPPORT';
  person_id: string | null;
  person_name: string | null;
}

/** Advisory lock key for reminder waves ("duban-wv"). */
const WAVE_LOCK_KEY = 0x6475_776e;

const SKIP_REPORTED = '本期进展已报送';

const CANCELLED_REASON = '任务已办结、暂停、撤销,或不再由本单位承担';

/**
 * Sends every reminder whose moment has come, as one set-based "wave": a single transaction claims
 * the pending rows (PENDING → SENT, SKIPPED or CANCELLED, decided in SQL), groups what is sent by
 * recipient, and writes one digest per person listing all their tasks. Claiming and writing the
 * digests commit together, so a reminder is in exactly one digest however often a wave runs, on
 * however many instances (`FOR UPDATE SKIP LOCKED` lets a concurrent wave take the rest).
 */
@Injectable()
export class ReminderWaveService {
  private readonly logger = new Logger(ReminderWaveService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Runs the wave for every pending reminder due at or before `upTo` (default: now). */
  async run(upTo?: Date): Promise<WaveResult> {
    const now = this.clock.now();
    const limit = upTo && upTo < now ? upTo : now;
    const today = localDateOf(now);
    const calendar = this.calendars.current();
    const { rows, deliveryIds } = await this.prisma.$transaction(
      async (tx) => {
        // One wave at a time (across instances): a wave that overlaps another waits, then finds only
        // what is left, so a person's reminders of one moment are never split over two digests.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${WAVE_LOCK_KEY})`;
        const rows = await tx.$queryRaw<ClaimedRow[]>`
          WITH due AS (
            SELECT r.id FROM reminder r
            WHERE r.status = 'PENDING' AND r.fire_at <= ${limit}
            ORDER BY r.fire_at, r.id
            FOR UPDATE SKIP LOCKED
          ),
          decided AS (
            SELECT r.id,
                   CASE
                     WHEN t.status::text <> ALL(${OPEN_STATUSES as string[]}::text[]) OR a.removed_at IS NOT NULL
                       THEN 'CANCELLED'
                     -- A deadline is due at the end of its Shanghai day: past that, a reminder has lost its purpose.
                     WHEN r.kind = 'DEADLINE_APPROACHING'
                          AND ${now} >= ((r.due_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
                       THEN 'SKIPPED'
                     -- A progress report already made in the period: nothing to remind of or urge.
                     WHEN r.kind IN ('REPORT_DUE', 'REPORT_MISSED')
                          AND a.last_report_at >= (r.period_start::timestamp AT TIME ZONE 'Asia/Shanghai')
                       THEN 'REPORTED'
                     ELSE 'SENT'
                   END AS outcome
            FROM reminder r
            JOIN due ON due.id = r.id
            JOIN assignment a ON a.id = r.assignment_id
            JOIN task t ON t.id = a.task_id
          ),
          claimed AS (
            UPDATE reminder r
            SET status = (CASE d.outcome WHEN 'REPORTED' THEN 'SKIPPED' ELSE d.outcome END)::"ReminderStatus",
                sent_at = CASE WHEN d.outcome = 'SENT' THEN ${now}::timestamptz ELSE NULL END,
                skipped_reason = CASE d.outcome
                  WHEN 'SKIPPED' THEN ${SKIP_DEADLINE_PASSED}
                  WHEN 'REPORTED' THEN ${SKIP_REPORTED}
                  WHEN 'CANCELLED' THEN ${CANCELLED_REASON}
                  ELSE NULL END
            FROM decided d
            WHERE r.id = d.id
            RETURNING r.id, r.assignment_id, r.kind, r.fire_at, r.due_on,
                      CASE d.outcome WHEN 'REPORTED' THEN 'SKIPPED' ELSE d.outcome END AS outcome
          )
          SELECT c.id AS reminder_id, c.outcome, c.kind::text AS kind, c.fire_at, c.due_on,
                 t.id AS task_id, t.no AS task_no, t.text AS task_text,
                 p.id AS plan_id, p.title AS plan_title,
                 dep.id AS department_id, dep.name AS department_name, a.role::text AS role,
                 pe.id AS person_id, pe.display_name AS person_name
          FROM claimed c
          JOIN assignment a ON a.id = c.assignment_id
          JOIN task t ON t.id = a.task_id
          JOIN plan p ON p.id = t.plan_id
          JOIN department dep ON dep.id = a.department_id
          -- The department's liaisons; a collective unit's reminders also reach its members' liaisons.
          -- (A UNION of two index lookups: an OR here made the planner compare every reminder with
          -- every liaison.)
          LEFT JOIN LATERAL (
            SELECT x.id, x.display_name FROM person x
            WHERE x.department_id = dep.id AND x.active AND x.role = 'LIAISON'
            UNION
            SELECT x.id, x.display_name FROM department_group_member m
            JOIN person x ON x.department_id = m.member_id AND x.active AND x.role = 'LIAISON'
            WHERE m.group_id = dep.id
          ) pe ON c.outcome = 'SENT'
          ORDER BY t.no, a.ordinal`;
        // Each plan's policy once (a wave can hold 100,000 rows of a few plans).
        const planIds = [...new Set(rows.map((r) => r.plan_id))];
        const plans = await tx.plan.findMany({
          where: { id: { in: planIds } },
          select: { id: true, policy: true },
        });
        const holds = new Map(plans.map((p) => [p.id, quietHoursEnd(now, policyOf(p.policy))]));
        const messages = this.digests(rows, holds, today, calendar);
        const deliveryIds = await this.notifications.createDeliveries(tx, messages);
        return { rows, deliveryIds };
      },
      { timeout: 300_000, maxWait: 10_000 },
    );
    await this.notifications.dispatch(deliveryIds);

    const byReminder = new Map(rows.map((r) => [r.reminder_id, r.outcome]));
    const outcomes = [...byReminder.values()];
    const result: WaveResult = {
      sent: outcomes.filter((o) => o === 'SENT').length,
      skipped: outcomes.filter((o) => o === 'SKIPPED').length,
      cancelled: outcomes.filter((o) => o === 'CANCELLED').length,
      digests: new Set(
        rows
          .filter((r) => r.outcome === 'SENT')
          .map((r) => r.person_id ?? `dept-${r.department_id}`),
      ).size,
    };
    if (byReminder.size > 0)
      this.logger.log({ upTo: limit.toISOString(), ...result }, 'reminder wave');
    return result;
  }

  /**
   * One digest per recipient for everything this wave sends them. A department with no liaison gets
   * a message with no recipient, which is stored as a visible failed delivery.
   */
  private digests(
    rows: ClaimedRow[],
    /** Per plan, the end of the quiet hours now falls in (null outside them). */
    holds: ReadonlyMap<string, Date | null>,
    today: string,
    calendar: ReturnType<CalendarService['current']>,
  ): OutgoingMessage[] {
    const groups = new Map<
      string,
      {
        recipientId: string | null;
        name?: string;
        items: Map<string, TemplateVars>;
        holdUntil: Date | null;
        departmentName: string;
      }
    >();
    // Claims, not keys, make a reminder go out once; the key only has to be unique to this run.
    const waveKey = randomUUID();
    const dueDates = new Map<number, { dueOn: string; workingDaysLeft: number }>();
    for (const r of rows) {
      if (r.outcome !== 'SENT') continue;
      const key = r.person_id ?? `dept-${r.department_id}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          recipientId: r.person_id,
          name: r.person_name ?? undefined,
          items: new Map(),
          holdUntil: null,
          departmentName: r.department_name,
        };
        groups.set(key, g);
      }
      let due = dueDates.get(r.due_on.getTime());
      if (!due) {
        const dueOn = fromDbDate(r.due_on);
        due = { dueOn, workingDaysLeft: calendar.workingDaysAfter(today, dueOn) };
        dueDates.set(r.due_on.getTime(), due);
      }
      const { dueOn, workingDaysLeft } = due;
      const report =
        r.kind === 'REPORT_DUE'
          ? ('due' as const)
          : r.kind === 'REPORT_MISSED'
            ? ('missed' as const)
            : undefined;
      // A person on a task through two units (a department and a group it belongs to) sees it once
      // per purpose (its deadline, its report).
      g.items.set(`${r.task_id}-${r.kind}`, {
        taskId: r.task_id,
        taskNo: r.task_no,
        taskText: r.task_text,
        planTitle: r.plan_title,
        departmentName: r.department_name,
        role: r.role,
        dueOn,
        workingDaysLeft,
        recipientName: r.person_name ?? undefined,
        ...(report ? { report } : {}),
      });
      // Quiet hours: hold until the latest end among the plans in the digest.
      const hold = holds.get(r.plan_id) ?? null;
      if (hold && (!g.holdUntil || hold > g.holdUntil)) g.holdUntil = hold;
    }
    return [...groups.entries()].map(([key, g]): OutgoingMessage => {
      const items = [...g.items.values()].sort(
        (a, b) => a.dueOn.localeCompare(b.dueOn) || a.taskNo - b.taskNo,
      );
      const vars: DigestVars = { recipientName: g.name, items };
      return {
        dedupeKey: `digest-${key}-${waveKey}`,
        recipientId: g.recipientId,
        template: 'reminder-digest',
        vars,
        taskId: items.length === 1 ? items[0]!.taskId : null,
        notBefore: g.holdUntil ?? undefined,
        missingRecipientReason: g.recipientId
          ? undefined
          : `无收件人:${g.departmentName}尚未设置联络员`,
      };
    });
  }
}
