import {
  CanActivate,
  ExecutionContext,
  Injectable,
  Module,
  SetMetadata,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { normalizeIp, ThrottlerStorageService } from '@nestjs/throttler';
import type { Request, Response } from 'express';
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
 * many people. Counted by @nestjs/throttler's storage in process memory, so with several API
 * processes the budget is per process (like the login limit).
 *
 * A global guard that must run after JwtAuthGuard (which sets `request.user`): Nest runs global
 * guards in the order their modules were registered, so RateLimitModule is imported after
 * AuthModule (app.module.ts); test/abuse/headers-and-limits.e2e.spec.ts fails if a person's budget is spent
 * by another person from the same address. Requests refused by authentication (401) never reach
 * it; login and refresh have their own per-address budget.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();
  private readonly windowMs: number;
  private readonly perPerson: number;
  private readonly perIp: number;

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.windowMs = config.get('RATE_LIMIT_WINDOW_SECONDS') * 1000;
    this.perPerson = config.get('RATE_LIMIT_PER_PERSON');
    this.perIp = config.get('RATE_LIMIT_PER_IP');
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
    const [key, limit] = req.user
      ? [`person:${req.user.id}`, this.perPerson]
      : [`ip:${normalizeIp(req.ip ?? '')}`, this.perIp];
    if (limit === 0) return true;
    const hit = await this.storage.increment(key, this.windowMs, limit, this.windowMs, 'general');
    if (hit.isBlocked) {
      const retryAfter = Math.max(1, hit.timeToBlockExpire);
      http.getResponse<Response>().setHeader('Retry-After', String(retryAfter));
      throw tooManyRequests(retryAfter);
    }
    return true;
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }
}

@Module({ providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }] })
export class RateLimitModule {}
