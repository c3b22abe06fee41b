import { Injectable } from '@nestjs/common';
import { DomainException, forbidden, notFound } from '../../common/errors/domain.exception';
import type { Assignment } from '../../generated/prisma/client';
import { Role } from '../../generated/prisma/enums';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import type { AuthUser } from './auth-user';

/** Roles that read every task (the office, leaders, administrators). */
const READS_ALL: ReadonlySet<Role> = new Set([Role.SUPERVISOR, Role.ADMIN, Role.LEADER]);
/** Roles that act for their own department only, and the only ones that report progress. */
const DEPARTMENT_ROLES: ReadonlySet<Role> = new Set([Role.LIAISON, Role.HEAD]);

export const OTHER_DEPARTMENT_MESSAGE = '您无权查看其他部门的任务';

/**
 * Which tasks a caller may see: every task, or the tasks of one department. A department role
 * without a department sees nothing.
 */
export type TaskScope =
  { kind: 'all' } | { kind: 'department'; departmentId: string } | { kind: 'none' };

export function taskScopeOf(user: Pick<AuthUser, 'role' | 'departmentId'>): TaskScope {
  if (READS_ALL.has(user.role)) return { kind: 'all' };
  if (DEPARTMENT_ROLES.has(user.role) && user.departmentId) {
    return { kind: 'department', departmentId: user.departmentId };
  }
  return { kind: 'none' };
}

export function mayReport(user: Pick<AuthUser, 'role' | 'departmentId'>): boolean {
  return DEPARTMENT_ROLES.has(user.role) && user.departmentId !== null;
}

/**
 * The one place that decides who may read and act on which task. Guards and services call it;
 * controllers never check permissions themselves.
 */
@Injectable()
export class AccessPolicyService {
  constructor(private readonly prisma: PrismaService) {}

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
  async assertCanReadTask(user: AuthUser, taskId: string): Promise<void> {
    const scope = taskScopeOf(user);
    const departmentId = scope.kind === 'department' ? scope.departmentId : null;
    const assignment = await this.findTaskAndAssignment(this.prisma, taskId, departmentId);
    if (scope.kind === 'all') return;
    if (!assignment) throw forbidden(OTHER_DEPARTMENT_MESSAGE);
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
    const assignment = await this.findTaskAndAssignment(db, taskId, user.departmentId);
    if (!mayReport(user)) throw forbidden('只有承办部门的联络员或负责人可以提交进展报告');
    if (!assignment) throw forbidden(OTHER_DEPARTMENT_MESSAGE);
    return assignment;
  }

  /** 404 unless the task exists; then the department's assignment on it, if any. */
  private async findTaskAndAssignment(
    db: Tx | PrismaService,
    taskId: string,
    departmentId: string | null,
  ): Promise<Assignment | null> {
    const task = await db.task.findUnique({ where: { id: taskId }, select: { id: true } });
    if (!task) throw notFound('该任务');
    if (!departmentId) return null;
    // A department a revised plan no longer names is no longer assigned (its reports stay).
    return db.assignment.findFirst({ where: { taskId, departmentId, removedAt: null } });
  }
}
