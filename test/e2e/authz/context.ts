import { randomUUID } from 'node:crypto';
import { AuthService } from '../../../src/modules/auth/auth.service';
import { PlanImportService } from '../../../src/modules/plans/plan-import.service';
import { createPerson, PASSWORD, signedIn } from '../../support/fixtures';
import type { TestApp } from '../../support/test-app';
import { Actor, PEOPLE, Person, ROLE_OF, SEES_REGION, SEES_TASK, USERNAMES, Where } from './actors';

type Zone = 'own' | 'other' | 'x' | 'x1' | 'y';
const ZONES: Zone[] = ['own', 'other', 'x', 'x1', 'y'];
type PlanZone = 'own' | 'x' | 'x1' | 'y';

export interface Ctx {
  t: TestApp;
  tokens: Partial<Record<Person, string>>;
  /** The plan of each level: the top office's (imported), X's, X1's, Y's (a draft). */
  plans: Record<PlanZone, string>;
  tasks: Record<Zone | 'missing', string>;
  regions: { x: string; x1: string; y: string };
  departments: {
    a: string;
    b: string;
    c: string;
    collective: string;
    xa: string;
    xb: string;
    x1a: string;
    ya: string;
    yb: string;
  };
  people: Record<Person, string> & {
    target: string;
    outsider: string;
    byZone: Record<Zone, string>;
  };
  /** What must never appear in a successful answer to the actor: ids and addresses out of scope. */
  hidden: Record<Actor, string[]>;
}

const doc = (title: string, lines: string[]) =>
  [title, '测办〔2026〕9号  2026年11月2日', '', '一、总体任务', '(一)重点工作', ...lines].join(
    '\n',
  );
export const PLAN = doc('权限矩阵测试方案', [
  '1.完善社会救助制度。(省民政厅)',
  '2.加强财政保障。(省财政厅)',
  '3.建设信息平台。(省发展改革委、省民政厅)',
]);

let unique = 0;
export const next = () => `${Date.now().toString(36)}${++unique}`;
let regionSeq = 0;
export const regionCode = () =>
  `9${String(process.pid % 1000).padStart(3, '0')}${String(++regionSeq).padStart(4, '0')}`;

/** A region directly below the office, made for one cell. */
export const freshRegion = async (c: Ctx): Promise<string> =>
  (await c.t.prisma.region.create({ data: { code: regionCode(), name: '矩阵市', level: 'CITY' } }))
    .id;

const zoneOf = (where: Where): Zone => {
  if (where === '-' || where === 'missing') throw new Error(`no zone for ${where}`);
  return where;
};
const planZone = (z: Zone): PlanZone => (z === 'other' ? 'own' : z);

let taskNo = 1000;
/**
 * A fresh task at `where`, assigned now (the test clock) and due 2026-12-31, led by the zone's
 * department (A, B, XA, X1A, YA), optionally with a supporting department of the same level (C, XB,
 * YB); `missing` = random ids. Each cell starts from its own.
 */
export async function freshTask(
  c: Ctx,
  where: Where,
  opts: { status?: 'ASSIGNED' | 'CLOSURE_REQUESTED' | 'DISPUTED'; support?: boolean } = {},
): Promise<{ taskId: string; leadDepartmentId: string; supportId: string }> {
  if (where === 'missing') {
    return { taskId: randomUUID(), leadDepartmentId: randomUUID(), supportId: randomUUID() };
  }
  const z = zoneOf(where);
  const d = c.departments;
  const lead = { own: d.a, other: d.b, x: d.xa, x1: d.x1a, y: d.ya }[z];
  const support = { own: d.c, other: d.c, x: d.xb, x1: d.xb, y: d.yb }[z];
  const task = await c.t.prisma.task.create({
    data: {
      planId: c.plans[planZone(z)],
      no: ++taskNo,
      text: `矩阵测试任务${taskNo}`,
      dueOn: new Date('2026-12-31'),
      dueSource: 'STATED',
      status: opts.status ?? 'ASSIGNED',
      createdAt: c.t.clock.now(),
      assignments: {
        create: [
          { departmentId: lead, role: 'LEAD', ordinal: 0 },
          ...(opts.support
            ? [{ departmentId: support, role: 'SUPPORT' as const, ordinal: 1 }]
            : []),
        ],
      },
    },
    include: { assignments: true },
  });
  const s = task.assignments.find((a) => a.role === 'SUPPORT');
  return { taskId: task.id, leadDepartmentId: lead, supportId: s?.id ?? randomUUID() };
}

