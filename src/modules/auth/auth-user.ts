import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../../generated/prisma/enums';

/** Who is calling, as carried in the access token. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  departmentId: string | null;
}

export const IS_PUBLIC = 'duban:public';
export const ROLES = 'duban:roles';
export const OWN_ACCOUNT = 'duban:own-account';

/** The route needs no login (login itself, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (checked by the global roles guard). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);

/**
 * The route acts on the caller's own account only (own password, own second factor): the read-only
 * roles (the auditor) may call it although it is not a GET.
 */
export const OwnAccount = () => SetMetadata(OWN_ACCOUNT, true);
