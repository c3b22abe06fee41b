import { EscalationService } from '../../src/modules/escalation/escalation.service';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { PlanPolicyService } from '../../src/modules/plans/plan-policy.service';
import { wholeScope } from '../../src/modules/auth/scope';
import { createPerson } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * Each plan's own ladder thresholds: two plans that agree on urging and supervision but not on the
 * red card must each get their own red-card day (the sweep groups plans by their thresholds).
 */
const doc = (title: string, no: number, unit: string) =>
  [
    title,
    `测办〔2026〕${no}号  2026年11月2日`,
    '一、总体任务',
    `1.完善社会救助制度。(${unit})`,
  ].join('\n');

describe('ladder thresholds per plan', () => {
  let t: TestApp;
  const taskOf: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-02T01:00:00Z' });
    await resetDatabase(t.prisma);
    const office = await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    const policies = t.app.get(PlanPolicyService);
    for (const [key, no, unit, redCardAfter] of [
      ['early', 21, '省民政厅', 10],
      ['late', 22, '省财政厅', 15],
    ] as const) {
      const { planId } = await t.app.get(PlanImportService).commit(
        {
          content: doc(`${key}方案`, no, unit),
          sourceName: `${key}.txt`,
          defaultDueOn: '2026-11-30',
          createUnknownUnits: true,
          confirmAllReview: true,
        },
        null,
      );
      await policies.update(wholeScope({ ...office, departmentId: null }), planId!, {
        escalation: { urgingAfter: 1, supervisionAfter: 5, redCardAfter },
      });
      const task = await t.prisma.task.findFirstOrThrow({ where: { planId: planId! } });
      taskOf[key] = task.id;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives the red card on each plan’s own day', async () => {
    // Due Mon 2026-11-30; on Tue 2026-12-15 both are 11 working days overdue.
    t.clock.set('2026-12-15T02:00:00Z');
    await t.app.get(EscalationService).sweep();
    const live = async (taskId: string) =>
      (await t.prisma.escalation.findMany({ where: { taskId, superseded: false } })).map(
        (e) => e.level,
      );
    expect(await live(taskOf.early!)).toEqual(['RED_CARD']);
    expect(await live(taskOf.late!)).toEqual(['SUPERVISION']);
  });
});
