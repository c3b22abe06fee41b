import { CanActivate, ExecutionContext, Injectable, Module, SetMetadata } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { normalizeIp } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AsyncResource } from 'node:async_hooks';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config.service';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';

const NO_RATE_LIMIT = 'duban:no-rate-limit';

/** Exempts a route (or controller) from the general rate limit: the health check. */
export const NoRateLimit = () => SetMetadata(NO_RATE_LIMIT, true);

/** The 429 of the general limit, in the common error shape; `Retry-After` says when to retry. */
export function tooManyRequests(retryAfterSeconds: number): DomainException {
  return new DomainException(
    ErrorCode.TOO_MANY_REQUESTS,
    `请求过于频繁,请 ${retryAfterSeconds} 秒后再试`,
    { retryAfterSeconds },
  );
}

/**
 * The general rate limit of the API: each signed-in person, and each client address without a
 * token (IPv6 grouped by /64), has RATE_LIMIT_PER_PERSON / RATE_LIMIT_PER_IP requests per
 * RATE_LIMIT_WINDOW_SECONDS across all routes; beyond it, 429 with `Retry-After` until the window
 * has room again. Keyed by person, not address, once signed in: an office behind one NAT address is
 * many people. Counted in process memory, so with several API processes the budget is per process
 * (like the login limit).
 *
 * The window is fixed, starting at a key's first request (rate-limiter-flexible's
 * RateLimiterMemory: one counter and one expiry per key, O(1) a request). @nestjs/throttler's
 * storage, used before, keeps every request's expiry for the window and copies the list on each
 * request: at a person's 600th request of the minute, 600 numbers copied, and the copies outlive
 * the young generation, so V8's old-space collections came every 2.6 s under load. A key's window
 * ends with a timer, started here in the async scope of the guard's construction rather than of the
 * request: a timer keeps the request context it was started in (AsyncLocalStorage) for its minute.
 *
 * A global guard that must run after JwtAuthGuard (which sets `request.user`): Nest runs global
 * guards in the order their modules were registered, so RateLimitModule is imported after
 * AuthModule (app.module.ts); test/abuse/headers-and-limits.e2e.spec.ts fails if a person's budget is spent
 * by another person from the same address. Requests refused by authentication (401) never reach
 * it; login and refresh have their own per-address budget.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  /** One limiter per budget; `undefined` where the budget is 0 (no limit). */
  private readonly perPerson?: RateLimiterMemory;
  private readonly perIp?: RateLimiterMemory;
  /** Where the limiters run: outside any request (the windows' timers outlive the requests). */
  private readonly outsideRequests = new AsyncResource('duban.rate-limit');

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    const duration = config.get('RATE_LIMIT_WINDOW_SECONDS');
    const limiter = (points: number) =>
      points > 0 ? new RateLimiterMemory({ points, duration }) : undefined;
    this.perPerson = limiter(config.get('RATE_LIMIT_PER_PERSON'));
    this.perIp = limiter(config.get('RATE_LIMIT_PER_IP'));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const exempt = this.reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (exempt) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: { id: string } }>();
    const [limiter, key] = req.user
      ? [this.perPerson, req.user.id]
      : [this.perIp, normalizeIp(req.ip ?? '')];
    if (!limiter) return true;
    try {
      await this.outsideRequests.runInAsyncScope(() => limiter.consume(key));
      return true;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      http.getResponse<Response>().setHeader('Retry-After', String(retryAfter));
      throw tooManyRequests(retryAfter);
    }
  }
}

@Module({ providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }] })
export class RateLimitModule {}
