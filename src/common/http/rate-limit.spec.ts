import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../../config/app-config.service';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { NoRateLimit, RateLimitGuard } from './rate-limit';

class Routes {
  open() {}
  @NoRateLimit()
  health() {}
}

const guardWith = (env: Record<string, string>) =>
  new RateLimitGuard(
    new Reflector(),
    new AppConfig({ DATABASE_URL: 'postgresql://x@127.0.0.1/x', DUBAN_MODE: 'test', ...env }),
  );

/** A request to `handler` from `ip`, signed in as `personId` if given; headers set are kept. */
function request(handler: keyof Routes, ip: string, personId?: string) {
  const headers: Record<string, string> = {};
  const req = { ip, user: personId ? { id: personId } : undefined };
  const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
  const context = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

/** What the guard answers: 'ok', or the 429's code and Retry-After. */
async function answer(guard: RateLimitGuard, handler: keyof Routes, ip: string, person?: string) {
  const { context, headers } = request(handler, ip, person);
  try {
    return (await guard.canActivate(context)) ? 'ok' : 'refused';
  } catch (e) {
    if (!(e instanceof DomainException)) throw e;
    return `${e.code} ${headers['Retry-After']}`;
  }
}

describe('RateLimitGuard', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-12-07T02:00:00Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('gives each person a budget per window, answers 429 with Retry-After, and refills it', async () => {
    const guard = guardWith({ RATE_LIMIT_PER_PERSON: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) seen.push(await answer(guard, 'open', '10.0.0.1', 'p1'));
    expect(seen).toEqual(['ok', 'ok', 'ok', `${ErrorCode.TOO_MANY_REQUESTS} 60`]);
    // Another person behind the same address has a budget of their own.
    expect(await answer(guard, 'open', '10.0.0.1', 'p2')).toBe('ok');

    jest.advanceTimersByTime(45_500);
    expect(await answer(guard, 'open', '10.0.0.1', 'p1')).toBe(`${ErrorCode.TOO_MANY_REQUESTS} 15`);
    jest.advanceTimersByTime(14_500);
    expect(await answer(guard, 'open', '10.0.0.1', 'p1')).toBe('ok');
  });

  it('counts requests without a token by address (IPv6 by /64) and never the exempt routes', async () => {
    const guard = guardWith({ RATE_LIMIT_PER_IP: '2' });
    const seen: string[] = [];
    for (const ip of ['2001:db8:1:1::1', '2001:db8:1:1::2', '2001:db8:1:1::3', '2001:db8:2::1']) {
      seen.push(await answer(guard, 'open', ip));
    }
    expect(seen).toEqual(['ok', 'ok', `${ErrorCode.TOO_MANY_REQUESTS} 60`, 'ok']);
    for (let i = 0; i < 5; i++) expect(await answer(guard, 'health', '2001:db8:1:1::1')).toBe('ok');
  });

  it('turns a budget off at 0', async () => {
    const guard = guardWith({ RATE_LIMIT_PER_PERSON: '0', RATE_LIMIT_PER_IP: '1' });
    for (let i = 0; i < 1000; i++) expect(await answer(guard, 'open', '10.0.0.1', 'p1')).toBe('ok');
    expect(await answer(guard, 'open', '10.0.0.9')).toBe('ok');
    expect(await answer(guard, 'open', '10.0.0.9')).toBe(`${ErrorCode.TOO_MANY_REQUESTS} 60`);
  });
});
