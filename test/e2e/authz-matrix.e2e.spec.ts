import { randomBytes, randomUUID } from 'node:crypto';
import { AuthService } from '../../src/modules/auth/auth.service';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { CalendarFeedService } from '../../src/modules/supervision/calendar-feed.service';
import { createPerson, PASSWORD } from '../support/fixtures';
import { registeredRoutes } from '../support/routes';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * The authorization matrix: every registered route × every role × own / other department, with
 * the exact status. The routes are read from the Express router at test start; a route without a
 * row (or a row without a route) fails the suite, so no endpoint ships without its row.
 *
 * Departments: A = 省民政厅 (the actors' own), B = 省财政厅 (other), C = 省发展改革委.
 * Tasks: `own` = item 1, lead A only; `other` = item 2, lead B only; `missing` = no such task.
 * LEADER leads A (LeaderDepartment); LEADER_NO_DEPT leads C only.
 */
const ACTORS = [
  'anon',
  'ADMIN',
  'SUPERVISOR',
  'LEADER',
  'LEADER_NO_DEPT',
  'HEAD',
  'LIAISON',
] as const;
type Actor = (typeof ACTORS)[number];
const USERNAMES: Record<Exclude<Actor, 'anon'>, string> = {
  ADMIN: 'm.admin',
  SUPERVISOR: 'm.supervisor',
  LEADER: 'm.leader',
  LEADER_NO_DEPT: 'm.leader.c',
  HEAD: 'm.head.a',
  LIAISON: 'm.liaison.a',
};

type Scope = 'own' | 'other' | 'missing' | '-';

interface Ctx {
  t: TestApp;
  planId: string;
  tasks: { own: string; other: string; missing: string };
  departments: { a: string; b: string; c: string; collective: string };
  people: Record<Exclude<Actor, 'anon'>, string> & { target: string; outsider: string };
}

interface Req {
  method: string;
  path: string;
  body?: unknown;
}

interface Row {
  /** `METHOD /path` as registered, without the /api/v1 prefix. */
  route: string;
  scopes: Scope[];
  request: (c: Ctx, actor: Actor, scope: Scope) => Promise<Req> | Req;
  /** One status per scope, in the order of `scopes`. */
  expect: Record<Actor, number[]>;
}

const doc = (lines: string[]) =>
  [
    '权限矩阵测试方案',
    '测办〔2026〕9号  2026年11月2日',
    '',
    '一、总体任务',
    '(一)重点工作',
    ...lines,
  ].join('\n');
const PLAN = doc([
  '1.完善社会救助制度。(省民政厅)',
  '2.加强财政保障。(省财政厅)',
  '3.建设信息平台。(省发展改革委、省民政厅)',
]);

/** Same status for every scope. */
const each = (statuses: Record<Actor, number>, n = 1): Record<Actor, number[]> =>
  Object.fromEntries(ACTORS.map((a) => [a, Array(n).fill(statuses[a])])) as Record<Actor, number[]>;
/** `ok` for the listed roles, 403 for other roles, 401 without a token. */
const only = (ok: number, roles: Actor[]): Record<Actor, number[]> =>
  each(
    Object.fromEntries(
      ACTORS.map((a) => [a, a === 'anon' ? 401 : roles.includes(a) ? ok : 403]),
    ) as Record<Actor, number>,
  );
const LOGGED_IN = (ok: number) =>
  only(ok, ['ADMIN', 'SUPERVISOR', 'LEADER', 'LEADER_NO_DEPT', 'HEAD', 'LIAISON']);
const OFFICE_AND_LEADERS: Actor[] = ['ADMIN', 'SUPERVISOR', 'LEADER', 'LEADER_NO_DEPT'];

let unique = 0;
const next = () => `${Date.now().toString(36)}${++unique}`;

/** A fresh refresh token of the actor (no HTTP: login is throttled). */
async function refreshTokenOf(c: Ctx, actor: Actor): Promise<string> {
  if (actor === 'anon') return 'not-a-refresh-token';
  return (await c.t.app.get(AuthService).login({ username: USERNAMES[actor], password: PASSWORD }))
    .refreshToken;
}

let regionSeq = 0;
const regionCode = () =>
  `9${String(process.pid % 1000).padStart(3, '0')}${String(++regionSeq).padStart(4, '0')}`;
/** A region directly below the office, made for one cell. */
const freshRegion = async (c: Ctx): Promise<string> =>
  (await c.t.prisma.region.create({ data: { code: regionCode(), name: '矩阵市', level: 'CITY' } }))
    .id;

const taskOf = (c: Ctx, scope: Scope) =>
  scope === 'own' ? c.tasks.own : scope === 'other' ? c.tasks.other : c.tasks.missing;
const TASK_SCOPES: Scope[] = ['own', 'other', 'missing'];
/** Reading a task: all for the office, the leader's departments, the department's own. */
const READ_TASK: Record<Actor, number[]> = {
  anon: [401, 401, 401],
  ADMIN: [200, 200, 404],
  SUPERVISOR: [200, 200, 404],
  LEADER: [200, 403, 404],
  LEADER_NO_DEPT: [403, 403, 404],
  HEAD: [200, 403, 404],
  LIAISON: [200, 403, 404],
};

/**
 * A department's request or sub-deadline (@Roles LIAISON, HEAD; lead department only): the role
 * guard answers 403 before the task lookup, so other roles get 403 even for a missing task.
 */
const LEAD_REQUEST = (ok: number): Record<Actor, number[]> => ({
  anon: [401, 401, 401],
  ADMIN: [403, 403, 403],
  SUPERVISOR: [403, 403, 403],
  LEADER: [403, 403, 403],
  LEADER_NO_DEPT: [403, 403, 403],
  HEAD: [ok, 403, 404],
  LIAISON: [ok, 403, 404],
});
/** The office's decisions (@Roles SUPERVISOR, ADMIN): any department's request; 404 if none. */
const DECISION: Record<Actor, number[]> = {
  anon: [401, 401, 401],
  ADMIN: [200, 200, 404],
  SUPERVISOR: [200, 200, 404],
  LEADER: [403, 403, 403],
  LEADER_NO_DEPT: [403, 403, 403],
  HEAD: [403, 403, 403],
  LIAISON: [403, 403, 403],
};

let taskNo = 1000;
/**
 * A fresh task of the matrix plan, assigned now (the test clock) and due 2026-12-31, led by A (own)
 * or B (other), optionally supported by C; `missing` = random ids. Each cell starts from it.
 */
async function freshTask(
  c: Ctx,
  scope: Scope,
  opts: { status?: 'ASSIGNED' | 'CLOSURE_REQUESTED' | 'DISPUTED'; support?: boolean } = {},
): Promise<{ taskId: string; leadDepartmentId: string; supportId: string }> {
  const leadDepartmentId = scope === 'own' ? c.departments.a : c.departments.b;
  if (scope === 'missing')
    return { taskId: randomUUID(), leadDepartmentId, supportId: randomUUID() };
  const task = await c.t.prisma.task.create({
    data: {
      planId: c.planId,
      no: ++taskNo,
      text: `矩阵测试任务${taskNo}`,
      dueOn: new Date('2026-12-31'),
      dueSource: 'STATED',
      status: opts.status ?? 'ASSIGNED',
      createdAt: c.t.clock.now(),
      assignments: {
        create: [
          { departmentId: leadDepartmentId, role: 'LEAD', ordinal: 0 },
          ...(opts.support
            ? [{ departmentId: c.departments.c, role: 'SUPPORT' as const, ordinal: 1 }]
            : []),
        ],
      },
    },
    include: { assignments: true },
  });
  const support = task.assignments.find((a) => a.role === 'SUPPORT');
  return { taskId: task.id, leadDepartmentId, supportId: support?.id ?? randomUUID() };
}

/**
 * A fresh PENDING request of A (own) or B (other), its task in the matching status (CLOSURE_REQUESTED
 * or DISPUTED); missing = a random id.
 */
async function pendingRequest(c: Ctx, scope: Scope, kind: 'CLOSURE' | 'DISPUTE'): Promise<string> {
  if (scope === 'missing') return randomUUID();
  const { taskId, leadDepartmentId } = await freshTask(c, scope, {
    status: kind === 'CLOSURE' ? 'CLOSURE_REQUESTED' : 'DISPUTED',
  });
  const request = await c.t.prisma.taskRequest.create({
    data: {
      taskId,
      departmentId: leadDepartmentId,
      kind,
      reason: '矩阵测试申请',
      summary: kind === 'CLOSURE' ? '矩阵测试办结情况' : null,
      requestedById: scope === 'own' ? c.people.LIAISON : c.people.outsider,
      requestedAt: c.t.clock.now(),
    },
  });
  return request.id;
}

const ROWS: Row[] = [
  {
    route: 'GET /health',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/health' }),
    expect: each({
      anon: 200,
      ADMIN: 200,
      SUPERVISOR: 200,
      LEADER: 200,
      LEADER_NO_DEPT: 200,
      HEAD: 200,
      LIAISON: 200,
    }),
  },
  {
    route: 'POST /auth/login',
    scopes: ['-'],
    request: (_c, actor) => ({
      method: 'POST',
      path: '/auth/login',
      body:
        actor === 'anon'
          ? { username: 'nobody', password: 'wrong-password' }
          : { username: USERNAMES[actor], password: PASSWORD },
    }),
    expect: { ...LOGGED_IN(200), anon: [401] },
  },
  {
    route: 'POST /auth/refresh',
    scopes: ['-'],
    request: async (c, actor) => ({
      method: 'POST',
      path: '/auth/refresh',
      body: { refreshToken: await refreshTokenOf(c, actor) },
    }),
    expect: { ...LOGGED_IN(200), anon: [401] },
  },
  {
    route: 'POST /auth/logout',
    scopes: ['-'],
    request: async (c, actor) => ({
      method: 'POST',
      path: '/auth/logout',
      body: { refreshToken: await refreshTokenOf(c, actor) },
    }),
    expect: { ...LOGGED_IN(204), anon: [204] },
  },
  {
    route: 'GET /auth/me',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/auth/me' }),
    expect: LOGGED_IN(200),
  },
  {
    route: 'POST /plans/import',
    scopes: ['-'],
    request: () => ({
      method: 'POST',
      path: '/plans/import',
      body: { mode: 'preview', text: PLAN },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'GET /plans',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/plans' }),
    expect: only(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'GET /plans/:id/policy',
    scopes: ['-'],
    request: (c) => ({ method: 'GET', path: `/plans/${c.planId}/policy` }),
    expect: only(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'PUT /plans/:id/policy',
    scopes: ['-'],
    request: (c) => ({
      method: 'PUT',
      path: `/plans/${c.planId}/policy`,
      body: { deadlineReminders: [5, 1], sendHour: 9 },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    // NOTE: returns the plan with every task; see the report on leader scoping of plans.
    route: 'GET /plans/:id',
    scopes: ['-'],
    request: (c) => ({ method: 'GET', path: `/plans/${c.planId}` }),
    expect: only(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'GET /regions',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/regions' }),
    expect: only(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'POST /regions',
    scopes: ['-'],
    request: () => ({
      method: 'POST',
      path: '/regions',
      body: { code: regionCode(), name: '矩阵市', level: 'CITY' },
    }),
    expect: only(201, ['ADMIN']),
  },
  {
    route: 'PUT /regions/:id/parent',
    scopes: ['-'],
    request: async (c) => ({
      method: 'PUT',
      path: `/regions/${await freshRegion(c)}/parent`,
      body: { parentId: null },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /regions/counterparts/derive',
    scopes: ['-'],
    request: async (c) => ({
      method: 'POST',
      path: '/regions/counterparts/derive',
      body: { regionIds: [await freshRegion(c)] },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'GET /regions/:id/counterparts',
    scopes: ['-'],
    request: async (c) => ({
      method: 'GET',
      path: `/regions/${await freshRegion(c)}/counterparts`,
    }),
    expect: only(200, ['ADMIN', 'SUPERVISOR']),
  },
  {
    route: 'PUT /regions/:id/counterparts',
    scopes: ['-'],
    request: async (c) => ({
      method: 'PUT',
      path: `/regions/${await freshRegion(c)}/counterparts`,
      body: { links: [{ departmentId: c.departments.a, counterpartId: null }] },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'PUT /people/:id/region',
    scopes: ['-'],
    request: (c) => ({
      method: 'PUT',
      path: `/people/${c.people.target}/region`,
      body: { regionId: null },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /plans/:id/cascade',
    scopes: ['-'],
    request: async (c) => ({
      method: 'POST',
      path: `/plans/${c.planId}/cascade`,
      body: { mode: 'preview', regionIds: [await freshRegion(c)] },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /plans/:id/publish',
    scopes: ['-'],
    request: async (c) => {
      const draft = await c.t.prisma.plan.create({
        data: { title: '草稿方案', contentHash: next(), sourceName: 'draft', publishedAt: null },
      });
      return { method: 'POST', path: `/plans/${draft.id}/publish` };
    },
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /plans/:id/parent',
    scopes: ['-'],
    request: async (c) => {
      const child = await c.t.prisma.plan.create({
        data: {
          title: '地方方案',
          contentHash: next(),
          sourceName: 'local',
          regionId: await freshRegion(c),
        },
      });
      return {
        method: 'POST',
        path: `/plans/${child.id}/parent`,
        body: { parentPlanId: c.planId },
      };
    },
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'GET /plans/:id/rollup',
    scopes: ['-'],
    request: (c) => ({ method: 'GET', path: `/plans/${c.planId}/rollup` }),
    expect: only(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'GET /tasks/:id/rollup',
    scopes: TASK_SCOPES,
    request: (c, _a, scope) => ({ method: 'GET', path: `/tasks/${taskOf(c, scope)}/rollup` }),
    expect: {
      ...READ_TASK,
      HEAD: [403, 403, 403],
      LIAISON: [403, 403, 403],
    },
  },
  {
    route: 'GET /departments',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/departments' }),
    expect: LOGGED_IN(200),
  },
  {
    route: 'POST /departments',
    scopes: ['-'],
    request: () => ({
      method: 'POST',
      path: '/departments',
      body: { name: `矩阵新部门${next()}` },
    }),
    expect: only(201, ['ADMIN']),
  },
  {
    route: 'POST /departments/:id/aliases',
    scopes: ['-'],
    request: (c) => ({
      method: 'POST',
      path: `/departments/${c.departments.b}/aliases`,
      body: { alias: `财政别名${next()}` },
    }),
    expect: only(204, ['ADMIN']),
  },
  {
    route: 'DELETE /departments/:id/aliases/:alias',
    scopes: ['-'],
    request: async (c) => {
      const alias = `待删别名${next()}`;
      await c.t.prisma.departmentAlias.create({ data: { alias, departmentId: c.departments.b } });
      return {
        method: 'DELETE',
        path: `/departments/${c.departments.b}/aliases/${encodeURIComponent(alias)}`,
      };
    },
    expect: only(204, ['ADMIN']),
  },
  {
    route: 'PUT /departments/:id/members',
    scopes: ['-'],
    request: (c) => ({
      method: 'PUT',
      path: `/departments/${c.departments.collective}/members`,
      body: { memberIds: [c.departments.a, c.departments.b] },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'GET /people',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/people' }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /people',
    scopes: ['-'],
    request: () => ({
      method: 'POST',
      path: '/people',
      body: {
        username: `matrix.p${next()}`,
        displayName: '矩阵人员',
        password: 'matrix-pass-1',
        role: 'SUPERVISOR',
      },
    }),
    expect: only(201, ['ADMIN']),
  },
  {
    route: 'PUT /people/:id/departments',
    scopes: ['-'],
    request: (c) => ({
      method: 'PUT',
      path: `/people/${c.people.target}/departments`,
      body: { departmentIds: [c.departments.b] },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'GET /me/tasks',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/me/tasks' }),
    expect: LOGGED_IN(200),
  },
  {
    route: 'GET /tasks/:id',
    scopes: TASK_SCOPES,
    request: (c, _a, scope) => ({ method: 'GET', path: `/tasks/${taskOf(c, scope)}` }),
    expect: READ_TASK,
  },
  {
    route: 'GET /tasks/:id/reports',
    scopes: TASK_SCOPES,
    request: (c, _a, scope) => ({ method: 'GET', path: `/tasks/${taskOf(c, scope)}/reports` }),
    expect: READ_TASK,
  },
  {
    route: 'POST /tasks/:id/reports',
    scopes: TASK_SCOPES,
    request: async (c, _a, scope) => {
      const task = taskOf(c, scope);
      // The version the department last read; other departments send their own task's lead's.
      const a = await c.t.prisma.assignment.findFirst({
        where: { taskId: task, role: 'LEAD' },
      });
      return {
        method: 'POST',
        path: `/tasks/${task}/reports`,
        body: { percent: 10, narrative: '矩阵测试进展', version: a?.reportVersion ?? 0 },
      };
    },
    expect: {
      anon: [401, 401, 401],
      ADMIN: [403, 403, 404],
      SUPERVISOR: [403, 403, 404],
      LEADER: [403, 403, 404],
      LEADER_NO_DEPT: [403, 403, 404],
      HEAD: [201, 403, 404],
      LIAISON: [201, 403, 404],
    },
  },
  // The supervision lists, counts and ledger: every role, scoped to what it may read (the rows,
  // not the status, differ: see supervision-views.e2e.spec.ts).
  ...(
    [
      'overdue',
      'due-soon',
      'lagging',
      'stalled',
      'disputed',
      'overdue/by-department',
      'stats?groupBy=department',
      'stats/trend',
      'ledger?format=csv',
    ] as const
  ).map((path): Row => ({
    route: `GET /supervision/${path.split('?')[0]}`,
    scopes: ['-'],
    request: () => ({ method: 'GET', path: `/supervision/${path}` }),
    expect: LOGGED_IN(200),
  })),
  ...(['assessment', 'bulletin?format=markdown'] as const).map((path): Row => ({
    route: `GET /supervision/${path.split('?')[0]}`,
    scopes: ['-'],
    request: () => ({ method: 'GET', path: `/supervision/${path}` }),
    expect: only(200, OFFICE_AND_LEADERS),
  })),
  {
    route: 'POST /supervision/calendar-feeds/:departmentId/rotate',
    scopes: ['own', 'missing'],
    request: (c, _a, scope) => ({
      method: 'POST',
      path: `/supervision/calendar-feeds/${scope === 'own' ? c.departments.a : randomUUID()}/rotate`,
    }),
    expect: {
      anon: [401, 401],
      ADMIN: [201, 404],
      SUPERVISOR: [403, 403],
      LEADER: [403, 403],
      LEADER_NO_DEPT: [403, 403],
      HEAD: [403, 403],
      LIAISON: [403, 403],
    },
  },
  {
    // Public: the private token in the address is the credential (own = a live token).
    route: 'GET /supervision/calendar-feeds/:token/deadlines.ics',
    scopes: ['own', 'missing'],
    request: async (c, _a, scope) => {
      const token =
        scope === 'own'
          ? (await c.t.app.get(CalendarFeedService).rotate(c.people.ADMIN, c.departments.a)).token
          : randomBytes(32).toString('base64url');
      return { method: 'GET', path: `/supervision/calendar-feeds/${token}/deadlines.ics` };
    },
    expect: Object.fromEntries(ACTORS.map((a) => [a, [200, 404]])) as Record<Actor, number[]>,
  },
  {
    route: 'GET /deliveries',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/deliveries' }),
    expect: only(200, ['ADMIN', 'SUPERVISOR']),
  },
  {
    route: 'GET /calendar/years',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/calendar/years' }),
    expect: only(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'GET /calendar/years/:year',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/calendar/years/2026' }),
    expect: only(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'PUT /calendar/years/:year',
    scopes: ['-'],
    request: async (c) => {
      // The year as stored, written back unchanged.
      const days = await c.t.prisma.calendarDay.findMany({
        where: { date: { gte: new Date('2026-01-01'), lte: new Date('2026-12-31') } },
      });
      return {
        method: 'PUT',
        path: '/calendar/years/2026',
        body: {
          provisional: false,
          days: days.map((d) => ({
            date: d.date.toISOString().slice(0, 10),
            kind: d.kind,
            name: d.name,
          })),
        },
      };
    },
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /calendar/reload',
    scopes: ['-'],
    request: () => ({ method: 'POST', path: '/calendar/reload' }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'GET /me/inbox',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/me/inbox' }),
    expect: LOGGED_IN(200),
  },
  {
    route: 'GET /me/inbox/unread-count',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/me/inbox/unread-count' }),
    expect: LOGGED_IN(200),
  },
  {
    route: 'POST /me/inbox/read-all',
    scopes: ['-'],
    request: () => ({ method: 'POST', path: '/me/inbox/read-all' }),
    expect: LOGGED_IN(200),
  },
  {
    // own = a message to the caller; other = a message to someone else (404, not 403: not revealed).
    route: 'POST /me/inbox/:id/read',
    scopes: ['own', 'other', 'missing'],
    request: async (c, actor, scope) => {
      let id: string = randomUUID();
      if (scope !== 'missing') {
        const recipientId =
          scope === 'own' && actor !== 'anon' ? c.people[actor] : c.people.outsider;
        id = (
          await c.t.prisma.delivery.create({
            data: {
              dedupeKey: `matrix-${next()}`,
              recipientId,
              channel: 'INBOX',
              template: 'matrix',
              subject: '矩阵测试消息',
              body: '矩阵测试消息',
              status: 'SENT',
            },
          })
        ).id;
      }
      return { method: 'POST', path: `/me/inbox/${id}/read` };
    },
    expect: {
      anon: [401, 401, 401],
      ADMIN: [204, 404, 404],
      SUPERVISOR: [204, 404, 404],
      LEADER: [204, 404, 404],
      LEADER_NO_DEPT: [204, 404, 404],
      HEAD: [204, 404, 404],
      LIAISON: [204, 404, 404],
    },
  },
  {
    route: 'GET /me/channels',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/me/channels' }),
    expect: LOGGED_IN(200),
  },
  {
    route: 'PUT /me/channels',
    scopes: ['-'],
    request: () => ({
      method: 'PUT',
      path: '/me/channels',
      body: { channels: ['INBOX', 'EMAIL'] },
    }),
    expect: LOGGED_IN(200),
  },
  {
    route: 'GET /robots',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/robots' }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'GET /robots/allowed-hosts',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/robots/allowed-hosts' }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'PUT /robots/allowed-hosts',
    scopes: ['-'],
    request: () => ({
      method: 'PUT',
      path: '/robots/allowed-hosts',
      body: { hosts: ['robot-gw.example.gov.cn'] },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /robots',
    scopes: ['-'],
    request: async (c) => ({
      method: 'POST',
      path: '/robots',
      body: {
        kind: 'WECOM',
        name: `矩阵机器人${next()}`,
        webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=matrix',
        departmentId: await robotDepartment(c),
      },
    }),
    expect: only(201, ['ADMIN']),
  },
  {
    route: 'PATCH /robots/:id',
    scopes: ['-'],
    request: async (c) => ({
      method: 'PATCH',
      path: `/robots/${await robot(c)}`,
      body: { name: `改名${next()}` },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'DELETE /robots/:id',
    scopes: ['-'],
    request: async (c) => ({ method: 'DELETE', path: `/robots/${await robot(c)}` }),
    expect: only(204, ['ADMIN']),
  },
  {
    route: 'GET /tasks/:id/history',
    scopes: TASK_SCOPES,
    request: (c, _a, scope) => ({ method: 'GET', path: `/tasks/${taskOf(c, scope)}/history` }),
    // The office only (@Roles on the controller): the role guard answers before the task lookup.
    expect: {
      anon: [401, 401, 401],
      ADMIN: [200, 200, 404],
      SUPERVISOR: [200, 200, 404],
      LEADER: [403, 403, 403],
      LEADER_NO_DEPT: [403, 403, 403],
      HEAD: [403, 403, 403],
      LIAISON: [403, 403, 403],
    },
  },
  {
    route: 'GET /audit/export',
    scopes: ['-'],
    request: () => ({
      method: 'GET',
      path: '/audit/export?from=2026-11-01&to=2026-11-30&format=json',
    }),
    expect: only(200, ['ADMIN', 'SUPERVISOR']),
  },
  {
    route: 'GET /requests',
    scopes: ['-'],
    request: () => ({ method: 'GET', path: '/requests?status=PENDING' }),
    expect: only(200, ['ADMIN', 'SUPERVISOR']),
  },
  {
    route: 'GET /tasks/:id/requests',
    scopes: TASK_SCOPES,
    request: (c, _a, scope) => ({ method: 'GET', path: `/tasks/${taskOf(c, scope)}/requests` }),
    expect: READ_TASK,
  },
  {
    // A fresh ASSIGNED task per cell: an accepted request moves it to CLOSURE_REQUESTED.
    route: 'POST /tasks/:id/requests/closure',
    scopes: TASK_SCOPES,
    request: async (c, _a, scope) => ({
      method: 'POST',
      path: `/tasks/${(await freshTask(c, scope)).taskId}/requests/closure`,
      body: { summary: '矩阵测试办结情况', version: 0, links: ['https://example.gov.cn/m'] },
    }),
    expect: LEAD_REQUEST(201),
  },
  {
    // A fresh task per cell (due 2026-12-31, today 2026-11-23): one pending extension per task.
    route: 'POST /tasks/:id/requests/extension',
    scopes: TASK_SCOPES,
    request: async (c, _a, scope) => ({
      method: 'POST',
      path: `/tasks/${(await freshTask(c, scope)).taskId}/requests/extension`,
      body: { reason: '矩阵测试延期理由', proposedDueOn: '2027-01-29', version: 0 },
    }),
    expect: LEAD_REQUEST(201),
  },
  {
    // A fresh task per cell, assigned today: inside the dispute window, so access is what is tested.
    route: 'POST /tasks/:id/requests/dispute',
    scopes: TASK_SCOPES,
    request: async (c, _a, scope) => ({
      method: 'POST',
      path: `/tasks/${(await freshTask(c, scope)).taskId}/requests/dispute`,
      body: { reason: '矩阵测试异议理由', version: 0 },
    }),
    expect: LEAD_REQUEST(201),
  },
  {
    // own / other = the supporting (省发展改革委) assignment of a fresh task led by A / B.
    route: 'PUT /tasks/:id/assignments/:assignmentId/sub-deadline',
    scopes: TASK_SCOPES,
    request: async (c, _a, scope) => {
      const { taskId, supportId } = await freshTask(c, scope, { support: true });
      return {
        method: 'PUT',
        path: `/tasks/${taskId}/assignments/${supportId}/sub-deadline`,
        body: { subDueOn: '2026-12-20' },
      };
    },
    expect: LEAD_REQUEST(200),
  },
  {
    // A fresh open task led by A / B per cell: the office issues its supervision notice by hand.
    route: 'POST /tasks/:id/supervision-notice',
    scopes: TASK_SCOPES,
    request: async (c, _a, scope) => ({
      method: 'POST',
      path: `/tasks/${(await freshTask(c, scope)).taskId}/supervision-notice`,
    }),
    expect: { ...DECISION, ADMIN: [201, 201, 404], SUPERVISOR: [201, 201, 404] },
  },
  {
    // own / other = a fresh pending closure request of department A / B; missing = no such request.
    route: 'POST /requests/:id/approve',
    scopes: TASK_SCOPES,
    request: async (c, _a, scope) => ({
      method: 'POST',
      path: `/requests/${await pendingRequest(c, scope, 'CLOSURE')}/approve`,
      body: { reason: '矩阵测试同意' },
    }),
    expect: DECISION,
  },
  {
    route: 'POST /requests/:id/reject',
    scopes: TASK_SCOPES,
    request: async (c, _a, scope) => ({
      method: 'POST',
      path: `/requests/${await pendingRequest(c, scope, 'CLOSURE')}/reject`,
      body: { reason: '矩阵测试退回' },
    }),
    expect: DECISION,
  },
  {
    // own / other = a fresh pending dispute of department A / B (the task DISPUTED).
    route: 'POST /requests/:id/uphold',
    scopes: TASK_SCOPES,
    request: async (c, _a, scope) => ({
      method: 'POST',
      path: `/requests/${await pendingRequest(c, scope, 'DISPUTE')}/uphold`,
      body: { reason: '矩阵测试维持' },
    }),
    expect: DECISION,
  },
  {
    route: 'POST /requests/:id/reassign',
    scopes: TASK_SCOPES,
    request: async (c, _a, scope) => ({
      method: 'POST',
      path: `/requests/${await pendingRequest(c, scope, 'DISPUTE')}/reassign`,
      body: { leadDepartmentIds: [c.departments.c], reason: '矩阵测试重新交办' },
    }),
    expect: DECISION,
  },
];

/** A department of its own for each robot (one robot per department and kind). */
const robotDepartment = async (c: Ctx) =>
  (await c.t.prisma.department.create({ data: { name: `矩阵机器人单位${next()}` } })).id;

async function robot(c: Ctx): Promise<string> {
  const r = await c.t.prisma.robot.create({
    data: {
      kind: 'WECOM',
      name: `矩阵机器人${next()}`,
      webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=matrix',
      departmentId: await robotDepartment(c),
    },
  });
  return r.id;
}

describe('authorization matrix (e2e)', () => {
  let t: TestApp;
  let c: Ctx;
  const tokens = {} as Record<Actor, string | undefined>;

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.prisma);
    const admin = await createPerson(t.prisma, { username: USERNAMES.ADMIN, role: 'ADMIN' });
    const supervisor = await createPerson(t.prisma, {
      username: USERNAMES.SUPERVISOR,
      role: 'SUPERVISOR',
    });
    const leader = await createPerson(t.prisma, { username: USERNAMES.LEADER, role: 'LEADER' });
    const leaderC = await createPerson(t.prisma, {
      username: USERNAMES.LEADER_NO_DEPT,
      role: 'LEADER',
    });
    const head = await createPerson(t.prisma, {
      username: USERNAMES.HEAD,
      role: 'HEAD',
      departmentName: '省民政厅',
    });
    const liaison = await createPerson(t.prisma, {
      username: USERNAMES.LIAISON,
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    const outsider = await createPerson(t.prisma, {
      username: 'm.liaison.b',
      role: 'LIAISON',
      departmentName: '省财政厅',
    });
    const target = await createPerson(t.prisma, { username: 'm.leader.target', role: 'LEADER' });
    const c3 = await t.prisma.department.create({ data: { name: '省发展改革委' } });
    const collective = await t.prisma.department.create({
      data: { name: '省矩阵测试领导小组各成员单位', isCollective: true },
    });
    const result = await t.app
      .get(PlanImportService)
      .commit({ content: PLAN, sourceName: 'matrix.txt', confirmAllReview: true }, admin.id);
    const task = (no: number) =>
      t.prisma.task.findFirstOrThrow({ where: { planId: result.planId, no } });
    const a = head.departmentId!;
    const b = outsider.departmentId!;
    await t.prisma.leaderDepartment.createMany({
      data: [
        { leaderId: leader.id, departmentId: a },
        { leaderId: leaderC.id, departmentId: c3.id },
      ],
    });
    c = {
      t,
      planId: result.planId,
      tasks: { own: (await task(1)).id, other: (await task(2)).id, missing: randomUUID() },
      departments: { a, b, c: c3.id, collective: collective.id },
      people: {
        ADMIN: admin.id,
        SUPERVISOR: supervisor.id,
        LEADER: leader.id,
        LEADER_NO_DEPT: leaderC.id,
        HEAD: head.id,
        LIAISON: liaison.id,
        target: target.id,
        outsider: outsider.id,
      },
    };
    for (const actor of ACTORS) {
      if (actor === 'anon') continue;
      tokens[actor] = (
        await t.app.get(AuthService).login({ username: USERNAMES[actor], password: PASSWORD })
      ).accessToken;
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has exactly one row for every registered route', () => {
    const registered = registeredRoutes(t);
    const covered = ROWS.map((r) => r.route).sort();
    expect(new Set(covered).size).toBe(covered.length);
    const missing = registered.filter((r) => !covered.includes(r));
    const stale = covered.filter((r) => !registered.includes(r));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    expect(registered.length).toBeGreaterThanOrEqual(35);
  });

  it('answers every route × role × department with the exact status', async () => {
    const mismatches: string[] = [];
    for (const row of ROWS) {
      for (const actor of ACTORS) {
        expect(row.expect[actor]).toHaveLength(row.scopes.length);
        for (const [i, scope] of row.scopes.entries()) {
          const req = await row.request(c, actor, scope);
          const token = tokens[actor];
          const res = await fetch(`${t.url}/api/v1${req.path}`, {
            method: req.method,
            headers: {
              ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
          });
          const text = await res.text();
          const want = row.expect[actor][i];
          if (res.status !== want) {
            mismatches.push(
              `${row.route} as ${actor} (${scope}): want ${want}, got ${res.status} ${text.slice(0, 200)}`,
            );
          } else if (res.status === 403) {
            expect(JSON.parse(text)).toMatchObject({ code: 'FORBIDDEN' });
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('lets a leader read a task on which a department under them only supports', async () => {
    const task3 = await t.prisma.task.findFirstOrThrow({ where: { planId: c.planId, no: 3 } });
    const get = (actor: Actor) =>
      fetch(`${t.url}/api/v1/tasks/${task3.id}`, {
        headers: { authorization: `Bearer ${tokens[actor]}` },
      });
    // 省民政厅 supports item 3 (lead 省发展改革委): both leaders read it.
    expect((await get('LEADER')).status).toBe(200);
    expect((await get('LEADER_NO_DEPT')).status).toBe(200);
  });

  it("follows a change of the leader's departments at once (PUT /people/:id/departments)", async () => {
    const put = (id: string, body: unknown) =>
      fetch(`${t.url}/api/v1/people/${id}/departments`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${tokens.ADMIN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    const read = async () =>
      (
        await fetch(`${t.url}/api/v1/tasks/${c.tasks.other}`, {
          headers: { authorization: `Bearer ${tokens.LEADER_NO_DEPT}` },
        })
      ).status;
    expect(await read()).toBe(403);
    const res = await put(c.people.LEADER_NO_DEPT, { departmentIds: [c.departments.b] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      personId: c.people.LEADER_NO_DEPT,
      departments: [{ id: c.departments.b, name: '省财政厅' }],
    });
    expect(await read()).toBe(200);
    const audit = await t.prisma.auditEvent.findFirst({
      where: { action: 'person.leader_departments_set', entityId: c.people.LEADER_NO_DEPT },
    });
    expect(audit).not.toBeNull();
    // Back to 省发展改革委 only.
    expect((await put(c.people.LEADER_NO_DEPT, { departmentIds: [c.departments.c] })).status).toBe(
      200,
    );
    expect(await read()).toBe(403);

    // Not a leader, an unknown person, an unknown or collective department, a malformed body.
    expect((await put(c.people.LIAISON, { departmentIds: [] })).status).toBe(400);
    expect((await put(randomUUID(), { departmentIds: [] })).status).toBe(404);
    expect((await put(c.people.target, { departmentIds: [randomUUID()] })).status).toBe(400);
    expect((await put(c.people.target, { departmentIds: [c.departments.collective] })).status).toBe(
      400,
    );
    expect((await put(c.people.target, { departmentIds: ['x'] })).status).toBe(400);
    expect((await put(c.people.target, {})).status).toBe(400);
  });
});
