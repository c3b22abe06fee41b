import { DomainException } from '../../src/common/errors/domain.exception';
import { AccessPolicyService } from '../../src/modules/auth/access-policy.service';
import { wholeScope } from '../../src/modules/auth/scope';
import { fromDbDate } from '../../src/common/time/local-date';
import { CascadeService } from '../../src/modules/cascade/cascade.service';
import { PlanLinkService } from '../../src/modules/cascade/plan-link.service';
import { RollupService } from '../../src/modules/cascade/rollup.service';
import { EscalationService } from '../../src/modules/escalation/escalation.service';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { reminderJobId } from '../../src/modules/reminders/reminder-policy';
import { CounterpartsService } from '../../src/modules/regions/counterparts.service';
import { SupervisionStatsService } from '../../src/modules/supervision/supervision-stats.service';
import { TaskListsService } from '../../src/modules/supervision/task-lists.service';
import { RegionsService } from '../../src/modules/regions/regions.service';
import { createPerson, referencePlan, schedulerIdle } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

const SYSTEM = { id: 'system', username: 'system', role: 'ADMIN' as const, departmentId: null };

/** The vertically managed units of the reference plan: no local counterpart by name. */
const VERTICAL = ['人民银行南京分行', '江苏保监局', '江苏证监局'];
const CITIES = [
  ['320100', '南京市'],
  ['320200', '无锡市'],
  ['320500', '苏州市'],
] as const;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainException) return e.code;
    throw e;
  }
  throw new Error('expected a DomainException');
}

