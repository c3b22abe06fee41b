import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { CalendarService } from '../calendar/calendar.service';
import { fromDbDate, localDateOf } from '../../common/time/local-date';
import type { DigestVars, TemplateVars } from '../notifications/templates';
import { NotificationsService, OutgoingMessage } from '../notifications/notifications.service';
import { deliveryFailure } from '../notifications/templates/delivery-failures';
import { quietHoursEnd } from '../plan-policy/quiet-hours';
import { policyOf } from '../plan-policy/resolve-policy';
import { waveRules } from './reminder-policy';
import { lockWaves, SettledReminderRow, settleDueReminders } from './reminder-wave.sql';

export interface WaveResult {
  sent: number;
  skipped: number;
  cancelled: number;
  /** Digest messages written (one per person and channel set), including visible failures. */
  digests: number;
}

/**
 * Sends every reminder whose moment has come, as one set-based "wave": a single transaction claims
 * the pending rows (PENDING → SENT, SKIPPED or CANCELLED, as the reminder policy's `waveRules`
 * decide), groups what is sent by recipient, and writes one digest per person listing all their
 * tasks. Claiming and writing the digests commit together, so a reminder is in exactly one digest however often a wave runs, on
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
        await tx.$executeRaw(lockWaves());
        const rows = await tx.$queryRaw<SettledReminderRow[]>(
          settleDueReminders(limit, now, waveRules(now)),
        );
        if (rows.length === 0) return { rows: [], deliveryIds: [] };
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
    rows: SettledReminderRow[],
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
      const ack =
        r.kind === 'ACK_DUE'
          ? ('due' as const)
          : r.kind === 'ACK_OVERDUE'
            ? ('overdue' as const)
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
        ...(ack ? { ack } : {}),
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
          : deliveryFailure.noRecipient(deliveryFailure.noLiaison(g.departmentName)),
      };
    });
  }
}
