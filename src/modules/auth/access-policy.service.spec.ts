import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { AssignmentRole, Role } from '../../generated/prisma/enums';
import type { Clock } from '../../infra/clock/clock';
import type { PrismaService } from '../../infra/prisma/prisma.service';
import {
  AccessPolicyService,
  mayApproveForDepartment,
  mayReadDashboards,
  mayReport,
} from './access-policy.service';
import type { AuthUser } from './auth-user';
import type { ScopeFactsRow } from './access-policy.sql';
import {
  BUSINESS_ROLES,
  boardOfficeOf,
  departmentInScope,
  needsFacts,
  regionInScope,
  scopeOf,
  ScopeFacts,
} from './scope';

const TASK = '00000000-0000-4000-8000-000000000001';
const MISSING = '00000000-0000-4000-8000-000000000099';
const OWN = 'dept-own';
const OTHER = 'dept-other';
const CITY = 'region-city';
const COUNTY = 'region-county';

/** A city office: 南京市 and its county; two departments there; a leader of one of them. */
const FACTS: ScopeFacts = {
  regionIds: [CITY, COUNTY],
  regionDepartmentIds: [OWN, OTHER],
  leaderDepartmentIds: [OWN],
};
const TOP: ScopeFacts = { regionIds: [], regionDepartmentIds: [], leaderDepartmentIds: [OWN] };

const user = (role: Role, departmentId: string | null = null, id = 'p'): AuthUser => ({
  id,
  username: 'u',
  role,
  departmentId,
});

describe('scopeOf', () => {
  it('an administrator sees everything, whatever the facts', () => {
    expect(scopeOf(user(Role.ADMIN), null)).toMatchObject({
      departmentIds: null,
      regionIds: null,
      regionId: null,
    });
  });

  it("the top office sees everything; a region's office its region subtree's departments", () => {
    expect(scopeOf(user(Role.SUPERVISOR), TOP)).toMatchObject({
      departmentIds: null,
      regionIds: null,
      regionId: null,
    });
    expect(scopeOf(user(Role.SUPERVISOR), FACTS)).toMatchObject({
      departmentIds: [OWN, OTHER],
      regionIds: [CITY, COUNTY],
      regionId: CITY,
    });
  });

  it("a leader sees the tasks of its departments, and the plans of its region's subtree", () => {
    expect(scopeOf(user(Role.LEADER), FACTS)).toMatchObject({
      departmentIds: [OWN],
      regionIds: [CITY, COUNTY],
    });
    expect(scopeOf(user(Role.LEADER), TOP)).toMatchObject({
      departmentIds: [OWN],
      regionIds: null,
    });
  });

  it.each([Role.LIAISON, Role.HEAD])('%s sees its own department only', (role) => {
    expect(scopeOf(user(role, OWN), FACTS)).toMatchObject({
      departmentIds: [OWN],
      regionIds: [CITY, COUNTY],
    });
    expect(needsFacts(user(role, OWN))).toBe(true);
    // Without a department: nothing at all.
    expect(needsFacts(user(role))).toBe(false);
    expect(scopeOf(user(role), null)).toMatchObject({ departmentIds: [], regionIds: [] });
  });

  it.each([Role.SECURITY_ADMIN, Role.AUDITOR])('%s sees no business data', (role) => {
    expect(needsFacts(user(role))).toBe(false);
    const scope = scopeOf(user(role), null);
    expect(scope).toMatchObject({ departmentIds: [], regionIds: [] });
    expect(departmentInScope(scope, OWN)).toBe(false);
    expect(regionInScope(scope, null)).toBe(false);
    expect(BUSINESS_ROLES).not.toContain(role);
  });

  it('keeps the level above out of a region scope, and admits it only to the top level', () => {
    const city = scopeOf(user(Role.SUPERVISOR), FACTS);
    expect(regionInScope(city, COUNTY)).toBe(true);
    expect(regionInScope(city, null)).toBe(false);
    expect(regionInScope(city, 'region-sibling')).toBe(false);
    expect(regionInScope(scopeOf(user(Role.SUPERVISOR), TOP), null)).toBe(true);
    expect(boardOfficeOf(city)).toEqual({ regionId: CITY });
    expect(boardOfficeOf(scopeOf(user(Role.LEADER), FACTS))).toBeNull();
  });
});

