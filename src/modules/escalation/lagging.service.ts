import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { CalendarService } from '../calendar/calendar.service';
import { fromDbDate, instantAt, localDateOf } from '../../common/time/local-date';
import { expectedPercent } from './escalation-policy';
import {
  AssignedDuePairRow,
  insertBehindSchedule,
  insertNoReport,
  LaggingRow,
  selectAssignedDuePairs,
} from './lagging.sql';
import { LadderMessagesService } from './ladder-messages.service';
import { LadderRecorder } from './ladder-recorder.service';
import { publishedPlanGroups } from './published-plan-groups';

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
    private readonly recorder: LadderRecorder,
    private readonly ladderMessages: LadderMessagesService,
  ) {}

  async sweep(): Promise<LaggingResult> {
    const now = this.clock.now();
    const today = localDateOf(now);
    const calendar = this.calendars.current();
    // One pass per distinct lagging policy, not per plan: a national cascade has 1,300 plans.
    const groups = await publishedPlanGroups(this.prisma, ({ lagging }) => JSON.stringify(lagging));
    const { result: rows, deliveryIds } = await this.recorder.run(
      async (tx) => {
        const rows: LaggingRow[] = [];
        for (const { policy, planIds } of groups) {
          const { lagging } = policy;
          // Expected progress depends only on (assigned on, due on): computed once per pair.
          const pairs = await tx.$queryRaw<AssignedDuePairRow[]>(
            selectAssignedDuePairs(planIds, today),
          );
          if (pairs.length > 0) {
            const start = pairs.map((p) => fromDbDate(p.start));
            const dueOn = pairs.map((p) => fromDbDate(p.due_on));
            const expected = pairs.map((_, i) =>
              expectedPercent(calendar, start[i], dueOn[i], today),
            );
            rows.push(
              ...(await tx.$queryRaw<LaggingRow[]>(
                insertBehindSchedule({
                  planIds,
                  now,
                  progress: { start, dueOn, expected },
                  gapPercent: lagging.gapPercent,
                }),
              )),
            );
          }
          // Silent: no report (or none since assignment) for N working days, not yet overdue.
          const silentSince = instantAt(
            calendar.addWorkingDays(today, -lagging.noReportWorkingDays),
            0,
          );
          rows.push(
            ...(await tx.$queryRaw<LaggingRow[]>(
              insertNoReport({ planIds, now, today, silentSince }),
            )),
          );
        }
        return {
          result: rows,
          messages: await this.ladderMessages.laggingMessages(tx, rows, now, today),
          audit: rows.map((r) => ({
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
        };
      },
      { timeout: 120_000 },
    );
    const result: LaggingResult = {
      behindSchedule: rows.filter((r) => r.reason === 'behind-schedule').length,
      noReport: rows.filter((r) => r.reason === 'no-report').length,
      deliveries: deliveryIds.length,
    };
    if (rows.length > 0) this.logger.log(result, 'lagging warnings');
    return result;
  }
}
