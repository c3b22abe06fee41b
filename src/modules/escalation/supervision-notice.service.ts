import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/errors/domain.exception';
import { Clock } from '../../infra/clock/clock';
import { Tx } from '../../infra/prisma/prisma.service';
import { fromDbDate, localDateOf } from '../../common/time/local-date';
import { OPEN_STATUSES } from '../tasks/task-deadline';
import { supervisionNoticeNo } from './escalation-policy';
import {
  noticeAlreadyIssued,
  noticeOnClosedTask,
  noticeOnOngoingTask,
  noticeOnPausedTask,
} from './escalation.errors';
import type { LadderStepRow } from './escalation.sql';
import { LadderMessagesService } from './ladder-messages.service';
import { LadderRecorder } from './ladder-recorder.service';
import {
  insertManualSupervisionStep,
  lockTaskForNotice,
  NoticeTaskRow,
  reserveNoticeNumbers,
  selectInNoticeOrder,
  setNoticeNumbers,
} from './supervision-notice.sql';

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
 * The supervision notice (督办单): its numbers (督〔年〕N号, one sequence per year, shared by the
 * sweep and the office) and the notice the office issues by hand from the task page.
 */
@Injectable()
export class SupervisionNoticeService {
  constructor(
    private readonly clock: Clock,
    private readonly recorder: LadderRecorder,
    private readonly ladderMessages: LadderMessagesService,
  ) {}

  /**
   * A supervision notice issued by hand: the SUPERVISION step for the task's current deadline,
   * numbered and sent exactly as the sweep's (same messages, same recipients), and audited with
   * its issuer. The sweep then finds the step and sends nothing twice. Refused for a task that is
   * closed, withdrawn, suspended or disputed, has no deadline, or already has it.
   */
  async issue(taskId: string, actorId: string): Promise<IssuedNotice> {
    const now = this.clock.now();
    const today = localDateOf(now);
    const { result } = await this.recorder.run(async (tx) => {
      const [task] = await tx.$queryRaw<NoticeTaskRow[]>(lockTaskForNotice(taskId));
      if (!task) throw notFound('该任务');
      if (task.status === 'CLOSED' || task.status === 'WITHDRAWN') throw noticeOnClosedTask();
      if (!(OPEN_STATUSES as readonly string[]).includes(task.status)) {
        throw noticeOnPausedTask(task.status);
      }
      if (!task.due_on) throw noticeOnOngoingTask();
      const [step] = await tx.$queryRaw<LadderStepRow[]>(insertManualSupervisionStep(taskId, now));
      const dueOn = fromDbDate(task.due_on);
      if (!step) {
        const existing = await tx.escalation.findFirst({
          where: { taskId, level: 'SUPERVISION', dueOn: task.due_on },
          select: { noticeNo: true },
        });
        throw noticeAlreadyIssued(dueOn, existing?.noticeNo ?? null);
      }
      await this.number(tx, [step], Number(today.slice(0, 4)));
      const { noticeNo } = await tx.escalation.findUniqueOrThrow({
        where: { id: step.id },
        select: { noticeNo: true },
      });
      const messages = await this.ladderMessages.messagesFor(tx, [step], today);
      return {
        result: {
          escalationId: step.id,
          taskId,
          noticeNo: noticeNo!,
          dueOn,
          recipients: messages.length,
        },
        messages,
        audit: [
          {
            actorId,
            action: 'escalation.supervision.manual',
            entityType: 'task',
            entityId: taskId,
            data: { taskId, escalationId: step.id, dueOn, noticeNo },
          },
        ],
      };
    });
    return result;
  }

  /**
   * Numbers these supervision steps from `year`'s sequence, in one block reserved by one
   * statement, by plan and task number.
   */
  async number(tx: Tx, steps: LadderStepRow[], year: number): Promise<void> {
    if (steps.length === 0) return;
    const [{ last }] = await tx.$queryRaw<{ last: number }[]>(
      reserveNoticeNumbers(year, steps.length),
    );
    const first = last - steps.length + 1;
    const ordered = await tx.$queryRaw<{ id: string }[]>(
      selectInNoticeOrder(steps.map((s) => s.id)),
    );
    const numbers = ordered.map((_, i) => supervisionNoticeNo(year, first + i));
    await tx.$executeRaw(
      setNoticeNumbers(
        ordered.map((o) => o.id),
        numbers,
      ),
    );
  }
}