describe('mayReport and friends', () => {
  it.each([Role.SUPERVISOR, Role.ADMIN, Role.LEADER])('%s never reports', (role) => {
    expect(mayReport(user(role, OWN))).toBe(false);
  });

  it('only a head approves, and only for its own department', () => {
    expect(mayApproveForDepartment(user(Role.HEAD, OWN), OWN)).toBe(true);
    expect(mayApproveForDepartment(user(Role.HEAD, OWN), OTHER)).toBe(false);
    expect(mayApproveForDepartment(user(Role.LIAISON, OWN), OWN)).toBe(false);
    expect(mayApproveForDepartment(user(Role.SUPERVISOR), OWN)).toBe(false);
  });

  it('the office, administrators and leaders read dashboards; no one else', () => {
    for (const role of [Role.SUPERVISOR, Role.ADMIN, Role.LEADER]) {
      expect(mayReadDashboards(user(role))).toBe(true);
    }
    for (const role of [Role.HEAD, Role.LIAISON, Role.SECURITY_ADMIN, Role.AUDITOR]) {
      expect(mayReadDashboards(user(role))).toBe(false);
    }
  });
});

/** A fake with one task assigned to OWN (lead) only; the facts query answers FACTS. */
function fakePrisma(queries: string[]): PrismaService {
  const assignment = { id: 'asg-1', taskId: TASK, departmentId: OWN, role: AssignmentRole.LEAD };
  return {
    task: {
      count: async ({ where }: { where: { id: string } }) => (where.id === TASK ? 1 : 0),
    },
    assignment: {
      findFirst: async ({ where }: { where: { taskId: string; departmentId: string } }) =>
        where.taskId === TASK && where.departmentId === OWN ? assignment : null,
    },
    $queryRaw: async (sql: { sql: string }) => {
      queries.push(sql.sql);
      const row: ScopeFactsRow = {
        region_ids: FACTS.regionIds,
        region_department_ids: FACTS.regionDepartmentIds,
        leader_department_ids: FACTS.leaderDepartmentIds,
        acting_for: [],
      };
      return [row];
    },
  } as unknown as PrismaService;
}

async function errorOf(p: Promise<unknown>): Promise<DomainException> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainException) return e;
    throw e;
  }
  throw new Error('expected a DomainException');
}

describe('AccessPolicyService', () => {
  const queries: string[] = [];
  const policy = new AccessPolicyService(fakePrisma(queries), {
    now: () => new Date('2026-11-23T02:00:00Z'),
  } as Clock);

  it('resolves a scope in one statement, and none for the roles the token says enough about', async () => {
    queries.length = 0;
    await expect(policy.resolve(user(Role.SUPERVISOR))).resolves.toMatchObject({
      regionId: CITY,
      departmentIds: [OWN, OTHER],
    });
    expect(queries).toHaveLength(1);
    await policy.resolve(user(Role.ADMIN));
    await policy.resolve(user(Role.AUDITOR));
    expect(queries).toHaveLength(1);
  });

  it("returns the reporter's own assignment", async () => {
    const a = await policy.assertCanReportOn(user(Role.LIAISON, OWN), TASK);
    expect(a).toMatchObject({ id: 'asg-1', departmentId: OWN });
  });

  it("answers 404 for another department's task (not revealed), 403 for a role that does not report", async () => {
    const other = await errorOf(policy.assertCanReportOn(user(Role.LIAISON, OTHER), TASK));
    expect([other.status, other.code]).toEqual([404, ErrorCode.NOT_FOUND]);
    const office = await errorOf(policy.assertCanReportOn(user(Role.SUPERVISOR), TASK));
    expect([office.status, office.code]).toEqual([403, ErrorCode.FORBIDDEN]);
    expect((await errorOf(policy.assertCanReportOn(user(Role.ADMIN, OWN), TASK))).status).toBe(403);
    expect((await errorOf(policy.assertCanReportOn(user(Role.LIAISON, OWN), MISSING))).status).toBe(
      404,
    );
    expect((await errorOf(policy.assertCanReportOn(user(Role.SUPERVISOR), MISSING))).status).toBe(
      404,
    );
  });
});
