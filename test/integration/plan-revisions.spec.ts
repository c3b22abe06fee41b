import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { createPerson, referencePlan } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/** Directory matching, the administrator's corrections, and revised versions of a plan. */
const doc = (lines: string[]) =>
  [
    '测试方案责任分解',
    '测办〔2026〕7号  2026年11月2日',
    '',
    '一、总体任务',
    '(一)重点工作',
    ...lines,
  ].join('\n');

const V1 = doc([
  '1.完善社会救助制度。(省民政厅、省财政厅)',
  '2.推进养老服务体系建设。(省民政厅、省卫生厅)',
  '3.到2026年底前建成信息平台。(省经济和信息化委、省民政厅)',
]);
const V2 = doc([
  '1.完善社会救助制度,提高保障水平。(省民政厅、省财政厅、省人力资源社会保障厅)',
  '3.到2027年6月底前建成信息平台。(省经济和信息化委、省民政厅)',
  '4.加强基层民政队伍建设。(省民政厅)',
]);

describe('directory matching, corrections and plan revisions', () => {
  let t: TestApp;
  let importer: PlanImportService;

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-16T01:00:00Z' });
    importer = t.app.get(PlanImportService);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await resetDatabase(t.prisma);
    await importer.commit(
      { confirmAllReview: true, content: referencePlan(), sourceName: '004.txt' },
      null,
    );
  });

  it('matches aliases, names without the level prefix and traditional characters; suggests near misses', async () => {
    const rs = await t.prisma.department.findUniqueOrThrow({
      where: { name: '省人力资源社会保障厅' },
    });
    await t.prisma.departmentAlias.create({ data: { alias: '人社厅', departmentId: rs.id } });
    const text = doc([
      '1.完善就业援助。(人社厅、民政厅、省財政廳、省人力资源和社会保障局、省新设中心)',
    ]);
    const preview = await importer.preview({ content: text, sourceName: 'x.txt' });
    const byPrinted = Object.fromEntries(preview.units.map((u) => [u.printed, u]));
    expect(byPrinted['人社厅']).toMatchObject({
      departmentName: '省人力资源社会保障厅',
      matchedBy: 'alias',
    });
    expect(byPrinted['民政厅']).toMatchObject({
      departmentName: '省民政厅',
      matchedBy: 'level-prefix',
    });
    expect(byPrinted['省財政廳']).toMatchObject({ departmentName: '省财政厅', matchedBy: 'name' });
    expect(preview.unknownUnits).toEqual(['省人力资源和社会保障局', '省新设中心']);
    expect(byPrinted['省人力资源和社会保障局']!.suggestions[0]).toMatchObject({
      name: '省人力资源社会保障厅',
    });
    expect(byPrinted['省新设中心']!.suggestions).toEqual([]);
  });

  it('applies unit corrections (map and save an alias, or create) and item corrections in one commit', async () => {
    const rs = await t.prisma.department.findUniqueOrThrow({
      where: { name: '省人力资源社会保障厅' },
    });
    const text = doc([
      '1.完善就业援助。(省人力资源和社会保障局、省民政厅)',
      '2.推进社区建设。(省民政厅、省新设中心)',
      '3.加强宣传。(省民政厅)',
    ]);
    const before = await t.prisma.task.count();
    await expect(
      importer.commit({ confirmAllReview: true, content: text, sourceName: 'x.txt' }, null),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_UNITS',
      details: { unknownUnits: ['省人力资源和社会保障局', '省新设中心'] },
    });
    await expect(
      importer.commit(
        {
          confirmAllReview: true,
          content: text,
          sourceName: 'x.txt',
          corrections: { items: [{ no: 9, skip: true }] },
        },
        null,
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'corrections.items[0].no' }],
    });
    expect(await t.prisma.task.count()).toBe(before);

    const result = await importer.commit(
      {
        confirmAllReview: true,
        content: text,
        sourceName: 'x.txt',
        corrections: {
          units: [
            { printed: '省人力资源和社会保障局', departmentId: rs.id },
            { printed: '省新设中心', create: true, name: '省社区服务中心' },
          ],
          items: [
            { no: 2, lead: ['省新设中心'], support: ['省民政厅'], dueOn: '2026-12-31' },
            { no: 3, skip: true },
          ],
        },
      },
      null,
    );
    expect(result).toMatchObject({ created: true, counts: { items: 2 } });
    const alias = await t.prisma.departmentAlias.findUniqueOrThrow({
      where: { alias: '省人力资源和社会保障局' },
    });
    expect(alias.departmentId).toBe(rs.id);
    const tasks = await t.prisma.task.findMany({
      where: { planId: result.planId },
      orderBy: { no: 'asc' },
      include: { assignments: { include: { department: true }, orderBy: { ordinal: 'asc' } } },
    });
    expect(tasks.map((x) => x.no)).toEqual([1, 2]);
    expect(tasks[0]!.assignments.map((a) => [a.department.name, a.role])).toEqual([
      ['省人力资源社会保障厅', 'LEAD'],
      ['省民政厅', 'SUPPORT'],
    ]);
    expect(tasks[1]!.assignments.map((a) => [a.department.name, a.role])).toEqual([
      ['省社区服务中心', 'LEAD'],
      ['省民政厅', 'SUPPORT'],
    ]);
    expect(tasks[1]).toMatchObject({
      dueSource: 'STATED',
      dueOn: new Date('2026-12-31T00:00:00Z'),
    });
    // The saved alias is used by the next import without any correction.
    const next = await importer.preview({
      content: doc(['1.其他工作。(省人力资源和社会保障局)']),
      sourceName: 'y.txt',
    });
    expect(next.units[0]).toMatchObject({ departmentId: rs.id, matchedBy: 'alias' });
  });

  it('applies a revised version as a diff: keeps reports, withdraws removed items, moves reminders', async () => {
    const v1 = await importer.commit(
      { confirmAllReview: true, content: V1, sourceName: 'v1.txt' },
      null,
    );
    const task1 = await t.prisma.task.findFirstOrThrow({
      where: { planId: v1.planId, no: 1 },
      include: { assignments: true },
    });
    const lead1 = task1.assignments.find((a) => a.role === 'LEAD')!;
    const author = await createPerson(t.prisma, {
      username: 'mz',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    await t.prisma.progressReport.create({
      data: {
        assignmentId: lead1.id,
        taskId: task1.id,
        departmentId: lead1.departmentId,
        authorId: author.id,
        version: 1,
        percent: 50,
        narrative: '进展过半',
      },
    });
    const task3 = await t.prisma.task.findFirstOrThrow({ where: { planId: v1.planId, no: 3 } });
    expect(task3.dueOn).toEqual(new Date('2026-12-31T00:00:00Z'));

    const preview = await importer.preview({ content: V2, sourceName: 'v2.txt' });
    expect(preview.revisionOf).toEqual({ planId: v1.planId, version: 1 });
    expect(preview.diff).toEqual({
      added: [4],
      changed: [
        { no: 1, fields: ['text', 'support'] },
        // The deadline is part of the item's text, so both change.
        { no: 3, fields: ['text', 'dueOn'] },
      ],
      removed: [2],
      unchanged: 0,
    });

    const v2 = await importer.commit(
      { confirmAllReview: true, content: V2, sourceName: 'v2.txt' },
      null,
    );
    expect(v2).toMatchObject({ planId: v1.planId, created: true, version: 2 });
    const tasks = await t.prisma.task.findMany({
      where: { planId: v1.planId },
      orderBy: { no: 'asc' },
    });
    expect(tasks.map((x) => [x.no, x.status])).toEqual([
      [1, 'ASSIGNED'],
      [2, 'WITHDRAWN'],
      [3, 'ASSIGNED'],
      [4, 'ASSIGNED'],
    ]);
    expect(tasks[0]!.text).toContain('提高保障水平');
    expect(tasks[0]!.id).toBe(task1.id);
    expect(await t.prisma.progressReport.count({ where: { taskId: task1.id } })).toBe(1);
    expect(await t.prisma.assignment.count({ where: { taskId: task1.id, removedAt: null } })).toBe(
      3,
    );
    // Item 3's reminders follow the new deadline; the old ones are cancelled, not sent.
    const r3 = await t.prisma.reminder.findMany({ where: { assignment: { taskId: task3.id } } });
    expect(
      r3
        .filter((r) => r.dueOn.toISOString().startsWith('2026-12-31'))
        .every((r) => r.status === 'CANCELLED'),
    ).toBe(true);
    expect(
      r3.filter((r) => r.dueOn.toISOString().startsWith('2027-06-30')).map((r) => r.status),
    ).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING']);
    // Withdrawn item 2 has nothing pending.
    expect(
      await t.prisma.reminder.count({
        where: { status: 'PENDING', assignment: { task: { no: 2, planId: v1.planId } } },
      }),
    ).toBe(0);
    expect(await t.prisma.planVersion.count({ where: { planId: v1.planId } })).toBe(2);

    // Importing v2 again changes nothing.
    const again = await importer.commit(
      { confirmAllReview: true, content: V2, sourceName: 'v2.txt' },
      null,
    );
    expect(again).toMatchObject({ created: false, planId: v1.planId });
    expect(await t.prisma.task.count({ where: { planId: v1.planId } })).toBe(4);

    // A third version contains item 2 again: it is reinstated (same task), through the state machine.
    const V3 = V2.replace(
      '4.加强基层民政队伍建设。(省民政厅)',
      '2.推进养老服务体系建设。(省民政厅、省卫生厅)\n4.加强基层民政队伍建设。(省民政厅)',
    );
    const v3 = await importer.commit(
      { confirmAllReview: true, content: V3, sourceName: 'v3.txt' },
      null,
    );
    expect(v3.diff).toMatchObject({ changed: [{ no: 2, fields: ['restored'] }] });
    const task2 = await t.prisma.task.findFirstOrThrow({ where: { planId: v1.planId, no: 2 } });
    expect(task2.status).toBe('ASSIGNED');
    const moves = await t.prisma.auditEvent.findMany({
      where: { entityId: task2.id, action: 'task.status_changed' },
      orderBy: { id: 'asc' },
    });
    expect(moves.map((m) => (m.data as { event: string }).event)).toEqual([
      'WITHDRAW',
      'REINSTATE',
    ]);
    expect(moves.map((m) => [m.before, m.after])).toEqual([
      [{ status: 'ASSIGNED' }, { status: 'WITHDRAWN' }],
      [{ status: 'WITHDRAWN' }, { status: 'ASSIGNED' }],
    ]);
  });

  it('drops a department from an item without losing its reports, and brings it back later', async () => {
    const v1 = await importer.commit(
      { confirmAllReview: true, content: V1, sourceName: 'v1.txt' },
      null,
    );
    const task1 = await t.prisma.task.findFirstOrThrow({
      where: { planId: v1.planId, no: 1 },
      include: { assignments: { include: { department: true } } },
    });
    const cz = task1.assignments.find((a) => a.department.name === '省财政厅')!;
    const author = await createPerson(t.prisma, {
      username: 'cz',
      role: 'LIAISON',
      departmentName: '省财政厅',
    });
    await t.prisma.progressReport.create({
      data: {
        assignmentId: cz.id,
        taskId: task1.id,
        departmentId: cz.departmentId,
        authorId: author.id,
        version: 1,
        percent: 20,
        narrative: '配合推进',
      },
    });
    const without = V1.replace('(省民政厅、省财政厅)', '(省民政厅)');
    const r = await importer.commit(
      { confirmAllReview: true, content: without, sourceName: 'v1b.txt' },
      null,
    );
    expect(r.diff).toMatchObject({ changed: [{ no: 1, fields: ['support'] }] });
    const after = await t.prisma.assignment.findUniqueOrThrow({ where: { id: cz.id } });
    expect(after.removedAt).not.toBeNull();
    expect(await t.prisma.progressReport.count({ where: { assignmentId: cz.id } })).toBe(1);
    expect(
      await t.prisma.reminder.count({ where: { assignmentId: cz.id, status: 'PENDING' } }),
    ).toBe(0);

    const back = await importer.commit(
      {
        confirmAllReview: true,
        content: V1.replace('建成信息平台。', '建成信息平台系统。'),
        sourceName: 'v1c.txt',
      },
      null,
    );
    expect(back.diff).toMatchObject({
      changed: [
        { no: 1, fields: ['support'] },
        { no: 3, fields: ['text'] },
      ],
    });
    expect(
      (await t.prisma.assignment.findUniqueOrThrow({ where: { id: cz.id } })).removedAt,
    ).toBeNull();
  });
});
