import { Injectable } from '@nestjs/common';
import type { Assignment } from '../../generated/prisma/client';
import { Role } from '../../generated/prisma/enums';
import { localDateOf } from '../../common/time/local-date';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { ScopeFactsRow, selectScopeFacts } from './access-policy.sql';
import {
  dashboardsForbidden,
  onlyDepartmentsReport,
  planNotFound,
  planOutOfScope,
  taskNotFound,
  taskOutOfScope,
} from './auth.errors';
import type { AuthUser } from './auth-user';
import { ActingFor, needsFacts, regionInScope, Scope, scopeOf } from './scope';
import { taskWhere } from './scope-where';

/** `personId:departmentId:role` (see selectScopeFacts) as an ActingFor. */
function parseActingFor(packed: string): ActingFor {
  const [personId, departmentId, role] = packed.split(':');
  return { personId: personId!, departmentId: departmentId!, role: role as Role };
}

/** Roles that act for their own department only, and the only ones that report progress. */
const DEPARTMENT_ROLES: ReadonlySet<Role> = new Set([Role.LIAISON, Role.HEAD]);
/** Roles that read dashboards, rankings and the overdue board. */
const READS_DASHBOARDS: ReadonlySet<Role> = new Set([Role.SUPERVISOR, Role.ADMIN, Role.LEADER]);

/** Only a liaison or head of a department files progress reports (and later, requests). */
export function mayReport(user: Pick<AuthUser, 'role' | 'departmentId'>): boolean {
  return DEPARTMENT_ROLES.has(user.role) && user.departmentId !== null;
}

/** The department head approves what its department submits (when the plan asks for it). */
export function mayApproveForDepartment(
  user: Pick<AuthUser, 'role' | 'departmentId'>,
  departmentId: string,
): boolean {
  return user.role === Role.HEAD && user.departmentId === departmentId;
}

/** The office, administrators and leaders read dashboards and the overdue board. */
export function mayReadDashboards(user: Pick<AuthUser, 'role'>): boolean {
  return READS_DASHBOARDS.has(user.role);
}

/** Supervision staff act for the office: urging, notices, verifying closures, deciding requests. */
export function maySupervise(user: Pick<AuthUser, 'role'>): boolean {
  return user.role === Role.SUPERVISOR || user.role === Role.ADMIN;
}

/**
 * The one place that decides who may read and act on what. The scope of a caller is resolved once
 * per request (`resolve`, behind `@CurrentScope()`); services pass it to their queries and ask here
 * whether one resource is in scope. Controllers never check permissions themselves.
 */
@Injectable()
export class AccessPolicyService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /** The caller's scope (see scopeOf); one statement for the roles whose scope lives in the database. */
  async resolve(user: AuthUser, db: Tx | PrismaService = this.prisma): Promise<Scope> {
    if (!needsFacts(user)) return scopeOf(user, null);
    const today = localDateOf(this.clock.now());
    const [row] = await db.$queryRaw<ScopeFactsRow[]>(selectScopeFacts(user.id, today));
    return scopeOf(user, {
      regionIds: row?.region_ids ?? [],
      regionDepartmentIds: row?.region_department_ids ?? [],
      leaderDepartmentIds: row?.leader_department_ids ?? [],
      actingFor: (row?.acting_for ?? []).map(parseActingFor),
    });
  }

  /** Whether the task is in scope; false when it is out of scope or does not exist. */
  async taskInScope(
    scope: Scope,
    taskId: string,
    db: Tx | PrismaService = this.prisma,
  ): Promise<boolean> {
    const n = await db.task.count({ where: { id: taskId, ...taskWhere(scope) } });
    return n > 0;
  }

  /**
   * 404 when the task does not exist or is out of scope (its existence is not revealed; out of
   * scope is recorded as a refused access).
   */
  async assertTaskInScope(
    scope: Scope,
    taskId: string,
    db: Tx | PrismaService = this.prisma,
  ): Promise<void> {
    if (await this.taskInScope(scope, taskId, db)) return;
    const exists = await db.task.count({ where: { id: taskId } });
    throw exists > 0 ? taskOutOfScope() : taskNotFound();
  }

  /** 404 when the plan does not exist or belongs to a region out of scope. */
  async assertPlanInScope(
    scope: Scope,
    planId: string,
    db: Tx | PrismaService = this.prisma,
  ): Promise<void> {
    const plan = await db.plan.findUnique({ where: { id: planId }, select: { regionId: true } });
    if (!plan) throw planNotFound();
    if (!regionInScope(scope, plan.regionId)) throw planOutOfScope();
  }

  /**
   * The caller's assignment on the task, which their report will be filed under. Only a liaison or
   * head of an assigned department may report; 404 when the task does not exist or is out of the
   * caller's scope, 403 when it is in scope but the caller's role does not report.
   */
  async assertCanReportOn(
    user: AuthUser,
    taskId: string,
    db: Tx | PrismaService = this.prisma,
  ): Promise<Assignment> {
    // A department a revised plan no longer names is no longer assigned (its reports stay). The
    // assignment is looked up first: on the common path (it exists) that is the only query.
    const assignment = mayReport(user)
      ? await db.assignment.findFirst({
          where: { taskId, departmentId: user.departmentId!, removedAt: null },
        })
      : null;
    if (assignment) return assignment;
    // A deputy (委托) reports for the people they stand in for today.
    const deputyFor = mayReport(user) ? await this.deputyAssignment(user, taskId, db) : null;
    if (deputyFor) return deputyFor.assignment;
    if (!mayReport(user)) {
      await this.assertTaskInScope(await this.resolve(user, db), taskId, db);
      throw onlyDepartmentsReport();
    }
    const exists = await db.task.count({ where: { id: taskId } });
    throw exists > 0 ? taskOutOfScope() : taskNotFound();
  }

  /**
   * The caller's assignment on the task as a deputy (委托): a live assignment of a department of a
   * person they stand in for today, and that person; null when there is none.
   */
  async deputyAssignment(
    user: AuthUser,
    taskId: string,
    db: Tx | PrismaService = this.prisma,
  ): Promise<{ assignment: Assignment; actingForId: string } | null> {
    const actingFor = (await this.resolve(user, db)).actingFor ?? [];
    const others = actingFor.filter((a) => a.departmentId !== user.departmentId);
    if (others.length === 0) return null;
    const assignment = await db.assignment.findFirst({
      where: { taskId, departmentId: { in: others.map((a) => a.departmentId) }, removedAt: null },
      orderBy: { role: 'asc' },
    });
    if (!assignment) return null;
    const person = others.find((a) => a.departmentId === assignment.departmentId)!;
    return { assignment, actingForId: person.personId };
  }

  /** 403 unless the caller reads dashboards (office, administrators, leaders). */
  assertCanReadDashboards(user: AuthUser): void {
    if (!mayReadDashboards(user)) throw dashboardsForbidden();
  }
}
