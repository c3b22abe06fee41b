import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../../generated/prisma/enums';

/** Who is calling, as carried in the access token. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  departmentId: string | null;
  /** The session of the access token (absent for callers built outside a request). */
  sessionId?: string;
  /** What the session may do: 'full', or only the password change / TOTP enrolment routes. */
  sessionScope?: string;
}

export const IS_PUBLIC = 'duban:public';
export const ROLES = 'duban:roles';
export const OWN_ACCOUNT = 'duban:own-account';

/** The route needs no login (login itself, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (checked by the global roles guard). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const SESSION_SCOPES = 'duban:session-scopes';

/**
 * The route is open to restricted sessions too (a password change is due, a second factor must be
 * set up); every other route refuses them.
 */
export const OpenToRestrictedSessions = (...scopes: ('password' | 'totp_enrol')[]) =>
  SetMetadata(SESSION_SCOPES, scopes);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);

/**
 * The route acts on the caller's own account only (own password, own second factor, own inbox and
 * channels): the read-only roles (the auditor) may call it although it is not a GET.
 */
export const OwnAccount = () => SetMetadata(OWN_ACCOUNT, true);
