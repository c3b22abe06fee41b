import { Role } from '../../generated/prisma/enums';
import type { AuthUser } from './auth-user';

/**
 * What one caller may see and act on, resolved once per request (`@CurrentScope()`) and passed down
 * to every query (DESIGN.md "Scope": role × department(s) × region subtree).
 *
 * - `departmentIds`: the departments whose tasks the caller reads and acts on (a task is in scope
 *   when one of them holds a current assignment on it); null = every department.
 * - `regionIds`: the regions whose plans, departments, people and deliveries the caller sees: their
 *   office's region and every region below it; null = every region and the top level; [] = none.
 *   The top office's own level (region null) is in scope only when `regionIds` is null.
 * - `regionId`: the root of `regionIds` (the caller's office), null for the top office.
 *
 * Out of scope is answered 404 for a single resource and by omission in lists; a role refusal (a
 * liaison on an office route) stays 403.
 */
export interface Scope {
  user: AuthUser;
  departmentIds: string[] | null;
  regionIds: string[] | null;
  regionId: string | null;
  /**
   * The liaisons and heads the caller is deputy for today (委托): their departments are in
   * `departmentIds`, and the caller may act for them (reports, requests, review steps).
   */
  actingFor?: ActingFor[];
}

/** One person a deputy acts for today, with the department and role they act in. */
export interface ActingFor {
  personId: string;
  departmentId: string;
  role: Role;
}

/** The roles of the security staff (三员分立): they see no business data at all. */
export const SECURITY_ROLES: readonly Role[] = [Role.SECURITY_ADMIN, Role.AUDITOR];

/** Every role that works with tasks, plans and dashboards (all but the security staff). */
export const BUSINESS_ROLES: Role[] = Object.values(Role).filter(
  (r) => !SECURITY_ROLES.includes(r),
);

/** Roles that see every department of their region subtree (the office, administrators). */
const OFFICE_ROLES: ReadonlySet<Role> = new Set([Role.SUPERVISOR, Role.ADMIN]);

/** The scope that admits everything (administrators, the top office, the system itself). */
export const wholeScope = (user: AuthUser): Scope => ({
  user,
  departmentIds: null,
  regionIds: null,
  regionId: null,
});

/** A scope that admits nothing (the security staff on a business route, a liaison without a department). */
export const emptyScope = (user: AuthUser): Scope => ({
  user,
  departmentIds: [],
  regionIds: [],
  regionId: null,
});

/** Whether the scope admits every department and region (the top office, administrators). */
export function isUnscoped(scope: Scope): boolean {
  return scope.departmentIds === null && scope.regionIds === null;
}

/** Whether a department is in scope. */
export function departmentInScope(scope: Scope, departmentId: string): boolean {
  return scope.departmentIds === null || scope.departmentIds.includes(departmentId);
}

/** Whether something of region `regionId` (null = the top level) is in the scope's region subtree. */
export function regionInScope(scope: Scope, regionId: string | null): boolean {
  if (scope.regionIds === null) return true;
  return regionId !== null && scope.regionIds.includes(regionId);
}

/** What the scope resolution reads from the database for one person (see selectScopeOf). */
export interface ScopeFacts {
  /** The person's office region and every region below it (root first), or [] for the top level. */
  regionIds: string[];
  /** Departments of those regions (for the office). */
  regionDepartmentIds: string[];
  /** Departments linked to the person as a leader (LeaderDepartment). */
  leaderDepartmentIds: string[];
  /** The people the person is deputy for today (委托); none when omitted. */
  actingFor?: ActingFor[];
}

/** Whether resolving the role's scope needs the database (regions, a leader's departments). */
export function needsFacts(user: Pick<AuthUser, 'role' | 'departmentId'>): boolean {
  return (
    user.role === Role.SUPERVISOR ||
    user.role === Role.LEADER ||
    ((user.role === Role.HEAD || user.role === Role.LIAISON) && user.departmentId !== null)
  );
}

/**
 * The scope of a caller, from the facts read about them (pure; `facts` null when `needsFacts` is
 * false):
 * - ADMIN: everything (the administrator of the whole installation).
 * - SUPERVISOR: the departments of their office's region subtree; the top office, everything.
 * - LEADER: the departments linked to them; plans and regions of their region subtree.
 * - HEAD, LIAISON: their department; regions of their department's region subtree.
 * - SECURITY_ADMIN, AUDITOR: nothing.
 */
export function scopeOf(user: AuthUser, facts: ScopeFacts | null): Scope {
  if (user.role === Role.ADMIN) return wholeScope(user);
  if (!facts) return emptyScope(user);
  const regionIds = facts.regionIds.length > 0 ? facts.regionIds : null;
  const regionId = facts.regionIds[0] ?? null;
  if (OFFICE_ROLES.has(user.role)) {
    return {
      user,
      departmentIds: regionIds === null ? null : facts.regionDepartmentIds,
      regionIds,
      regionId,
    };
  }
  if (user.role === Role.LEADER) {
    return { user, departmentIds: facts.leaderDepartmentIds, regionIds, regionId };
  }
  // A deputy (委托) also acts in the departments of the people they stand in for today.
  const actingFor = facts.actingFor ?? [];
  const departmentIds = [...new Set([user.departmentId!, ...actingFor.map((a) => a.departmentId)])];
  return { user, departmentIds, regionIds, regionId, actingFor };
}

/**
 * The office whose board the caller reads (supervision staff and administrators: their office's
 * level), or null for every other role (a leader or a department sees its tasks at any level).
 */
export function boardOfficeOf(scope: Scope): { regionId: string | null } | null {
  const role = scope.user.role;
  return role === Role.SUPERVISOR || role === Role.ADMIN ? { regionId: scope.regionId } : null;
}
