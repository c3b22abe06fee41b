import { DEPARTMENTS, OFFICE, OFFICE_AND_LEADERS, TASK_WHERE, Where } from './actors';
import { Ctx, freshTask } from './context';
import type { Row } from './row';
import { onTask, only } from './rules';

/** Who takes returned work: a department of the task's own level (in the deciding office's scope). */
const reassignTo = (c: Ctx, w: Where) =>
  w === 'x' || w === 'x1' ? c.departments.xb : w === 'y' ? c.departments.yb : c.departments.c;

/** A fresh task whose lead department returned it (退回), waiting for the office. */
async function returnedTask(c: Ctx, w: Where): Promise<{ taskId: string; departmentId: string }> {
  const { taskId, leadDepartmentId } = await freshTask(c, w);
  if (w !== 'missing') {
    await c.t.prisma.assignment.updateMany({
      where: { taskId, departmentId: leadDepartmentId },
      data: { ackState: 'RETURNED', returnReason: '矩阵测试退回', returnedAt: c.t.clock.now() },
    });
  }
  return { taskId, departmentId: leadDepartmentId };
}

/** 签收 and 退回 by the departments, the office's decisions on returns, and its board. */
export const ACKNOWLEDGEMENT_ROWS: Row[] = [
  {
    // A fresh pending assignment per cell, led by the zone's department.
    route: 'POST /tasks/:id/acknowledge',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/tasks/${(await freshTask(c, w)).taskId}/acknowledge`,
    }),
    expect: onTask(200, DEPARTMENTS),
  },
  {
    // Its acknowledgement deadline not yet planned: inside the window, so access is what is tested.
    route: 'POST /tasks/:id/return',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'POST',
      path: `/tasks/${(await freshTask(c, w)).taskId}/return`,
      body: { reason: '矩阵测试退回理由' },
    }),
    expect: onTask(200, DEPARTMENTS),
  },
  {
    route: 'POST /tasks/:id/returns/:departmentId/insist',
    where: TASK_WHERE,
    request: async (c, _a, w) => {
      const { taskId, departmentId } = await returnedTask(c, w);
      return {
        method: 'POST',
        path: `/tasks/${taskId}/returns/${departmentId}/insist`,
        body: { reason: '矩阵测试坚持交办' },
      };
    },
    expect: onTask(200, OFFICE),
  },
  {
    route: 'POST /tasks/:id/returns/:departmentId/reassign',
    where: TASK_WHERE,
    request: async (c, _a, w) => {
      const { taskId, departmentId } = await returnedTask(c, w);
      return {
        method: 'POST',
        path: `/tasks/${taskId}/returns/${departmentId}/reassign`,
        body: { leadDepartmentIds: [reassignTo(c, w)], reason: '矩阵测试改派' },
      };
    },
    expect: onTask(200, OFFICE),
  },
  {
    route: 'GET /supervision/acknowledgements',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/supervision/acknowledgements' }),
    expect: only(200, OFFICE_AND_LEADERS),
  },
];
