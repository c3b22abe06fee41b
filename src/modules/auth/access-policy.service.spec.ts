import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { AssignmentRole, Role } from '../../generated/prisma/enums';
import type { PrismaService } from '../../infra/prisma/prisma.service';
import {
  AccessPolicyService,
  mayApproveForDepartment,
  mayReadDashboards,
  mayReport,
  taskScopeOf,
} from './access-policy.service';
import type { AuthUser } from './auth-user';

const TASK = '00000000-0000-4000-8000-000000000001';
const MISSING = '00000000-0000-4000-8000-000000000099';
const OWN = 'dept-own';
const OTHER = 'dept-other';

const LEADER_OF_OWN = 'leader-own';

/** A fake with one task assigned to OWN (lead) only; LEADER_OF_OWN leads OWN. */
function fakePrisma(): PrismaService {
  const assignment = {
    id: 'asg-1',
    taskId: TASK,
    departmentId: OWN,
    role: AssignmentRole.LEAD,
    ordinal: 0,
    reportVersion: 3,
    percent: 40,
    lastReportAt: null,
  };
  return {
    task: {
      findUnique: async ({ where }: { where: { id: string } }) =>
        where.id === TASK ? { id: TASK } : null,
    },
    assignment: {
      findFirst: async ({
        where,
      }: {
        where: { taskId: string; departmentId: string; removedAt: null };
      }) =>
        where.taskId === TASK && where.departmentId === OWN && where.removedAt === null
          ? assignment
          : null,
      count: async ({
        where,
      }: {
        where: { taskId: string; departmentId: { in: string[] }; removedAt: null };
      }) =>
        where.taskId === TASK && where.departmentId.in.includes(OWN) && where.removedAt === null
          ? 1
          : 0,
    },
    leaderDepartment: {
      findMany: async ({ where }: { where: { leaderId: string } }) =>
        where.leaderId === LEADER_OF_OWN ? [{ departmentId: OWN }] : [],
    },
    // The supervisor's region (and the regions below it): none here, so the top office.
    $queryRaw: async () => [],
  } as unknown as PrismaService;
}

const user = (role: Role, departmentId: string | null = null, id = 'p'): AuthUser => ({
  id,
  username: 'u',
  role,
  departmentId,
});

async function errorOf(p: Promise<unknown>): Promise<DomainException> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainException) return e;
    throw e;
  }
  throw new Error('expected a DomainException');
}

describe('taskScopeOf / mayReport', () => {
  it.each([Role.SUPERVISOR, Role.ADMIN])('%s reads all tasks but never reports', (role) => {
    expect(taskScopeOf(user(role, OWN))).toEqual({ kind: 'all' });
    expect(mayReport(user(role, OWN))).toBe(false);
  });

  it('a leader is not scoped by the token (the database knows its departments)', () => {
    expect(taskScopeOf(user(Role.LEADER, OWN))).toEqual({ kind: 'none' });
    expect(mayReport(user(Role.LEADER, OWN))).toBe(false);
  });

  it('only a head approves, and only for its own department', () => {
    expect(mayApproveForDepartment(user(Role.HEAD, OWN), OWN)).toBe(true);
    expect(mayApproveForDepartment(user(Role.HEAD, OWN), OTHER)).toBe(false);
    expect(mayApproveForDepartment(user(Role.LIAISON, OWN), OWN)).toBe(false);
    expect(mayApproveForDepartment(user(Role.SUPERVISOR), OWN)).toBe(false);
  });

  it('the office, administrators and leaders read dashboards; departments do not', () => {
    for (const role of [Role.SUPERVISOR, Role.ADMIN, Role.LEADER]) {
      expect(mayReadDashboards(user(role))).toBe(true);
    }
    for (const role of [Role.HEAD, Role.LIAISON]) expect(mayReadDashboards(user(role))).toBe(false);
  });

  it.each([Role.LIAISON, Role.HEAD])('%s reads and reports for its own department', (role) => {
    expect(taskScopeOf(user(role, OWN))).toEqual({ kind: 'department', departmentId: OWN });
    expect(mayReport(user(role, OWN))).toBe(true);
  });

  it('a liaison without a department sees nothing and reports nothing', () => {
    expect(taskScopeOf(user(Role.LIAISON))).toEqual({ kind: 'none' });
    expect(mayReport(user(Role.LIAISON))).toBe(false);
  });
});

