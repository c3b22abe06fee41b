import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Role } from '../../generated/prisma/enums';
import { AuthUser, IS_PUBLIC, OWN_ACCOUNT, ROLES, SESSION_SCOPES } from './auth-user';
import {
  passwordChangeRequired,
  readOnlyRole,
  roleForbidden,
  totpEnrolmentRequired,
  unauthenticated,
} from './auth.errors';
import { AuthService } from './auth.service';

/**
 * Global guard: every route needs a valid bearer token of a live session unless marked @Public().
 * A restricted session (a password change is due, a second factor must be set up) only reaches
 * the routes marked @OpenToRestrictedSessions for its scope.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw unauthenticated();
    const user = await this.auth.authenticate(token);
    req.user = user;
    const scope = user.sessionScope ?? 'full';
    if (scope !== 'full') {
      const open = this.reflector.getAllAndOverride<string[] | undefined>(SESSION_SCOPES, [
        context.getHandler(),
        context.getClass(),
      ]);
      if (!open?.includes(scope)) {
        throw scope === 'password' ? passwordChangeRequired() : totpEnrolmentRequired();
      }
    }
    return true;
  }
}

/**
 * Roles that read and never change anything (三员分立: the auditor): refused every method but GET
 * and HEAD, whatever the route's @Roles say, except on routes marked @OwnAccount(). A route added
 * later cannot forget it.
 */
export const READ_ONLY_ROLES: readonly Role[] = [Role.AUDITOR];
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Global guard, after JwtAuthGuard: a route marked @Roles(...) admits only those roles, and a
 * read-only role only reads.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const user = req.user;
    if (
      user &&
      READ_ONLY_ROLES.includes(user.role) &&
      !READ_METHODS.has(req.method) &&
      !this.reflector.getAllAndOverride<boolean>(OWN_ACCOUNT, targets)
    ) {
      throw readOnlyRole();
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (!roles || roles.length === 0) return true;
    if (!user) throw unauthenticated();
    if (!roles.includes(user.role)) throw roleForbidden();
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
