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
    let resolved: Promise<Scope> | undefined;
    req[SCOPE_OF] = () => {
      if (!req.user) return Promise.reject(unauthenticated());
      return (resolved ??= this.policy.resolve(req.user));
    };
    return true;
  }
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
