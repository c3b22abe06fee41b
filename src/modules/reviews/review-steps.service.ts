import { Injectable, OnModuleInit } from '@nestjs/common';
import { fromDbDate, localDateOf } from '../../common/time/local-date';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { CalendarService } from '../calendar/calendar.service';
import { NotificationsService, OutgoingMessage } from '../notifications/notifications.service';
import { quietHoursEnd } from '../plan-policy/quiet-hours';
import { policyOf } from '../plan-policy/resolve-policy';
import { WorkArrival } from '../tasks/work-arrival.service';
import { REVIEW_REMINDER_WORKING_DAYS, STAGE_LABEL } from './review-chain';
import {
  claimReminders,
  claimUnnoticedSteps,
  selectStepHolders,
  selectUnremindedSteps,
  StepHolderRow,
} from './review-chain.sql';

/**
 * "Whoever holds a step is reminded": when a step begins to wait its holders get a message (inbox
 * and their channels), and one reminder if it still waits REVIEW_REMINDER_WORKING_DAYS working days
 * later. Both are claimed on the step row (`noticed_at`, `reminded_at`) in the transaction that
 * writes the deliveries, whose dedupe keys are per step and recipient: a crash, two instances or a
 * second sweep send nothing twice. Run after each decision and by the scheduler's reconcile
 * (through WorkArrival.settle), so a step never waits unannounced.
 */
@Injectable()
export class ReviewSteps implements OnModuleInit {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly notifications: NotificationsService,
    private readonly arrival: WorkArrival,
  ) {}

  onModuleInit(): void {
    this.arrival.register('review-steps', () => this.sweep());
  }

  /** Announces the steps that began to wait and reminds those waiting too long; the counts. */
  async sweep(): Promise<{ announced: number; reminded: number }> {
    const now = this.clock.now();
    const announced = await this.send(
      (tx) => tx.$queryRaw<{ id: string }[]>(claimUnnoticedSteps(now)),
      false,
    );
    const today = localDateOf(now);
    const calendar = this.calendars.current();
    const due = (
      await this.prisma.$queryRaw<{ id: string; entered_at: Date }[]>(selectUnremindedSteps())
    )
      .filter(
        (s) =>
          calendar.workingDaysAfter(localDateOf(s.entered_at), today) >=
          REVIEW_REMINDER_WORKING_DAYS,
      )
      .map((s) => s.id);
    const reminded =
      due.length === 0
        ? 0
        : await this.send((tx) => tx.$queryRaw<{ id: string }[]>(claimReminders(due, now)), true);
    return { announced, reminded };
  }

  /** Claims steps and writes their holders' deliveries in one transaction; dispatches after. */
  private async send(
    claim: (tx: Tx) => Promise<{ id: string }[]>,
    reminder: boolean,
  ): Promise<number> {
    const { ids, count } = await this.prisma.$transaction(async (tx) => {
      const claimed = await claim(tx);
      if (claimed.length === 0) return { ids: [], count: 0 };
      const rows = await tx.$queryRaw<StepHolderRow[]>(selectStepHolders(claimed.map((s) => s.id)));
      const messages = rows.map((r) => this.messageOf(r, reminder));
      return {
        ids: await this.notifications.createDeliveries(tx, messages),
        count: claimed.length,
      };
    });
    await this.notifications.dispatch(ids);
    return count;
  }

  private messageOf(r: StepHolderRow, reminder: boolean): OutgoingMessage {
    const now = this.clock.now();
    const hold = quietHoursEnd(now, policyOf(r.plan_policy));
    const waited = this.calendars
      .current()
      .workingDaysAfter(localDateOf(r.entered_at), localDateOf(now));
    return {
      dedupeKey: `review-${r.step_id}-${reminder ? 'reminder' : 'entered'}-${r.recipient_id ?? 'none'}`,
      recipientId: r.recipient_id,
      template: 'review-step',
      vars: {
        taskId: r.task_id,
        taskNo: r.task_no,
        taskText: r.task_text,
        planTitle: r.plan_title,
        departmentName: r.department_name,
        role: 'LEAD',
        dueOn: r.due_on ? fromDbDate(r.due_on) : localDateOf(now),
        review: { stageLabel: STAGE_LABEL[r.stage], reminder, workingDays: waited },
      },
      taskId: r.task_id,
      ...(hold ? { notBefore: hold } : {}),
      missingRecipientReason: `“${STAGE_LABEL[r.stage]}”环节无人可以办理(未设置相应人员)`,
    };
  }
}
