import { Role } from '../../generated/prisma/enums';
import type { Scope } from '../auth/scope';

/** Roles that act for their own department (签收, 退回). */
const DEPARTMENT_ROLES: ReadonlySet<Role> = new Set([Role.LIAISON, Role.HEAD]);

/**
 * Whether the caller may act for a department on its assignments (acknowledge, return): its
 * liaison or head. The one place to widen when deputies (委托) may act for a person.
 */
export function mayActForDepartment(scope: Scope, departmentId: string): boolean {
  const { user } = scope;
  return DEPARTMENT_ROLES.has(user.role) && user.departmentId === departmentId;
}
