import { MailCapture } from '../../scripts/kit/mail-capture';
import { EscalationService } from '../../src/modules/escalation/escalation.service';
import { LaggingService } from '../../src/modules/escalation/lagging.service';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { createPerson, eventually } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * Lagging warnings (progress far behind 序时进度, or silent too long) and the red card to the
 * responsible leader. The plan is assigned on Monday 2026-11-02; items 1–2 are due 2026-12-31,
 * item 3 is ongoing.
 */
const DOC = [
  '预警测试方案',
  '测办〔2026〕11号  2026年11月2日',
  '一、总体任务',
  '(一)重点工作',
  '1.完善社会救助制度。(省民政厅、省财政厅)',
  '2.推进养老服务体系建设。(省民政厅)',
  '3.持续加强政策宣传。(省民政厅)',
].join('\n');

describe('lagging warnings and red cards', () => {
  const mail = new MailCapture();
  let t: TestApp;
  const tasks: Record<number, string> = {};
  const to = (who: string, kind: string) =>
    mail.messages().filter((m) => m.to.includes(`${who}@example.test`) && m.subject.includes(kind));

  beforeAll(async () => {
    const { smtpPort } = await mail.start();
    t = await createTestApp({
      start: '2026-11-02T01:00:00Z',
      env: { SMTP_PORT: String(smtpPort) },
    });
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'mz', role: 'LIAISON', departmentName: '省民政厅' });
    await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    const leader = await createPerson(t.prisma, { username: 'boss', role: 'LEADER' });
    const result = await t.app.get(PlanImportService).commit(
      {
        content: DOC,
        sourceName: 'l.txt',
        defaultDueOn: '2026-12-31',
        createUnknownUnits: true,
        confirmAllReview: true,
        corrections: { items: [{ no: 3, dueOn: null }] },
      },
      null,
    );
    for (const task of await t.prisma.task.findMany({ where: { planId: result.planId } }))
      tasks[task.no] = task.id;
    const mz = await t.prisma.department.findUniqueOrThrow({ where: { name: '省民政厅' } });
    await t.prisma.leaderDepartment.create({ data: { leaderId: leader.id, departmentId: mz.id } });
    // Item 2 reports good progress early; items 1 and 3 never report.
    await t.prisma.task.update({
      where: { id: tasks[2] },
      data: { percent: 60, lastReportAt: new Date('2026-11-03T02:00:00Z') },
    });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('warns when progress falls far behind the share of working time elapsed, once', async () => {
    const lagging = t.app.get(LaggingService);
    expect(await lagging.sweep()).toMatchObject({ behindSchedule: 0, noReport: 0 });
    t.clock.set('2026-11-27T02:00:00Z'); // 19 of 43 working days elapsed: expected 44%, item 1 at 0%
    expect(await lagging.sweep()).toMatchObject({ behindSchedule: 1, noReport: 0 });
    const [warning] = await eventually(
      async () => to('mz', '进度预警').length === 1 && to('mz', '进度预警'),
    );
    expect(warning!.subject).toContain('第1项');
    expect(warning!.text).toMatch(/低于序时进度4\d%/);
    expect(await lagging.sweep()).toMatchObject({ behindSchedule: 0, noReport: 0 });
  });

  it('warns about an ongoing task with no report for 20 working days', async () => {
    t.clock.set('2026-12-01T02:00:00Z'); // 21 working days after assignment
    const result = await t.app.get(LaggingService).sweep();
    expect(result.noReport).toBe(1);
    const warnings = await eventually(
      async () => to('mz', '进度预警').length === 2 && to('mz', '进度预警'),
    );
    expect(warnings.some((m) => m.subject.includes('第3项') && m.text.includes('未报送进展'))).toBe(
      true,
    );
    const step = await t.prisma.escalation.findFirstOrThrow({
      where: { taskId: tasks[3], level: 'LAGGING' },
    });
    expect(step.dueOn.toISOString().slice(0, 10)).toBe('9999-12-31');
  });

  it('gives the red card 10 working days after the deadline, to the responsible leader and the office', async () => {
    const sweep = t.app.get(EscalationService);
    t.clock.set('2027-01-13T02:00:00Z'); // 9 working days after 12-31 (2027 without holiday data)
    expect((await sweep.sweep()).redCards).toBe(0);
    t.clock.set('2027-01-14T02:00:00Z'); // 10 working days
    expect((await sweep.sweep()).redCards).toBe(2);
    await eventually(
      async () => to('boss', '红牌警示').length === 2 && to('sup', '红牌警示').length === 2,
    );
    expect(to('boss', '红牌警示')[0]!.subject).toContain('将列入通报');
    // The red card names the supervision notice that preceded it; the ongoing item 3 has no ladder.
    expect(to('boss', '红牌警示')[0]!.text).toMatch(/督〔2027〕\d+号/);
    expect(
      await t.prisma.escalation.count({ where: { taskId: tasks[3], level: { not: 'LAGGING' } } }),
    ).toBe(0);
    expect((await sweep.sweep()).redCards).toBe(0);
  });
});
