import { Injectable } from '@nestjs/common';
import { DomainException } from '../../common/errors/domain.exception';
import type { Assignment } from '../../generated/prisma/client';
import { Role } from '../../generated/prisma/enums';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { selectOfficeRegions } from './access-policy.sql';
import {
  dashboardsForbidden,
  onlyDepartmentsReport,
  otherDepartmentsTask,
  taskNotFound,
} from './auth.errors';
import type { AuthUser } from './auth-user';

/** Roles that read every task (the office and administrators). */
const READS_ALL: ReadonlySet<Role> = new Set([Role.SUPERVISOR, Role.ADMIN]);
/** Roles that act for their own department only, and the only ones that report progress. */
const DEPARTMENT_ROLES: ReadonlySet<Role> = new Set([Role.LIAISON, Role.HEAD]);
/** Roles that read dashboards, rankings and the overdue board. */
const READS_DASHBOARDS: ReadonlySet<Role> = new Set([Role.SUPERVISOR, Role.ADMIN, Role.LEADER]);

/**
 * Which tasks a caller may see: every task, the tasks of one department (liaison, head), the tasks
 * of the departments under a leader, or nothing (a department role without a department).
 */
export type TaskScope =
  | { kind: 'all' }
  | { kind: 'department'; departmentId: string }
  | { kind: 'departments'; departmentIds: string[] }
  | { kind: 'none' };

/**
 * The scope of every role but LEADER, whose departments live in the database
 * (use `AccessPolicyService.taskScope`); for a LEADER this answers `none`.
 */
export function taskScopeOf(user: Pick<AuthUser, 'role' | 'departmentId'>): TaskScope {
  if (READS_ALL.has(user.role)) return { kind: 'all' };
  if (DEPARTMENT_ROLES.has(user.role) && user.departmentId) {
    return { kind: 'department', departmentId: user.departmentId };
  }
  return { kind: 'none' };
}

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

/** The department ids a scope admits, or null for every department. */
export function departmentIdsOf(scope: TaskScope): string[] | null {
  switch (scope.kind) {
    case 'all':
      return null;
    case 'department':
      return [scope.departmentId];
    case 'departments':
      return scope.departmentIds;
    case 'none':
      return [];
  }
}

/**
 * The one place that decides who may read and act on which task. Guards and services call it;
 * controllers never check permissions themselves.
 *
 * - ADMIN, SUPERVISOR of the top office: every task.
 * - SUPERVISOR of a region's office: the tasks of the departments of that region and the regions below.
 * - LEADER: the tasks on which a department under them (LeaderDepartment) is lead or support.
 * - HEAD, LIAISON: the tasks of their own department; only they report progress.
 */
@Injectable()
export class AccessPolicyService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The caller's task scope; a leader's departments, and the region of a region office's
   * supervision staff, are read from the database on every call.
   */
  async taskScope(user: AuthUser, db: Tx | PrismaService = this.prisma): Promise<TaskScope> {
    if (user.role === Role.SUPERVISOR) {
      const regionIds = await this.regionScope(user, db);
      if (regionIds === null) return { kind: 'all' };
      const rows = await db.department.findMany({
        where: { regionId: { in: regionIds } },
        select: { id: true },
      });
      return { kind: 'departments', departmentIds: rows.map((r) => r.id) };
    }
    if (user.role !== Role.LEADER) return taskScopeOf(user);
    return { kind: 'departments', departmentIds: await this.leaderDepartmentIds(user.id, db) };
  }

  /**
   * The regions whose plans a region office's supervision staff oversee (their region and every
   * region below it), or null for the top office (and every role but SUPERVISOR) — a city's office
   * sees its own counties, never a neighbour's.
   */
  async regionScope(
    user: AuthUser,
    db: Tx | PrismaService = this.prisma,
  ): Promise<string[] | null> {
    return (await this.office(user, db)).regionIds;
  }

  /**
   * The level whose board the caller reads: a region office's supervisor reads their region (and
   * the regions below it); everyone else reads the top office's level (region null, every region).
   */
  async office(
    user: AuthUser,
    db: Tx | PrismaService = this.prisma,
  ): Promise<{ regionId: string | null; regionIds: string[] | null }> {
    if (user.role !== Role.SUPERVISOR) return { regionId: null, regionIds: null };
    const rows = await db.$queryRaw<{ id: string; root: boolean }[]>(selectOfficeRegions(user.id));
    if (rows.length === 0) return { regionId: null, regionIds: null };
    return { regionId: rows.find((r) => r.root)!.id, regionIds: rows.map((r) => r.id) };
  }

  /** The office whose board the caller reads (SUPERVISOR, ADMIN), or null for every other role. */
  async boardOffice(
    user: AuthUser,
    db: Tx | PrismaService = this.prisma,
  ): Promise<{ regionId: string | null } | null> {
    if (!maySupervise(user)) return null;
    return { regionId: (await this.office(user, db)).regionId };
  }

  /**
   * The departments whose tasks the caller may read, or null for all. List queries filter
   * assignments with `departmentId IN (...)` when this is not null (an empty list = nothing).
   */
  async readableDepartmentIds(
    user: AuthUser,
    db: Tx | PrismaService = this.prisma,
  ): Promise<string[] | null> {
    return departmentIdsOf(await this.taskScope(user, db));
  }

  /** The departments linked to a leader, in no particular order. */
  async leaderDepartmentIds(leaderId: string, db: Tx | PrismaService = this.prisma) {
    const rows = await db.leaderDepartment.findMany({
      where: { leaderId },
      select: { departmentId: true },
    });
    return rows.map((r) => r.departmentId);
  }

  /** Whether the caller may read the task; false when it is another department's or does not exist. */
  async canReadTask(user: AuthUser, taskId: string): Promise<boolean> {
    try {
      await this.assertCanReadTask(user, taskId);
      return true;
    } catch (e) {
      if (e instanceof DomainException && (e.status === 403 || e.status === 404)) return false;
      throw e;
    }
  }

  /** 404 when the task does not exist, 403 when it belongs to departments other than the caller's. */
  async assertCanReadTask(
    user: AuthUser,
    taskId: string,
    db: Tx | PrismaService = this.prisma,
  ): Promise<void> {
    const task = await db.task.findUnique({ where: { id: taskId }, select: { id: true } });
    if (!task) throw taskNotFound();
    const ids = await this.readableDepartmentIds(user, db);
    if (ids === null) return;
    const assigned =
      ids.length > 0 &&
      (await db.assignment.count({
        where: { taskId, departmentId: { in: ids }, removedAt: null },
      })) > 0;
    if (!assigned) {
      throw otherDepartmentsTask(user.role === Role.LEADER);
    }
  }

  /**
   * The caller's assignment on the task, which their report will be filed under. Only a liaison or
   * head of an assigned department may report; 404 when the task does not exist.
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
    const task = await db.task.findUnique({ where: { id: taskId }, select: { id: true } });
    if (!task) throw taskNotFound();
    if (!mayReport(user)) throw onlyDepartmentsReport();
    throw otherDepartmentsTask(false);
  }

  /** 403 unless the caller reads dashboards (office, administrators, leaders). */
  assertCanReadDashboards(user: AuthUser): void {
    if (!mayReadDashboards(user)) throw dashboardsForbidden();
  }
}