describe('AccessPolicyService', () => {
  const policy = new AccessPolicyService(fakePrisma());

  it('lets an assigned department and the office read the task', async () => {
    await expect(policy.canReadTask(user(Role.LIAISON, OWN), TASK)).resolves.toBe(true);
    await expect(policy.canReadTask(user(Role.HEAD, OWN), TASK)).resolves.toBe(true);
    await expect(policy.canReadTask(user(Role.SUPERVISOR), TASK)).resolves.toBe(true);
    await expect(policy.canReadTask(user(Role.LEADER, null, LEADER_OF_OWN), TASK)).resolves.toBe(
      true,
    );
    await expect(policy.canReadTask(user(Role.ADMIN), TASK)).resolves.toBe(true);
  });

  it("refuses another department's task with 403 and a Chinese message", async () => {
    const e = await errorOf(policy.assertCanReadTask(user(Role.LIAISON, OTHER), TASK));
    expect(e.code).toBe(ErrorCode.FORBIDDEN);
    expect(e.status).toBe(403);
    expect(e.message).toBe('您无权查看其他部门的任务');
    await expect(policy.canReadTask(user(Role.LIAISON, OTHER), TASK)).resolves.toBe(false);
  });

  it('lets a leader read only the tasks of the departments under them', async () => {
    await expect(policy.taskScope(user(Role.LEADER, null, LEADER_OF_OWN))).resolves.toEqual({
      kind: 'departments',
      departmentIds: [OWN],
    });
    const e = await errorOf(
      policy.assertCanReadTask(user(Role.LEADER, null, 'other-leader'), TASK),
    );
    expect(e.status).toBe(403);
    expect(e.code).toBe(ErrorCode.FORBIDDEN);
    expect(e.message).toBe('您无权查看非分管部门的任务');
    await expect(
      policy.readableDepartmentIds(user(Role.LEADER, null, 'other-leader')),
    ).resolves.toEqual([]);
    await expect(policy.readableDepartmentIds(user(Role.SUPERVISOR))).resolves.toBeNull();
  });

  it('answers 404 for a task that does not exist, whoever asks', async () => {
    for (const u of [user(Role.LIAISON, OWN), user(Role.SUPERVISOR), user(Role.LEADER)]) {
      const e = await errorOf(policy.assertCanReadTask(u, MISSING));
      expect(e.code).toBe(ErrorCode.NOT_FOUND);
      expect(e.status).toBe(404);
    }
  });

  it("returns the reporter's own assignment", async () => {
    const a = await policy.assertCanReportOn(user(Role.LIAISON, OWN), TASK);
    expect(a).toMatchObject({ id: 'asg-1', departmentId: OWN, reportVersion: 3 });
  });

  it('lets only a liaison or head of an assigned department report', async () => {
    expect((await errorOf(policy.assertCanReportOn(user(Role.LIAISON, OTHER), TASK))).status).toBe(
      403,
    );
    expect((await errorOf(policy.assertCanReportOn(user(Role.SUPERVISOR), TASK))).status).toBe(403);
    expect((await errorOf(policy.assertCanReportOn(user(Role.ADMIN, OWN), TASK))).status).toBe(403);
    const leader = user(Role.LEADER, null, LEADER_OF_OWN);
    expect((await errorOf(policy.assertCanReportOn(leader, TASK))).status).toBe(403);
    expect((await errorOf(policy.assertCanReportOn(user(Role.LIAISON, OWN), MISSING))).status).toBe(
      404,
    );
  });
});
