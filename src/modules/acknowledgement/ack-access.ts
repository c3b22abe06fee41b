import { Role } from '../../generated/prisma/enums';
import type { Scope } from '../auth/scope';

/** Roles that act for their own department (签收, 退回). */
const DEPARTMENT_ROLES: ReadonlySet<Role> = new Set([Role.LIAISON, Role.HEAD]);

/**
 * Whether the caller may act for a department on its assignments (acknowledge, return): its
 * liaison or head, or a deputy (委托) of one of them during the deputyship.
 */
export function mayActForDepartment(scope: Scope, departmentId: string): boolean {
  const { user } = scope;
  if (!DEPARTMENT_ROLES.has(user.role)) return false;
  return user.departmentId === departmentId || actingForIn(scope, departmentId) !== null;
}

/** The person a deputy acts for in `departmentId`; null for the department's own people. */
export function actingForIn(scope: Scope, departmentId: string): string | null {
  if (scope.user.departmentId === departmentId) return null;
  return scope.actingFor?.find((a) => a.departmentId === departmentId)?.personId ?? null;
}
