import { BUSINESS, DEPARTMENTS, OFFICE, TASK_WHERE, Where } from './actors';
import { Ctx, freshTask, pendingRequest, taskAt } from './context';
import type { Row } from './row';
import { business, filing, onTask, only } from './rules';

/** Who a dispute is given to: a department of the task's own level (in the deciding office's scope). */
const reassignTo = (c: Ctx, w: Where) =>
  w === 'x' || w === 'x1' ? c.departments.xb : w === 'y' ? c.departments.yb : c.departments.c;

/** The office's queues and logs, with X's rows for X's office (not empty, only scoped). */
const xShows = (ids: (c: Ctx) => string[]) => (c: Ctx, a: string) =>
  a === 'X_SUPERVISOR' ? ids(c) : [];

/** Tasks, progress, requests and decisions, notices, history and the office's logs. */
export const TASK_ROWS: Row[] = [
  {
    route: 'GET /me/tasks',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/me/tasks' }),
    expect: business(200),
    shows: (c, a) => (a === 'X_LIAISON' ? [c.tasks.x] : a === 'LIAISON' ? [c.tasks.own] : []),
  },
  {
    route: 'GET /tasks/:id',
    where: TASK_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/tasks/${taskAt(c, w)}` }),
    expect: onTask(200, BUSINESS),
  },
  {
    route: 'GET /tasks/:id/reports',
    where: TASK_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/tasks/${taskAt(c, w)}/reports` }),
    expect: onTask(200, BUSINESS),
  },
  {
    route: 'POST /tasks/:id/reports',
    where: TASK_WHERE,
    request: async (c, _a, w) => {
      const task = taskAt(c, w);
      // The version the department last read; others send the lead's.
      const a = await c.t.prisma.assignment.findFirst({ where: { taskId: task, role: 'LEAD' } });
      return {
        method: 'POST',
        path: `/tasks/${task}/reports`,
        body: { percent: 10, narrative: '矩阵测试进展', version: a?.reportVersion ?? 0 },
      };
    },
    expect: filing(201),
  },
  {
    route: 'GET /tasks/:id/requests',
    where: TASK_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/tasks/${taskAt(c, w)}/requests` }),
    expect: onTask(200, BUSINESS),
  },
  {
    // A fresh ASSIGNED task per cell, led by the zone's department.
    route: 'POST /tasks/:id/requests/closure',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/tasks/${(await freshTask(c, w)).taskId}/requests/closure`,
      body: { summary: '矩阵测试办结情况', version: 0, links: ['https://example.gov.cn/m'] },
    }),
    expect: onTask(201, DEPARTMENTS),
  },
  {
    // Due 2026-12-31, today 2026-11-23: one pending extension per task.
    route: 'POST /tasks/:id/requests/extension',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/tasks/${(await freshTask(c, w)).taskId}/requests/extension`,
      body: { reason: '矩阵测试延期理由', proposedDueOn: '2027-01-29', version: 0 },
    }),
    expect: onTask(201, DEPARTMENTS),
  },
  {
    // Assigned today: inside the dispute window, so access is what is tested.
    route: 'POST /tasks/:id/requests/dispute',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/tasks/${(await freshTask(c, w)).taskId}/requests/dispute`,
      body: { reason: '矩阵测试异议理由', version: 0 },
    }),
    expect: onTask(201, DEPARTMENTS),
  },
  {
    // The supporting assignment (C, XB, YB) of a fresh task led by the zone's department.
    route: 'PUT /tasks/:id/assignments/:assignmentId/sub-deadline',
    where: TASK_WHERE,
    request: async (c, _a, w) => {
      const { taskId, supportId } = await freshTask(c, w, { support: true });
      return {
        method: 'PUT',
        path: `/tasks/${taskId}/assignments/${supportId}/sub-deadline`,
        body: { subDueOn: '2026-12-20' },
      };
    },
    expect: onTask(200, DEPARTMENTS),
  },
  {
    // A fresh open task per cell: the office issues its supervision notice by hand.
    route: 'POST /tasks/:id/supervision-notice',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/tasks/${(await freshTask(c, w)).taskId}/supervision-notice`,
    }),
    expect: onTask(201, OFFICE),
  },
  {
    route: 'GET /tasks/:id/history',
    where: TASK_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/tasks/${taskAt(c, w)}/history` }),
    expect: onTask(200, ['ADMIN', 'SUPERVISOR', 'X_SUPERVISOR']),
  },
  {
    route: 'GET /requests',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/requests?status=PENDING' }),
    expect: only(200, OFFICE),
    shows: xShows((c) => [c.tasks.x, c.tasks.x1]),
  },
  {
    // A fresh pending closure request of the zone's lead department; missing = no such request.
    route: 'POST /requests/:id/approve',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/requests/${await pendingRequest(c, w, 'CLOSURE')}/approve`,
      body: { reason: '矩阵测试同意' },
    }),
    expect: onTask(200, OFFICE),
  },
  {
    route: 'POST /requests/:id/reject',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/requests/${await pendingRequest(c, w, 'CLOSURE')}/reject`,
      body: { reason: '矩阵测试退回' },
    }),
    expect: onTask(200, OFFICE),
  },
  {
    route: 'POST /requests/:id/uphold',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/requests/${await pendingRequest(c, w, 'DISPUTE')}/uphold`,
      body: { reason: '矩阵测试维持' },
    }),
    expect: onTask(200, OFFICE),
  },
  {
    route: 'POST /requests/:id/reassign',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/requests/${await pendingRequest(c, w, 'DISPUTE')}/reassign`,
      body: { leadDepartmentIds: [reassignTo(c, w)], reason: '矩阵测试重新交办' },
    }),
    expect: onTask(200, OFFICE),
  },
  {
    route: 'GET /deliveries',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/deliveries?status=FAILED&limit=500' }),
    expect: only(200, OFFICE),
    shows: xShows((c) => [c.tasks.x, c.tasks.x1]),
  },
  // The whole trail and the sign-in log are the auditor's alone (三员分立).
  ...(
    [
      '/audit/export?from=2026-11-01&to=2026-11-30&format=json',
      '/audit/events?limit=5',
      '/audit/sign-ins?limit=5',
    ] as const
  ).map((path): Row => ({
    route: `GET ${path.split('?')[0]}`,
    where: ['-'],
    request: () => ({ method: 'GET', path }),
    expect: only(200, ['AUDITOR']),
    unscanned: 'the auditor reads the whole trail (三员分立)',
  })),
];
