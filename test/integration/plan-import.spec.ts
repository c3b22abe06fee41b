import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { referencePlan, truth } from '../support/fixtures';
import { asOwner } from '../support/owner-db';

const TABLES = [
  'plan',
  'chapter',
  'section',
  'task',
  'assignment',
  'department',
  'reminder',
  'audit_event',
] as const;

describe('plan import into PostgreSQL', () => {
  let t: TestApp;
  let importer: PlanImportService;

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const [{ n }] = await t.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ${table}`,
      );
      out[table] = n;
    }
    return out;
  };
  const importReference = (opts: { defaultDueOn?: string } = {}) =>
    importer.commit(
      { content: referencePlan(), sourceName: '004.txt', confirmAllReview: true, ...opts },
      null,
    );

  beforeAll(async () => {
    // Monday 2026-11-16 09:00 in Shanghai.
    t = await createTestApp({ start: '2026-11-16T01:00:00Z' });
    importer = t.app.get(PlanImportService);
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.prisma));

  it('creates the plan, 7 chapters, 21 sections, 80 tasks, 224 assignments and 45 units (3 collective)', async () => {
    const result = await importReference({ defaultDueOn: '2026-11-27' });
    expect(result.created).toBe(true);
    expect(result.counts).toEqual({
      items: 80,
      chapters: 7,
      sections: 21,
      assignments: 224,
      units: 45,
      newUnits: 45,
    });
    const c = await counts();
    expect(c).toMatchObject({
      plan: 1,
      chapter: 7,
      section: 21,
      task: 80,
      assignment: 224,
      department: 45,
    });
    const collective = await t.prisma.department.findMany({
      where: { isCollective: true },
      orderBy: { name: 'asc' },
    });
    expect(collective.map((d) => d.name)).toEqual([
      '各社会组织业务主管单位',
      '各行业协会业务主管单位',
      '省老龄委各成员单位',
    ]);
    const plan = await t.prisma.plan.findFirstOrThrow();
    expect(plan.documentNumber).toBe('苏办〔2012〕85号');
  });

  it('assigns every item to its lead and supporting departments exactly as the truth file reads them', async () => {
    await importReference();
    const tasks = await t.prisma.task.findMany({
      include: { assignments: { include: { department: true }, orderBy: { ordinal: 'asc' } } },
    });
    const byNo = new Map(tasks.map((x) => [x.no, x]));
    for (const item of truth().items) {
      const task = byNo.get(item.no)!;
      const lead = task.assignments.filter((a) => a.role === 'LEAD').map((a) => a.department.name);
      const support = task.assignments
        .filter((a) => a.role === 'SUPPORT')
        .map((a) => a.department.name);
      expect({ no: item.no, lead, support: support.sort() }).toEqual({
        no: item.no,
        lead: item.lead,
        support: [...item.support].sort(),
      });
    }
  });

  it('gives stated deadlines to their items, the default to the rest, and plans T−5/T−1 reminders', async () => {
    const result = await importReference({ defaultDueOn: '2026-11-27' });
    const tasks = await t.prisma.task.findMany({ orderBy: { no: 'asc' } });
    const stated = tasks
      .filter((x) => x.dueSource === 'STATED')
      .map((x) => [x.no, x.dueOn!.toISOString().slice(0, 10)]);
    expect(stated).toEqual([
      [12, '2015-12-31'],
      [16, '2013-12-31'],
      [24, '2015-12-31'],
      [31, '2015-12-31'],
    ]);
    expect(tasks.filter((x) => x.dueSource === 'PLAN_DEFAULT')).toHaveLength(76);
    // Every assignment has a deadline: two reminder rows each. Past deadlines are recorded as skipped.
    expect(await t.prisma.reminder.count({ where: { kind: 'DEADLINE_APPROACHING' } })).toBe(
      224 * 2,
    );
    // And it arrived: 3 working days to acknowledge (Thursday 19th), reminded on its last morning
    // and urged the next working day.
    const acks = await t.prisma.reminder.groupBy({
      by: ['kind', 'fireAt', 'status'],
      where: { kind: { in: ['ACK_DUE', 'ACK_OVERDUE'] } },
      _count: true,
      orderBy: { kind: 'asc' },
    });
    expect(acks.map((g) => [g.kind, g.fireAt.toISOString(), g.status, g._count])).toEqual([
      ['ACK_DUE', '2026-11-19T01:00:00.000Z', 'PENDING', 224],
      ['ACK_OVERDUE', '2026-11-20T01:00:00.000Z', 'PENDING', 224],
    ]);
    expect(await t.prisma.assignment.count({ where: { ackDueOn: new Date('2026-11-19') } })).toBe(
      224,
    );
    const pastAssignments = await t.prisma.assignment.count({
      where: { task: { dueSource: 'STATED' } },
    });
    expect(result.reminders).toEqual({
      pending: (224 - pastAssignments) * 2,
      skipped: pastAssignments * 2,
    });
    const t5 = await t.prisma.reminder.findFirstOrThrow({
      where: { offsetWorkingDays: 5, dueOn: new Date('2026-11-27T00:00:00Z') },
    });
    expect(t5.fireAt.toISOString()).toBe('2026-11-20T01:00:00.000Z');
    expect(t5.status).toBe('PENDING');
  });

  it('leaves items without a stated deadline ongoing when no default is given', async () => {
    await importReference();
    expect(await t.prisma.task.count({ where: { dueSource: 'ONGOING', dueOn: null } })).toBe(76);
    const withDeadline = await t.prisma.assignment.count({
      where: { task: { dueOn: { not: null } } },
    });
    expect(await t.prisma.reminder.count({ where: { kind: 'DEADLINE_APPROACHING' } })).toBe(
      withDeadline * 2,
    );
    // Every assignment, ongoing or not, is to be acknowledged.
    expect(
      await t.prisma.reminder.count({ where: { kind: { in: ['ACK_DUE', 'ACK_OVERDUE'] } } }),
    ).toBe(224 * 2);
  });

  it('is idempotent: importing the same file again changes nothing', async () => {
    const first = await importReference({ defaultDueOn: '2026-11-27' });
    const before = await counts();
    const second = await importReference({ defaultDueOn: '2026-11-27' });
    expect(second).toMatchObject({ created: false, planId: first.planId });
    expect(await counts()).toEqual(before);
  });

  it('changes nothing on preview', async () => {
    const preview = await importer.preview({ content: referencePlan(), sourceName: '004.txt' });
    expect(preview.counts.items).toBe(80);
    expect(preview.existingPlanId).toBeNull();
    expect(Object.values(await counts()).every((n) => n === 0)).toBe(true);
  });

  it('rolls back everything when any part of the import fails', async () => {
    // As the owner: the service's role cannot create triggers.
    await asOwner(`
      CREATE FUNCTION fail_reminder() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_reminder BEFORE INSERT ON reminder FOR EACH STATEMENT EXECUTE FUNCTION fail_reminder();`);
    try {
      await expect(importReference({ defaultDueOn: '2026-11-27' })).rejects.toThrow(
        /injected failure/,
      );
    } finally {
      await asOwner('DROP TRIGGER fail_reminder ON reminder; DROP FUNCTION fail_reminder();');
    }
    expect(Object.values(await counts()).every((n) => n === 0)).toBe(true);
  });

  it('refuses units unknown to an existing directory unless the administrator confirms them', async () => {
    await importReference();
    const other = '测试方案\n一、总体要求\n(一)第一部分\n1.建立新机制。(省民政厅、省新设局)\n';
    const before = await counts();
    await expect(
      importer.commit({ content: other, sourceName: 'x.txt', confirmAllReview: true }, null),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_UNITS',
      details: { unknownUnits: ['省新设局'] },
    });
    expect(await counts()).toEqual(before);
    const ok = await importer.commit(
      { content: other, sourceName: 'x.txt', createUnknownUnits: true, confirmAllReview: true },
      null,
    );
    expect(ok.created).toBe(true);
    expect(await t.prisma.department.count()).toBe(46);
  });
});
