import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { AccessPolicyService } from './access-policy.service';
import type { AuthUser } from './auth-user';
import { unauthenticated } from './auth.errors';
import type { Scope } from './scope';

/** Where a request keeps its scope resolution (resolved at most once, on first use). */
const SCOPE_OF = Symbol('duban:scope');

interface ScopedRequest {
  user?: AuthUser;
  [SCOPE_OF]?: () => Promise<Scope>;
}

/**
 * Global guard, after authentication: gives the request a lazy, cached resolution of the caller's
 * scope. Nothing is read unless a handler asks for `@CurrentScope()`, and then only once.
 */
@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(private readonly policy: AccessPolicyService) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<ScopedRequest>();
    attachScope(req, () =>
      req.user ? this.policy.resolve(req.user) : Promise.reject(unauthenticated()),
    );
    return true;
  }
}

/**
 * Gives a request its scope resolution, run at most once. The ScopeGuard does this for every
 * request; a test harness without authentication gives its own.
 */
export function attachScope(req: object, resolve: () => Promise<Scope>): void {
  let resolved: Promise<Scope> | undefined;
  (req as ScopedRequest)[SCOPE_OF] = () => (resolved ??= resolve());
}

/**
 * The caller's scope (role × departments × region subtree), resolved once per request; services
 * apply it to every query (see Scope).
 */
export const CurrentScope = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Promise<Scope> => {
    const resolve = ctx.switchToHttp().getRequest<ScopedRequest>()[SCOPE_OF];
    return resolve ? resolve() : Promise.reject(unauthenticated());
  },
);
