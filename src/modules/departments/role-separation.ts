import { Role } from '../../generated/prisma/enums';

/**
 * 三员分立 (DESIGN.md "People"): the system administrator, the security administrator and the
 * auditor are separate roles held by different people. Pure rules, no Nest or Prisma.
 */

/** The three privileged roles: granted only by the security administrator (or the CLI at installation). */
export const PRIVILEGED_ROLES: readonly Role[] = [Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR];

/**
 * Every other role (supervision office, leaders, departments): what an administrator may create.
 * Not auth/scope.ts's BUSINESS_ROLES, which also admits the administrator to business routes.
 */
export const NON_PRIVILEGED_ROLES: readonly Role[] = Object.values(Role).filter(
  (r) => !PRIVILEGED_ROLES.includes(r),
);

export const isPrivilegedRole = (role: Role): boolean => PRIVILEGED_ROLES.includes(role);

/**
 * May a person of role `creator` create an account of role `role`? The administrator creates
 * business accounts only; nobody else creates accounts through the API (the security
 * administrator grants roles to existing accounts through its own routes).
 */
export function mayCreateAccount(creator: Role, role: Role): boolean {
  return creator === Role.ADMIN && NON_PRIVILEGED_ROLES.includes(role);
}
