import { OFFICE, OFFICE_AND_LEADERS, PLAN_WHERE, REGION_WHERE, TASK_WHERE } from './actors';
import { Ctx, freshRegion, next, PLAN, planAt, regionAt, regionCode, taskAt } from './context';
import type { Row } from './row';
import { inRegion, onTask, only } from './rules';

const ADMIN_ONLY = 'administrators only: an administrator sees every region';

/** The plans X's people see in the list: X's and its county's, never the top's or Y's. */
const xPlans = (c: Ctx) => [c.plans.x, c.plans.x1];

/** Plans, their policy, the cascade and roll-ups, regions and counterparts. */
export const PLAN_ROWS: Row[] = [
  {
    route: 'POST /plans/import',
    where: ['-'],
    request: () => ({
      method: 'POST',
      path: '/plans/import',
      body: { mode: 'preview', text: PLAN },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'GET /plans',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/plans' }),
    expect: only(200, OFFICE_AND_LEADERS),
    shows: (c, a) =>
      a === 'X_SUPERVISOR' || a === 'X_LEADER'
        ? xPlans(c)
        : a === 'ADMIN' || a === 'SUPERVISOR'
          ? [c.plans.own, c.plans.y]
          : [],
  },
  {
    // y = Y's draft. A leader reads a plan of its region subtree, with its own departments' tasks.
    route: 'GET /plans/:id',
    where: PLAN_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/plans/${planAt(c, w)}` }),
    expect: inRegion(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'GET /plans/:id/policy',
    where: PLAN_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/plans/${planAt(c, w)}/policy` }),
    expect: inRegion(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'PUT /plans/:id/policy',
    where: PLAN_WHERE,
    request: (c, _a, w) => ({
      method: 'PUT',
      path: `/plans/${planAt(c, w)}/policy`,
      body: { deadlineReminders: [5, 1], sendHour: 9 },
    }),
    expect: inRegion(200, ['ADMIN']),
  },
  {
    route: 'GET /plans/:id/rollup',
    where: PLAN_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/plans/${planAt(c, w)}/rollup` }),
    expect: inRegion(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'GET /tasks/:id/rollup',
    where: TASK_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/tasks/${taskAt(c, w)}/rollup` }),
    expect: onTask(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'POST /plans/:id/cascade',
    where: ['-'],
    regionless: ADMIN_ONLY,
    request: async (c) => ({
      method: 'POST',
      path: `/plans/${c.plans.own}/cascade`,
      body: { mode: 'preview', regionIds: [await freshRegion(c)] },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /plans/:id/publish',
    where: ['-'],
    regionless: ADMIN_ONLY,
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
    where: ['-'],
    regionless: ADMIN_ONLY,
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
        body: { parentPlanId: c.plans.own },
      };
    },
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'GET /regions',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/regions' }),
    expect: only(200, OFFICE_AND_LEADERS),
    shows: (c, a) =>
      a === 'X_SUPERVISOR' || a === 'X_LEADER'
        ? [c.regions.x, c.regions.x1]
        : a === 'LEADER'
          ? [c.regions.y]
          : [],
  },
  {
    route: 'POST /regions',
    where: ['-'],
    request: () => ({
      method: 'POST',
      path: '/regions',
      body: { code: regionCode(), name: '矩阵市', level: 'CITY' },
    }),
    expect: only(201, ['ADMIN']),
  },
  {
    route: 'PUT /regions/:id/parent',
    where: ['-'],
    regionless: ADMIN_ONLY,
    request: async (c) => ({
      method: 'PUT',
      path: `/regions/${await freshRegion(c)}/parent`,
      body: { parentId: null },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /regions/counterparts/derive',
    where: ['-'],
    request: async (c) => ({
      method: 'POST',
      path: '/regions/counterparts/derive',
      body: { regionIds: [await freshRegion(c)] },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'GET /regions/:id/counterparts',
    where: REGION_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/regions/${regionAt(c, w)}/counterparts` }),
    expect: inRegion(200, OFFICE),
  },
  {
    route: 'PUT /regions/:id/counterparts',
    where: ['-'],
    regionless: ADMIN_ONLY,
    request: async (c) => ({
      method: 'PUT',
      path: `/regions/${await freshRegion(c)}/counterparts`,
      body: { links: [{ departmentId: c.departments.a, counterpartId: null }] },
    }),
    expect: only(200, ['ADMIN']),
  },
];
