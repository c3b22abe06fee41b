import { randomUUID } from 'node:crypto';
import { BUSINESS, OFFICE, OFFICE_AND_LEADERS, PLAN_WHERE, TASK_WHERE, Where } from './actors';
import { Ctx, regionAt, taskAt } from './context';
import type { Row } from './row';
import { inRegion, onTask, only } from './rules';

// One document per position, made once (cells of a row run in parallel).
const made = new Map<string, Promise<string>>();
const once = (key: string, make: () => Promise<string>) => {
  if (!made.has(key)) made.set(key, make());
  return made.get(key)!;
};
let seq = 900_000;

/** The 交办通知 of the lead department of the task at `where` (a random id when missing). */
const noticeAt = (c: Ctx, w: Where): Promise<string> =>
  w === 'missing'
    ? Promise.resolve(randomUUID())
    : once(`notice-${w}`, async () => {
        const task = await c.t.prisma.task.findUniqueOrThrow({
          where: { id: taskAt(c, w) },
          include: { plan: true, assignments: { where: { role: 'LEAD' } } },
        });
        const lead = task.assignments[0]!;
        const n = ++seq;
        const notice = await c.t.prisma.assignmentNotice.create({
          data: {
            regionId: task.plan.regionId,
            year: 2099,
            seq: n,
            number: `交〔2099〕${n}号`,
            planId: task.planId,
            departmentId: lead.departmentId,
            issuedAt: c.t.clock.now(),
            items: {
              create: [{ assignmentId: lead.id, taskId: task.id, role: 'LEAD' }],
            },
          },
        });
        return notice.id;
      });

/** A numbered 督办单 on the task at `where` (the task id; random when missing). */
const supervisedTaskAt = (c: Ctx, w: Where): Promise<string> =>
  w === 'missing'
    ? Promise.resolve(randomUUID())
    : once(`supervision-${w}`, async () => {
        const taskId = taskAt(c, w);
        await c.t.prisma.escalation.upsert({
          where: {
            taskId_level_dueOn: { taskId, level: 'SUPERVISION', dueOn: new Date('2099-01-01') },
          },
          update: {},
          create: {
            taskId,
            level: 'SUPERVISION',
            dueOn: new Date('2099-01-01'),
            noticeNo: `督〔2099〕${++seq}号`,
          },
        });
        return taskId;
      });

/** An issued bulletin of the office at `where` (own = the top office; random when missing). */
const bulletinAt = (c: Ctx, w: Where): Promise<string> =>
  w === 'missing'
    ? Promise.resolve(randomUUID())
    : once(`bulletin-${w}`, async () => {
        const n = ++seq;
        const b = await c.t.prisma.bulletin.create({
          data: {
            regionId: w === 'own' ? null : regionAt(c, w),
            year: 2099,
            seq: n,
            number: `通报〔2099〕${n}号`,
            periodFrom: new Date('2026-11-01'),
            periodTo: new Date('2026-11-30'),
            content: {
              from: '2026-11-01',
              to: '2026-11-30',
              asOf: '2026-11-23',
              planTitle: null,
              totals: {
                tasks: 0,
                closed: 0,
                open: 0,
                overdue: 0,
                closedInPeriod: 0,
                redCardsInPeriod: 0,
              },
              closed: [],
              overdue: [],
              laggards: [],
            },
            issuedById: randomUUID(),
            issuedAt: c.t.clock.now(),
          },
        });
        return b.id;
      });

/** Assignment notices, 督办单 and bulletins as documents (.docx), and a task's notices. */
export const NOTICE_ROWS: Row[] = [
  {
    // A department's notice: its people and leaders, the offices above it; 404 elsewhere.
    route: 'GET /notices/:id.docx',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({ method: 'GET', path: `/notices/${await noticeAt(c, w)}.docx` }),
    expect: onTask(200, BUSINESS),
  },
  {
    route: 'GET /tasks/:id/notices',
    where: TASK_WHERE,
    request: async (c, _a, w) => {
      await noticeAt(c, w);
      return { method: 'GET', path: `/tasks/${taskAt(c, w)}/notices` };
    },
    expect: onTask(200, BUSINESS),
  },
  {
    route: 'GET /tasks/:id/supervision-notice.docx',
    where: TASK_WHERE,
    request: async (c, _a, w) => ({
      method: 'GET',
      path: `/tasks/${await supervisedTaskAt(c, w)}/supervision-notice.docx`,
    }),
    expect: onTask(200, BUSINESS),
  },
  {
    route: 'GET /supervision/bulletin.docx',
    where: ['-'],
    request: () => ({ method: 'GET', path: '/supervision/bulletin.docx' }),
    expect: only(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'POST /supervision/bulletins',
    where: ['-'],
    request: () => ({
      method: 'POST',
      path: '/supervision/bulletins',
      body: { from: '2026-11-01', to: '2026-11-30' },
    }),
    expect: only(201, OFFICE),
  },
  {
    route: 'GET /supervision/bulletins/:id.docx',
    where: PLAN_WHERE,
    request: async (c, _a, w) => ({
      method: 'GET',
      path: `/supervision/bulletins/${await bulletinAt(c, w)}.docx`,
    }),
    expect: inRegion(200, OFFICE_AND_LEADERS),
  },
];
