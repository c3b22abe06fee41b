import type { ReminderKind, TaskStatus } from '../../src/generated/prisma/enums';
import { ReminderWaveService } from '../../src/modules/reminders/reminder-wave.service';
import {
  CANCEL_NOT_SUPERVISED,
  SKIP_DEADLINE_PASSED,
  SKIP_REPORTED,
} from '../../src/modules/reminders/reminder-policy';
import { seedPendingReminders } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * What a wave does with each due reminder, decided by the wave's one statement from the reminder
 * policy's values (`waveRules`): sent, cancelled (task no longer supervised, department no longer
 * assigned), skipped (deadline passed at the end of its Shanghai day; report made in the period).
 */
describe('reminder wave outcomes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-20T00:00:00Z' });
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * One due reminder (fired 2026-11-20 09:00 Shanghai) on a task due 2026-12-04, shaped by `shape`;
   * the wave runs at `now`. Returns the reminder's status and reason afterwards.
   */
  async function outcomeOf(
    now: string,
    shape: {
      kind?: ReminderKind;
      dueOn?: string;
      periodStart?: string;
      taskStatus?: TaskStatus;
      removed?: boolean;
      lastReportAt?: string;
    } = {},
  ): Promise<{ status: string; skippedReason: string | null }> {
    await resetDatabase(t.prisma);
    const fireAt = new Date('2026-11-20T01:00:00Z');
    const planId = await seedPendingReminders(t.prisma, {
      departments: 1,
      tasksEach: 1,
      dueOn: '2026-12-04',
      fireAt,
    });
    const task = await t.prisma.task.findFirstOrThrow({ where: { planId } });
    const assignment = await t.prisma.assignment.findFirstOrThrow({ where: { taskId: task.id } });
    await t.prisma.task.update({
      where: { id: task.id },
      data: { status: shape.taskStatus ?? 'IN_PROGRESS' },
    });
    await t.prisma.assignment.update({
      where: { id: assignment.id },
      data: {
        removedAt: shape.removed ? fireAt : null,
        lastReportAt: shape.lastReportAt ? new Date(shape.lastReportAt) : null,
      },
    });
    await t.prisma.reminder.updateMany({
      data: {
        kind: shape.kind ?? 'DEADLINE_APPROACHING',
        dueOn: new Date(`${shape.dueOn ?? '2026-12-04'}T00:00:00Z`),
        periodStart: shape.periodStart ? new Date(`${shape.periodStart}T00:00:00Z`) : null,
      },
    });
    t.clock.set(now);
    await t.app.get(ReminderWaveService).run();
    return t.prisma.reminder.findFirstOrThrow({ select: { status: true, skippedReason: true } });
  }

  const before = '2026-12-03T01:00:00Z';

  it('sends a due reminder of an open task', async () => {
    expect(await outcomeOf(before)).toEqual({ status: 'SENT', skippedReason: null });
  });

  it('cancels when the task is no longer supervised or the department no longer assigned', async () => {
    for (const taskStatus of ['CLOSED', 'SUSPENDED', 'WITHDRAWN'] as const) {
      expect(await outcomeOf(before, { taskStatus })).toEqual({
        status: 'CANCELLED',
        skippedReason: CANCEL_NOT_SUPERVISED,
      });
    }
    expect((await outcomeOf(before, { removed: true })).status).toBe('CANCELLED');
  });

  it('skips a deadline reminder from the end of its Shanghai day', async () => {
    expect((await outcomeOf('2026-12-04T15:59:59Z')).status).toBe('SENT');
    expect(await outcomeOf('2026-12-04T16:00:00Z')).toEqual({
      status: 'SKIPPED',
      skippedReason: SKIP_DEADLINE_PASSED,
    });
  });

  it('skips a report reminder once a report was made in its period (from its Shanghai midnight)', async () => {
    const report = { kind: 'REPORT_MISSED', periodStart: '2026-11-26' } as const;
    expect((await outcomeOf(before, report)).status).toBe('SENT');
    const justBefore = { ...report, lastReportAt: '2026-11-25T15:59:59Z' };
    expect((await outcomeOf(before, justBefore)).status).toBe('SENT');
    const within = { ...report, lastReportAt: '2026-11-25T16:00:00Z' };
    expect(await outcomeOf(before, within)).toEqual({
      status: 'SKIPPED',
      skippedReason: SKIP_REPORTED,
    });
    // A report reminder's due date passing does not skip it: it urges a missed report.
    expect((await outcomeOf(before, { ...report, dueOn: '2026-11-01' })).status).toBe('SENT');
  });
});
