import { Role } from '../../generated/prisma/enums';

/**
 * 三员分立 (DESIGN.md "People"): the system administrator, the security administrator and the
 * auditor are separate roles held by different people. Pure rules, no Nest or Prisma.
 */

/** The three privileged roles: granted only by the security administrator (or the CLI at installation). */
export const PRIVILEGED_ROLES: readonly Role[] = [Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR];

/** The roles of the business (supervision office, leaders, departments): what an administrator may create. */
export const BUSINESS_ROLES: readonly Role[] = [
  Role.SUPERVISOR,
  Role.LEADER,
  Role.HEAD,
  Role.LIAISON,
];

export const isPrivilegedRole = (role: Role): boolean => PRIVILEGED_ROLES.includes(role);

/**
 * May a person of role `creator` create an account of role `role`? The administrator creates
 * business accounts only; nobody else creates accounts through the API (the security
 * administrator grants roles to existing accounts through its own routes).
 */
export function mayCreateAccount(creator: Role, role: Role): boolean {
  return creator === Role.ADMIN && BUSINESS_ROLES.includes(role);
}
