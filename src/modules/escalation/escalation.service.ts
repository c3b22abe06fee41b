import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { fromDbDate, localDateOf } from '../../common/time/local-date';
import { CalendarChangeListeners } from '../calendar/calendar-change';
import { CalendarService } from '../calendar/calendar.service';
import { PlanPolicy } from '../plan-policy/plan-policy';
import { policyOf } from '../plan-policy/resolve-policy';
import { sweepCutoffs } from './escalation-policy';
import {
  countOpenBeforeSupervision,
  DueOnPolicyCountRow,
  EscalationLevel,
  insertOverdueSteps,
  LadderStepRow,
} from './escalation.sql';
import { LadderMessagesService } from './ladder-messages.service';
import { LadderRecorder } from './ladder-recorder.service';
import { publishedPlanGroups } from './published-plan-groups';
import { SupervisionNoticeService } from './supervision-notice.service';

export interface SweepResult {
  today: string;
  urging: number;
  supervision: number;
  redCards: number;
  superseded: number;
  deliveries: number;
}

/**
 * The overdue sweep: which open tasks reach the urging notice, the supervision notice or the red
 * card today. Each step of the ladder is inserted once per task and deadline (unique key),
 * set-based over all open tasks, and its notices (LadderMessagesService) are written in the same
 * transaction (LadderRecorder). Running it twice, or on two instances at once, sends nothing twice.
 */
@Injectable()
export class EscalationService implements OnModuleInit {
  private readonly logger = new Logger(EscalationService.name);

  constructor(
    private readonly calendars: CalendarService,
    private readonly calendarListeners: CalendarChangeListeners,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly recorder: LadderRecorder,
    private readonly notices: SupervisionNoticeService,
    private readonly ladderMessages: LadderMessagesService,
  ) {}

  async sweep(): Promise<SweepResult> {
    const now = this.clock.now();
    const today = localDateOf(now);
    const calendar = this.calendars.current();
    const { result: steps, deliveryIds } = await this.recorder.run(
      async (tx) => {
        const supervision: LadderStepRow[] = [];
        const urging: LadderStepRow[] = [];
        const redCards: LadderStepRow[] = [];
        // Each plan may set its own thresholds: one set of inserts per distinct policy.
        for (const { policy, planIds } of await publishedPlanGroups(tx, escalationThresholds)) {
          const cut = sweepCutoffs(today, calendar, policy.escalation);
          // Highest step first: a task found already past a later threshold gets that step only;
          // the earlier ones are recorded as superseded (no backlog storm).
          const step = (
            level: EscalationLevel,
            dueOnOrBefore: string,
            supersededIfOnOrBefore?: string,
          ) =>
            tx.$queryRaw<LadderStepRow[]>(
              insertOverdueSteps({ level, dueOnOrBefore, supersededIfOnOrBefore, planIds, now }),
            );
          redCards.push(...(await step('RED_CARD', cut.redCardDueOnOrBefore)));
          supervision.push(
            ...(await step('SUPERVISION', cut.supervisionDueOnOrBefore, cut.redCardDueOnOrBefore)),
          );
          urging.push(
            ...(await step('URGING', cut.urgingDueOnOrBefore, cut.supervisionDueOnOrBefore)),
          );
        }
        await this.notices.number(
          tx,
          supervision.filter((x) => !x.superseded),
          Number(today.slice(0, 4)),
        );
        const all = [...redCards, ...supervision, ...urging];
        const live = all.filter((x) => !x.superseded);
        return {
          result: all,
          messages: await this.ladderMessages.messagesFor(tx, live, today),
          audit: all.map((s) => ({
            actorId: null,
            action: s.superseded
              ? `escalation.${s.level.toLowerCase()}.superseded`
              : `escalation.${s.level.toLowerCase()}`,
            entityType: 'task',
            entityId: s.task_id,
            data: { escalationId: s.id, dueOn: fromDbDate(s.due_on), sweptOn: today },
          })),
        };
      },
      { timeout: 120_000 },
    );
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

  onModuleInit(): void {
    this.calendarListeners.register({
      onCalendarChanged: async () => ({
        kind: 'escalations',
        moved: await this.countMovedByCalendarChange(),
      }),
    });
  }

  /**
   * After a holiday year changed: how many open tasks, not yet at the last step of the ladder, now
   * reach a step on another day than before. Steps are not stored ahead (the sweep derives them from
   * the calendar), so this counts what moved rather than rewriting rows.
   */
  private async countMovedByCalendarChange(): Promise<number> {
    const before = this.calendars.previous();
    const after = this.calendars.current();
    const rows = await this.prisma.$queryRaw<DueOnPolicyCountRow[]>(countOpenBeforeSupervision());
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
}

/** Plans that agree on all three thresholds share the sweep's statements. */
function escalationThresholds({ escalation }: PlanPolicy): string {
  return `${escalation.urgingAfter}/${escalation.supervisionAfter}/${escalation.redCardAfter}`;
}
