import { BUSINESS, OFFICE, PLAN_WHERE, TASK_WHERE } from './actors';
import { freshTask, planAt, taskAt } from './context';
import type { Ctx } from './context';
import type { Actor } from './actors';
import type { Row } from './row';
import { inRegion, onTask, only } from './rules';

/** The lead department an actor's office may name: its own level's (X's for X's office). */
const leadOf = (c: Ctx, a: Actor) => (a === 'X_SUPERVISOR' ? c.departments.xa : c.departments.a);
const item = (c: Ctx, a: Actor) => ({
  text: '矩阵测试督办事项',
  lead: [leadOf(c, a)],
  dueOn: '2026-12-31',
});

/** New work of each source, its reads, the hand edit of an item, the Excel template. */
export const WORK_ITEM_ROWS: Row[] = [
  {
    route: 'POST /work-items/single',
    where: ['-'],
    request: (c, a) => ({ method: 'POST', path: '/work-items/single', body: item(c, a) }),
    expect: only(201, OFFICE),
  },
  {
    route: 'POST /work-items/instruction',
    where: ['-'],
    request: (c, a) => ({
      method: 'POST',
      path: '/work-items/instruction',
      body: {
        ...item(c, a),
        leaderId: a === 'X_SUPERVISOR' ? c.people.X_LEADER : c.people.LEADER,
        issuedOn: '2026-11-20',
      },
    }),
    expect: only(201, OFFICE),
  },
  {
    route: 'POST /work-items/meeting',
    where: ['-'],
    request: (c, a) => ({
      method: 'POST',
      path: '/work-items/meeting',
      body: { title: '矩阵测试会议', issuedOn: '2026-11-20', items: [item(c, a), item(c, a)] },
    }),
    expect: only(201, OFFICE),
  },
  {
    route: 'POST /work-items/matter',
    where: ['-'],
    request: (c, a) => ({
      method: 'POST',
      path: '/work-items/matter',
      body: { ...item(c, a), source: 'CPPCC_PROPOSAL', documentNumber: '矩阵第1号提案' },
    }),
    expect: only(201, OFFICE),
  },
  {
    route: 'GET /work-items',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/work-items' }),
    expect: only(200, OFFICE),
  },
  {
    route: 'GET /work-items/leaders',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/work-items/leaders' }),
    expect: only(200, OFFICE),
  },
  {
    route: 'GET /work-items/:id',
    where: PLAN_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/work-items/${planAt(c, w)}` }),
    expect: inRegion(200, OFFICE),
  },
  {
    route: 'PATCH /tasks/:id/item',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'PATCH',
      path: `/tasks/${(await freshTask(c, w)).taskId}/item`,
      body: { version: 0, text: '矩阵测试:手工修改后的事项' },
    }),
    expect: onTask(200, OFFICE),
  },
  {
    route: 'GET /tasks/:id/source',
    where: TASK_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/tasks/${taskAt(c, w)}/source` }),
    expect: onTask(200, BUSINESS),
  },
  {
    // The matrix's tasks are plan items without a document: in scope is the same 404 as out of
    // scope; the role guard and the scope check run first (403 for the security staff).
    route: 'GET /tasks/:id/source-document',
    where: TASK_WHERE,
    request: (c, _a, w) => ({ method: 'GET', path: `/tasks/${taskAt(c, w)}/source-document` }),
    expect: onTask(404, BUSINESS),
  },
  {
    route: 'GET /work-items/sheet/template',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/work-items/sheet/template' }),
    expect: only(200, OFFICE),
    unscanned: 'a fixed template file: no data of any region',
  },
  {
    // JSON carries no file: the office gets as far as the missing file (400).
    route: 'POST /work-items/sheet',
    where: ['-'],
    request: () => ({ method: 'POST', path: '/work-items/sheet', body: { mode: 'preview' } }),
    expect: only(400, OFFICE),
  },
];