/** A fresh PENDING request of the zone's lead department, its task in the matching status. */
export async function pendingRequest(
  c: Ctx,
  where: Where,
  kind: 'CLOSURE' | 'DISPUTE',
): Promise<string> {
  if (where === 'missing') return randomUUID();
  const { taskId, leadDepartmentId } = await freshTask(c, where, {
    status: kind === 'CLOSURE' ? 'CLOSURE_REQUESTED' : 'DISPUTED',
  });
  const request = await c.t.prisma.taskRequest.create({
    data: {
      taskId,
      departmentId: leadDepartmentId,
      kind,
      reason: '矩阵测试申请',
      summary: kind === 'CLOSURE' ? '矩阵测试办结情况' : null,
      requestedById: c.people.byZone[zoneOf(where)],
      requestedAt: c.t.clock.now(),
      // A closure waits at the office's step of its review chain (the default policy's only one).
      ...(kind === 'CLOSURE'
        ? {
            stage: 'OFFICE' as const,
            reviewSteps: {
              create: { stage: 'OFFICE' as const, ordinal: 0, enteredAt: c.t.clock.now() },
            },
          }
        : {}),
    },
  });
  return request.id;
}

/** The task of `where` that every reading row uses (created once). */
export const taskAt = (c: Ctx, where: Where): string =>
  where === 'missing' ? c.tasks.missing : c.tasks[zoneOf(where)];
/** The plan of `where` (own = the top office's). */
export const planAt = (c: Ctx, where: Where): string =>
  where === 'missing' ? randomUUID() : c.plans[planZone(zoneOf(where))];
/** The region of `where` (x, x1, y). */
export const regionAt = (c: Ctx, where: Where): string =>
  where === 'x' || where === 'x1' || where === 'y' ? c.regions[where] : randomUUID();

/** A fresh access token of the actor (no HTTP: login is throttled). */
export async function login(c: Ctx, actor: Person) {
  return signedIn(
    c.t.app.get(AuthService).login({ username: USERNAMES[actor], password: PASSWORD }),
  );
}

/**
 * The matrix's world: the top level with its imported plan (items 1–3), regions X (with county X1)
 * and Y with a plan, a task, a pending request, a failed delivery and an audit event each, and the
 * actors signed in.
 */
