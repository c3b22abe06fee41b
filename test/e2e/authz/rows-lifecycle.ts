import { randomUUID } from 'node:crypto';
import { BUSINESS, DEPARTMENTS, OFFICE, Person, SEES_TASK, TASK_WHERE } from './actors';
import { Ctx, freshTask, pendingRequest, taskAt } from './context';
import type { Row } from './row';
import { onTask, only, Rule } from './rules';

/**
 * A review step's decision: the role guard admits every business role, a request out of scope is
 * 404, and in scope only the holder of the waiting step decides (the office, in the matrix's
 * default policy: 403 for the others).
 */
const holder =
  (ok: number, holders: Person[]): Rule =>
  (a, w) =>
    a === 'anon'
      ? 401
      : !BUSINESS.includes(a)
        ? 403
        : !SEES_TASK[a].includes(w)
          ? 404
          : holders.includes(a)
            ? ok
            : 403;

/** Who a department's person may name as deputy: a colleague of their region subtree. */
const colleagueOf = (c: Ctx, a: Person): string =>
  a === 'HEAD'
    ? c.people.LIAISON
    : a === 'LIAISON'
      ? c.people.HEAD
      : a === 'X_LIAISON'
        ? c.people.byZone.x1
        : c.people.LIAISON;

/** A period in the future, one per cell, so that no cell overlaps another nor changes today's scope. */
let month = 0;
const period = () => {
  const m = ++month;
  const year = 2030 + Math.floor((m - 1) / 12);
  const mm = String(((m - 1) % 12) + 1).padStart(2, '0');
  return { startsOn: `${year}-${mm}-01`, endsOn: `${year}-${mm}-20` };
};

/** The review chain, reports on behalf and deputies (issue 16). */
export const LIFECYCLE_ROWS: Row[] = [
  {
    route: 'GET /reviews/mine',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/reviews/mine' }),
    expect: only(200, BUSINESS),
  },
  {
    // A fresh closure waiting at the office's step (the default policy's only one).
    route: 'POST /requests/:id/review/approve',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/requests/${await pendingRequest(c, w, 'CLOSURE')}/review/approve`,
      body: { stage: 'OFFICE', reason: '矩阵测试同意' },
    }),
    expect: holder(200, OFFICE),
  },
  {
    route: 'POST /requests/:id/review/return',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/requests/${await pendingRequest(c, w, 'CLOSURE')}/review/return`,
      body: { stage: 'OFFICE', reason: '矩阵测试退回' },
    }),
    expect: holder(200, OFFICE),
  },
  {
    // The lead department's report, received by phone; a fresh task per cell (version 0).
    route: 'POST /tasks/:id/reports/on-behalf',
    where: TASK_WHERE,
    request: async (c, _a, w) => {
      const { taskId, leadDepartmentId } =
        w === 'missing'
          ? { taskId: taskAt(c, w), leadDepartmentId: randomUUID() }
          : await freshTask(c, w);
      return {
        method: 'POST',
        path: `/tasks/${taskId}/reports/on-behalf`,
        body: {
          departmentId: leadDepartmentId,
          percent: 30,
          narrative: '矩阵测试代报',
          version: 0,
          channel: 'PHONE',
          receivedOn: '2026-11-20',
        },
      };
    },
    expect: onTask(201, OFFICE),
  },
  {
    route: 'GET /me/deputies',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/me/deputies' }),
    expect: only(200, DEPARTMENTS),
  },
  {
    route: 'GET /me/deputies/candidates',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/me/deputies/candidates' }),
    expect: only(200, DEPARTMENTS),
  },
  {
    route: 'POST /me/deputies',
    where: ['-'],
    request: (c, a) => ({
      method: 'POST',
      path: '/me/deputies',
      body: { deputyId: colleagueOf(c, a as Person), ...period() },
    }),
    expect: only(201, DEPARTMENTS),
  },
  {
    // The caller's own deputyship, made for the cell (a department's people only have any).
    route: 'DELETE /me/deputies/:id',
    where: ['-'],
    regionless: "a person's own deputyship (委托), which has no region of its own",
    request: async (c, a) => {
      const personId = c.people[a as Person];
      const { startsOn, endsOn } = period();
      const row =
        personId && DEPARTMENTS.includes(a as Person)
          ? await c.t.prisma.deputy.create({
              data: {
                personId,
                deputyId: colleagueOf(c, a as Person),
                startsOn: new Date(startsOn),
                endsOn: new Date(endsOn),
              },
            })
          : null;
      return { method: 'DELETE', path: `/me/deputies/${row?.id ?? randomUUID()}` };
    },
    expect: only(200, DEPARTMENTS),
  },
  {
    route: 'GET /deputies',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/deputies' }),
    expect: only(200, OFFICE),
  },
];