describe('cascading a plan to the regions below (PostgreSQL)', () => {
  let t: TestApp;
  let cascade: CascadeService;
  let regions: RegionsService;
  let counterparts: CounterpartsService;
  let planId: string;
  let cityIds: string[];

  const count = async (table: string) =>
    (await t.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0]
      .n;
  /** A commit, then its follow-ups (notices, acknowledgement deadlines), which a worker settles. */
  const commit = async (...args: Parameters<CascadeService['commit']>) => {
    const result = await cascade.commit(...args);
    await schedulerIdle(t);
    return result;
  };
  const snapshot = async () => ({
    plan: await count('plan'),
    task: await count('task'),
    assignment: await count('assignment'),
    reminder: await count('reminder'),
    department: await count('department'),
  });

  beforeAll(async () => {
    // Monday 2026-11-16 09:00 in Shanghai.
    t = await createTestApp({ start: '2026-11-16T01:00:00Z' });
    cascade = t.app.get(CascadeService);
    regions = t.app.get(RegionsService);
    counterparts = t.app.get(CounterpartsService);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await resetDatabase(t.prisma);
    planId = (
      await t.app.get(PlanImportService).commit(
        {
          content: referencePlan(),
          sourceName: '004.txt',
          defaultDueOn: '2026-12-31',
          confirmAllReview: true,
        },
        null,
      )
    ).planId;
    cityIds = [];
    for (const [code, name] of CITIES) {
      cityIds.push((await regions.create(null, { code, name, level: 'CITY' })).id);
    }
  });

  it('derives every city department by name except the vertically managed ones', async () => {
    const result = await counterparts.derive(null, cityIds);
    expect(result.unmapped.map((u) => [u.regionName, u.departments.sort()])).toEqual(
      CITIES.map(([, name]) => [name, [...VERTICAL].sort()]),
    );
    const upper = await t.prisma.department.count({ where: { regionId: null } });
    expect(result.created).toBe((upper - VERTICAL.length) * CITIES.length);
    expect(result.linked).toBe(result.created);
    const nanjing = await counterparts.list(wholeScope(SYSTEM), cityIds[0]);
    expect(nanjing.find((c) => c.departmentName === '省民政厅')?.counterpartName).toBe(
      '南京市民政局',
    );
    // Deriving again keeps what is there.
    expect((await counterparts.derive(null, cityIds)).created).toBe(0);
  });

  it('refuses, creating nothing, while a department has no counterpart in a region', async () => {
    await counterparts.derive(null, cityIds);
    const preview = await cascade.preview(planId, { regionIds: cityIds });
    expect(preview.blocked).toBe(true);
    expect(preview.regions[0].unmapped.map((u) => u.departmentName).sort()).toEqual(
      [...VERTICAL].sort(),
    );
    const before = await snapshot();
    expect(await codeOf(cascade.commit(planId, { regionIds: cityIds }, null))).toBe(
      'UNMAPPED_UNITS',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('creates one child plan per region with every item, its counterparts, deadlines, parent links and reminders', async () => {
    await counterparts.derive(null, cityIds);
    const parentAssignments = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM assignment a JOIN task tk ON tk.id = a.task_id JOIN department d ON d.id = a.department_id
      WHERE tk.plan_id = ${planId}::uuid AND NOT (d.name = ANY(${VERTICAL}::text[]))`;
    const result = await commit(planId, { regionIds: cityIds, omitUnmappedSupport: true }, null);
    expect(result.childPlans).toEqual({ created: 3, total: 3 });
    expect(result.tasks).toBe(80 * 3);
    expect(result.assignments).toBe(parentAssignments[0].n * 3);

    const child = await t.prisma.plan.findFirstOrThrow({
      where: { parentPlanId: planId, regionId: cityIds[0] },
      include: { tasks: { include: { assignments: { include: { department: true } } } } },
    });
    const item31 = child.tasks.find((x) => x.no === 31)!;
    const parent31 = await t.prisma.task.findFirstOrThrow({ where: { planId, no: 31 } });
    expect(item31.parentTaskId).toBe(parent31.id);
    expect(item31.dueOn?.getTime()).toBe(parent31.dueOn?.getTime());
    expect(
      item31.assignments.filter((a) => a.role === 'LEAD').map((a) => a.department.name),
    ).toEqual(['南京市民政局']);
    expect(await t.prisma.chapter.count({ where: { planId: child.id } })).toBe(7);

    // The follow-ups, settled by the reconcile job the commit enqueued: every child assignment has
    // its notice (one per department and child plan) and its acknowledgement deadline.
    const childAssignments = { task: { plan: { parentPlanId: planId } } };
    expect(
      await t.prisma.assignment.count({ where: { ...childAssignments, noticedAt: null } }),
    ).toBe(0);
    expect(
      await t.prisma.assignment.count({
        where: { ...childAssignments, ackState: 'PENDING', ackDueOn: null },
      }),
    ).toBe(0);
    const childPlanIds = (
      await t.prisma.plan.findMany({ where: { parentPlanId: planId }, select: { id: true } })
    ).map((p) => p.id);
    const departmentsPerPlan = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT (tk.plan_id, a.department_id))::int AS n
      FROM assignment a JOIN task tk ON tk.id = a.task_id WHERE tk.plan_id = ANY(${childPlanIds}::uuid[])`;
    expect(await t.prisma.assignmentNotice.count({ where: { planId: { in: childPlanIds } } })).toBe(
      departmentsPerPlan[0].n,
    );

    // Two reminders (T−5, T−1) per assignment of a task with a deadline, with reminderJobId's ids.
    const dated = await t.prisma.assignment.count({
      where: { task: { plan: { parentPlanId: planId }, dueOn: { not: null } } },
    });
    expect(result.reminders.pending + result.reminders.skipped).toBe(dated * 2);
    const sample = await t.prisma.reminder.findFirstOrThrow({
      where: { assignment: { task: { planId: child.id } } },
    });
    expect(sample.jobId).toBe(
      reminderJobId(sample.assignmentId, sample.offsetWorkingDays, fromDbDate(sample.dueOn)),
    );

    // Running it again adds nothing; a fourth city gets only its own plan.
    const before = await snapshot();
    const again = await commit(planId, { regionIds: cityIds, omitUnmappedSupport: true }, null);
    expect([again.childPlans.created, again.tasks, again.assignments]).toEqual([0, 0, 0]);
    expect(await snapshot()).toEqual(before);
    const xuzhou = (await regions.create(null, { code: '320300', name: '徐州市', level: 'CITY' }))
      .id;
    await counterparts.derive(null, [xuzhou]);
    const more = await commit(
      planId,
      { regionIds: [...cityIds, xuzhou], omitUnmappedSupport: true },
      null,
    );
    expect([more.childPlans.created, more.tasks]).toEqual([1, 80]);
  });

  it('takes an earlier deadline for the regions and refuses a later one', async () => {
    await counterparts.derive(null, cityIds);
    const parent = await t.prisma.task.findFirstOrThrow({ where: { planId, no: 1 } });
    const before = await snapshot();
    expect(
      await codeOf(
        cascade.commit(
          planId,
          {
            regionIds: cityIds,
            items: [1],
            omitUnmappedSupport: true,
            deadlines: [{ no: 1, dueOn: '2099-01-31' }],
          },
          null,
        ),
      ),
    ).toBe('CHILD_DEADLINE_AFTER_PARENT');
    expect(await snapshot()).toEqual(before);
    await commit(
      planId,
      {
        regionIds: cityIds,
        items: [1],
        omitUnmappedSupport: true,
        deadlines: [{ no: 1, dueOn: '2012-11-30' }],
      },
      null,
    );
    const children = await t.prisma.task.findMany({ where: { parentTaskId: parent.id } });
    expect(children.map((c) => fromDbDate(c.dueOn!))).toEqual([
      '2012-11-30',
      '2012-11-30',
      '2012-11-30',
    ]);
  });

  it("links a city's own imported plan to the province's item by item, refusing a later deadline", async () => {
    const local = (due: string) =>
      [
        '南京市贯彻落实方案',
        '宁办〔2012〕9号  2012年11月20日',
        '',
        '一、总体任务',
        '(一)重点工作',
        `1.完善社会救助制度,${due}前完成。(市民政局)`,
        `2.加强财政保障,${due}前完成。(市财政局)`,
      ].join('\n');
    const importer = t.app.get(PlanImportService);
    const parent1 = await t.prisma.task.findFirstOrThrow({ where: { planId, no: 1 } });
    const lateDue = '2099年12月31日';
    const late = await importer.commit(
      {
        content: local(lateDue),
        sourceName: 'nj.txt',
        regionId: cityIds[0],
        createUnknownUnits: true,
        confirmAllReview: true,
      },
      null,
    );
    // Units of a region's document are created in that region's directory.
    expect(
      (await t.prisma.department.findMany({ where: { regionId: cityIds[0] } }))
        .map((d) => d.name)
        .sort(),
    ).toEqual(['南京市民政局', '南京市财政局']);
    expect(
      await codeOf(t.app.get(PlanLinkService).linkToParent(late.planId, planId, undefined, null)),
    ).toBe('CHILD_DEADLINE_AFTER_PARENT');
    expect(await t.prisma.task.count({ where: { parentTaskId: parent1.id } })).toBe(0);

    const onTime = await importer.commit(
      {
        content: local('2012年11月30日'),
        sourceName: 'nj2.txt',
        regionId: cityIds[1],
        createUnknownUnits: true,
        confirmAllReview: true,
      },
      null,
    );
    const linked = await t.app
      .get(PlanLinkService)
      .linkToParent(onTime.planId, planId, undefined, null);
    expect(linked.linked).toBe(2);
    expect(linked.parentItemsWithoutChild).toHaveLength(78);
    expect(await t.prisma.task.count({ where: { parentTaskId: parent1.id } })).toBe(1);
    const rollup = await t.app
      .get(RollupService)
      .forTask(parent1.id, null, { limit: 5, offset: 0 });
    expect(rollup.children.map((c) => c.regionName)).toEqual(['无锡市']);
  });

  it('keeps drafts quiet until published, and refuses to cascade a draft', async () => {
    await counterparts.derive(null, cityIds);
    const result = await commit(
      planId,
      { regionIds: [cityIds[0]], omitUnmappedSupport: true, publish: false },
      null,
    );
    expect(result.reminders).toEqual({ pending: 0, skipped: 0 });
    const draft = await t.prisma.plan.findFirstOrThrow({ where: { parentPlanId: planId } });
    expect(draft.publishedAt).toBeNull();
    const county = await regions.create(null, {
      code: '320115',
      name: '江宁区',
      level: 'COUNTY',
      parentId: cityIds[0],
    });
    await counterparts.derive(null, [county.id]);
    expect(await codeOf(cascade.commit(draft.id, { regionIds: [county.id] }, null))).toBe(
      'PLAN_NOT_PUBLISHED',
    );
    const published = await cascade.publish(draft.id, null);
    const assignments = await t.prisma.assignment.count({
      where: { task: { planId: draft.id, dueOn: { not: null } } },
    });
    expect(published.reminders.pending + published.reminders.skipped).toBe(assignments * 2);
    expect(await codeOf(cascade.publish(draft.id, null))).toBe('PLAN_ALREADY_PUBLISHED');
    // Now the city's plan goes down to its county, named after the city's departments.
    const down = await commit(
      draft.id,
      { regionIds: [county.id], omitUnmappedSupport: true },
      null,
    );
    expect(down.tasks).toBe(80);
    const lead = await t.prisma.assignment.findFirstOrThrow({
      where: { role: 'LEAD', task: { no: 31, plan: { regionId: county.id } } },
      include: { department: true },
    });
    expect(lead.department.name).toBe('江宁区民政局');
  });

  it('refuses a region that is not directly below the plan, and a cycle in the hierarchy', async () => {
    const county = await regions.create(null, {
      code: '320115',
      name: '江宁区',
      level: 'COUNTY',
      parentId: cityIds[0],
    });
    expect(await codeOf(cascade.preview(planId, { regionIds: [county.id] }))).toBe(
      'REGION_NOT_BELOW_PLAN',
    );
    expect(await codeOf(regions.move(null, cityIds[0], county.id))).toBe('REGION_CYCLE');
    expect(await codeOf(regions.move(null, cityIds[0], cityIds[0]))).toBe('REGION_CYCLE');
    // The database refuses a cycle written around the service too.
    await expect(
      t.prisma
        .$executeRaw`UPDATE region SET parent_id = ${county.id}::uuid WHERE id = ${cityIds[0]}::uuid`,
    ).rejects.toThrow(/cycle/);
    expect(
      await codeOf(
        regions.create(null, {
          code: '320199',
          name: '某市',
          level: 'CITY',
          parentId: cityIds[0],
        }),
      ),
    ).toBe('REGION_LEVEL');
  });

  it('rolls the regions up to the parent task, worst first, and scopes a city office to its own subtree', async () => {
    await counterparts.derive(null, cityIds);
    await commit(planId, { regionIds: cityIds, omitUnmappedSupport: true }, null);
    const parent = await t.prisma.task.findFirstOrThrow({ where: { planId, no: 31 } });
    const kids = await t.prisma.task.findMany({
      where: { parentTaskId: parent.id },
      include: { plan: true },
    });
    const byCity = (i: number) => kids.find((k) => k.plan.regionId === cityIds[i])!;
    await t.prisma.task.update({ where: { id: byCity(0).id }, data: { status: 'CLOSED' } });
    await t.prisma.escalation.create({
      data: { taskId: byCity(1).id, level: 'RED_CARD', dueOn: byCity(1).dueOn! },
    });
    const rollup = t.app.get(RollupService);
    const all = await rollup.forTask(parent.id, null, { limit: 10, offset: 0 });
    expect(all.counts).toMatchObject({ total: 3, closed: 1, red: 1 });
    expect(all.children.map((c) => c.regionName)[0]).toBe('无锡市');
    expect(all.children.at(-1)?.state).toBe('closed');
    const plan = await rollup.forPlan(planId, wholeScope(SYSTEM));
    expect(plan.items).toHaveLength(80);
    expect(plan.items.find((i) => i.no === 31)?.counts).toMatchObject({
      total: 3,
      closed: 1,
      red: 1,
    });

    const office = await createPerson(t.prisma, { username: 'nj.office', role: 'SUPERVISOR' });
    await t.prisma.person.update({ where: { id: office.id }, data: { regionId: cityIds[0] } });
    const user = {
      id: office.id,
      username: 'nj.office',
      role: 'SUPERVISOR' as const,
      departmentId: null,
    };
    const access = t.app.get(AccessPolicyService);
    const scope = await access.resolve(user);
    expect(scope.regionIds).toEqual([cityIds[0]]);
    expect(
      (await rollup.forTask(parent.id, scope.regionIds, { limit: 10, offset: 0 })).counts.total,
    ).toBe(1);
    expect(await access.taskInScope(scope, byCity(0).id)).toBe(true);
    expect(await access.taskInScope(scope, byCity(1).id)).toBe(false);
    expect(await access.taskInScope(scope, parent.id)).toBe(false);
  });

  it("puts a lower level's task on the board above only once it has a red card, and keeps a city's board to its city", async () => {
    await counterparts.derive(null, cityIds);
    await commit(planId, { regionIds: cityIds, omitUnmappedSupport: true, items: [1, 2] }, null);
    // Past the default deadline of items 1 and 2 (2026-12-31): every task of both levels is overdue.
    t.clock.set('2027-01-05T02:00:00Z');
    const [redTask, plainTask] = await Promise.all(
      [cityIds[0], cityIds[1]].map((r) =>
        t.prisma.task.findFirstOrThrow({ where: { no: 1, plan: { regionId: r } } }),
      ),
    );
    await t.prisma.escalation.create({
      data: { taskId: redTask.id, level: 'RED_CARD', dueOn: redTask.dueOn! },
    });
    const lists = t.app.get(TaskListsService);
    const stats = t.app.get(SupervisionStatsService);
    const ids = (rows: { taskId: string }[]) => new Set(rows.map((r) => r.taskId));
    const supervisor = async (username: string, regionId: string | null) => {
      const p = await createPerson(t.prisma, { username, role: 'SUPERVISOR' });
      await t.prisma.person.update({ where: { id: p.id }, data: { regionId } });
      return t.app
        .get(AccessPolicyService)
        .resolve({ id: p.id, username, role: 'SUPERVISOR' as const, departmentId: null });
    };
    const topOffice = await supervisor('top.office', null);
    const top = ids(await lists.overdue(topOffice, { limit: 500 }));
    expect(top.has(redTask.id)).toBe(true);
    expect(top.has(plainTask.id)).toBe(false);
    const provinceOverdue = await t.prisma.task.count({
      where: {
        planId,
        dueOn: { lt: new Date('2027-01-05') },
        status: { in: ['ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED'] },
      },
    });
    expect(top.size).toBe(provinceOverdue + 1);
    expect(
      ids(await lists.overdue(topOffice, { levels: 'all', limit: 500 })).has(plainTask.id),
    ).toBe(true);

    const wuxi = await supervisor('wx.office', cityIds[1]);
    expect([wuxi.regionId, wuxi.regionIds]).toEqual([cityIds[1], [cityIds[1]]]);
    const board = await lists.overdue(wuxi, { limit: 500 });
    expect(board.map((r) => r.taskId).sort()).toEqual(
      (
        await t.prisma.task.findMany({
          where: { plan: { regionId: cityIds[1] }, no: { in: [1, 2] } },
        })
      )
        .map((x) => x.id)
        .sort(),
    );
    const counts = await stats.overdueByDepartment(wuxi, {});
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((c) => c.departmentName.startsWith('无锡市'))).toBe(true);
  });

  it("sends a region's supervision notices to that region's office, not the top office", async () => {
    await counterparts.derive(null, cityIds);
    await commit(planId, { regionIds: [cityIds[0]], omitUnmappedSupport: true }, null);
    const top = await createPerson(t.prisma, { username: 'top.office', role: 'SUPERVISOR' });
    const nj = await createPerson(t.prisma, { username: 'nj.office', role: 'SUPERVISOR' });
    await t.prisma.person.update({ where: { id: nj.id }, data: { regionId: cityIds[0] } });
    // Past every deadline of the plan by far: each open task gets its last ladder step once.
    t.clock.set('2027-03-01T02:00:00Z');
    await t.app.get(EscalationService).sweep();
    const notices = await t.prisma.$queryRaw<
      { recipient_id: string; region_id: string | null; n: number }[]
    >`
      SELECT d.recipient_id, p.region_id, count(*)::int AS n
      FROM delivery d JOIN task tk ON tk.id = d.task_id JOIN plan p ON p.id = tk.plan_id
      WHERE d.recipient_id = ANY(${[top.id, nj.id]}::uuid[]) AND d.channel = 'EMAIL'
      GROUP BY d.recipient_id, p.region_id`;
    const to = (person: string, region: string | null) =>
      notices.find((r) => r.recipient_id === person && r.region_id === region)?.n ?? 0;
    expect(to(nj.id, cityIds[0])).toBeGreaterThan(0);
    expect(to(top.id, null)).toBeGreaterThan(0);
    expect(to(top.id, cityIds[0])).toBe(0);
    expect(to(nj.id, null)).toBe(0);
  });
});