export async function setUp(t: TestApp): Promise<Ctx> {
  const p = t.prisma;
  const region = (name: string, level: 'CITY' | 'COUNTY', parentId: string | null = null) =>
    p.region.create({ data: { code: regionCode(), name, level, parentId } });
  const x = await region('矩阵X市', 'CITY');
  const x1 = await region('矩阵X县', 'COUNTY', x.id);
  const y = await region('矩阵Y市', 'CITY');
  const dept = async (name: string, regionId: string | null = null, isCollective = false) =>
    (await p.department.create({ data: { name, regionId, isCollective } })).id;
  const departments = {
    a: await dept('省民政厅'),
    b: await dept('省财政厅'),
    c: await dept('省发展改革委'),
    collective: await dept('省矩阵测试领导小组各成员单位', null, true),
    xa: await dept('矩阵X市民政局', x.id),
    xb: await dept('矩阵X市财政局', x.id),
    x1a: await dept('矩阵X县民政局', x1.id),
    ya: await dept('矩阵Y市民政局', y.id),
    yb: await dept('矩阵Y市财政局', y.id),
  };
  const person = (username: string, role: Person | 'LIAISON', opts: Record<string, unknown> = {}) =>
    createPerson(p, {
      username,
      role: role === 'LIAISON' ? 'LIAISON' : ROLE_OF[role],
      ...opts,
    });
  const ids = {} as Record<Person, string>;
  const deptName = { HEAD: '省民政厅', LIAISON: '省民政厅', X_LIAISON: '矩阵X市民政局' };
  for (const a of PEOPLE) {
    const regionId = a === 'X_SUPERVISOR' || a === 'X_LEADER' ? x.id : null;
    const departmentName = (deptName as Partial<Record<Person, string>>)[a];
    ids[a] = (await person(USERNAMES[a], a, { regionId, departmentName })).id;
  }
  const outsider = (await person('m.liaison.b', 'LIAISON', { departmentName: '省财政厅' })).id;
  const x1Liaison = (await person('m.x1.liaison', 'LIAISON', { departmentName: '矩阵X县民政局' }))
    .id;
  const yLiaison = (await person('m.y.liaison', 'LIAISON', { departmentName: '矩阵Y市民政局' })).id;
  const target = (await createPerson(p, { username: 'm.leader.target', role: 'LEADER' })).id;
  await p.leaderDepartment.createMany({
    data: [
      { leaderId: ids.LEADER, departmentId: departments.a },
      { leaderId: ids.LEADER_NO_DEPT, departmentId: departments.c },
      { leaderId: ids.X_LEADER, departmentId: departments.xa },
    ],
  });
  const imported = await t.app
    .get(PlanImportService)
    .commit({ content: PLAN, sourceName: 'matrix.txt', confirmAllReview: true }, ids.ADMIN);
  const plan = async (title: string, regionId: string, published = true) =>
    (
      await p.plan.create({
        data: {
          title,
          contentHash: next(),
          sourceName: `${title}.txt`,
          regionId,
          parentPlanId: imported.planId,
          publishedAt: published ? t.clock.now() : null,
        },
      })
    ).id;
  const c: Ctx = {
    t,
    tokens: {},
    plans: {
      own: imported.planId!,
      x: await plan('矩阵X市方案', x.id),
      x1: await plan('矩阵X县方案', x1.id),
      y: await plan('矩阵Y市方案(草稿)', y.id, false),
    },
    tasks: { own: '', other: '', x: '', x1: '', y: '', missing: randomUUID() },
    regions: { x: x.id, x1: x1.id, y: y.id },
    departments,
    people: {
      ...ids,
      target,
      outsider,
      byZone: { own: ids.LIAISON, other: outsider, x: ids.X_LIAISON, x1: x1Liaison, y: yLiaison },
    },
    hidden: {} as Ctx['hidden'],
  };
  const task = (no: number) => p.task.findFirstOrThrow({ where: { planId: imported.planId!, no } });
  c.tasks.own = (await task(1)).id;
  c.tasks.other = (await task(2)).id;
  for (const z of ['x', 'x1', 'y'] as const) c.tasks[z] = (await freshTask(c, z)).taskId;

  // What each zone leaves in the lists: a pending request, a failed email, an audit event.
  const requests = {} as Record<Zone, string>;
  const emails = {} as Record<Zone, string>;
  for (const z of ZONES) {
    requests[z] = (
      await p.taskRequest.create({
        data: {
          taskId: c.tasks[z],
          departmentId: (await p.assignment.findFirstOrThrow({ where: { taskId: c.tasks[z] } }))
            .departmentId,
          kind: 'EXTENSION',
          reason: '矩阵测试延期',
          proposedDueOn: new Date('2027-03-31'),
          requestedById: c.people.byZone[z],
          requestedAt: t.clock.now(),
        },
      })
    ).id;
    const recipient = await p.person.findUniqueOrThrow({ where: { id: c.people.byZone[z] } });
    emails[z] = recipient.email!;
    await p.delivery.create({
      data: {
        dedupeKey: `matrix-zone-${z}`,
        recipientId: recipient.id,
        address: recipient.email,
        channel: 'EMAIL',
        template: 'matrix',
        subject: '矩阵测试邮件',
        body: '矩阵测试邮件',
        taskId: c.tasks[z],
        taskIds: [c.tasks[z]],
        status: 'FAILED',
        createdAt: t.clock.now(),
      },
    });
    await p.auditEvent.create({
      data: {
        at: t.clock.now(),
        actorId: c.people.byZone[z],
        action: 'matrix.marker',
        entityType: 'task',
        entityId: c.tasks[z],
        sourceIp: '10.9.9.9',
      },
    });
  }
  // X's task escalated to the office above: a message X's people must not see (its subject).
  const ABOVE = '矩阵测试:上级督查室收到的红牌';
  await p.delivery.create({
    data: {
      dedupeKey: 'matrix-above-x',
      recipientId: ids.SUPERVISOR,
      channel: 'INBOX',
      template: 'matrix',
      subject: ABOVE,
      body: ABOVE,
      taskId: c.tasks.x,
      taskIds: [c.tasks.x],
      status: 'SENT',
      createdAt: t.clock.now(),
    },
  });
  const planOf: Record<PlanZone, string> = c.plans;
  for (const a of ['anon', ...PEOPLE] as Actor[]) {
    const unseenTasks = ZONES.filter((z) => !SEES_TASK[a].includes(z));
    const unseenRegions = ZONES.filter((z) => !SEES_REGION[a].includes(z));
    c.hidden[a] = [
      ...unseenTasks.flatMap((z) => [c.tasks[z], requests[z], emails[z]]),
      // The top office's plan is left out: a region's plan names it as its parent (parentPlanId).
      ...unseenRegions
        .filter((z) => z !== 'other' && z !== 'own')
        .map((z) => planOf[z as PlanZone]),
      ...(unseenRegions.includes('y') ? [y.id, departments.ya, departments.yb] : []),
      ...(unseenRegions.includes('own') ? [ABOVE] : []),
    ];
  }
  for (const a of PEOPLE) c.tokens[a] = (await login(c, a)).accessToken;
  return c;
}
