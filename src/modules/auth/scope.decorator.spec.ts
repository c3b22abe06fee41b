import type { ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { wholeScope, type Scope } from './scope';
import { attachScope, CurrentScope } from './scope.decorator';

/** The factory behind a param decorator, as Nest calls it for a request. */
function factoryOf(decorator: () => ParameterDecorator) {
  class Probe {
    handler(_scope: Scope) {}
  }
  decorator()(Probe.prototype, 'handler', 0);
  const meta = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler') as Record<
    string,
    { factory: (data: unknown, ctx: ExecutionContext) => Promise<Scope> }
  >;
  return Object.values(meta)[0]!.factory;
}

const contextOf = (req: object) =>
  ({ switchToHttp: () => ({ getRequest: () => req }) }) as unknown as ExecutionContext;

describe('CurrentScope', () => {
  const user = { id: 'p', username: 'u', role: 'SUPERVISOR' as const, departmentId: null };

  it('resolves the scope once per request, however often it is asked for', async () => {
    const req = {};
    let calls = 0;
    attachScope(req, async () => {
      calls++;
      return wholeScope(user);
    });
    const current = factoryOf(CurrentScope);
    const [a, b] = await Promise.all([
      current(undefined, contextOf(req)),
      current(undefined, contextOf(req)),
    ]);
    expect(a).toBe(b);
    expect(await current(undefined, contextOf(req))).toBe(a);
    expect(calls).toBe(1);
  });

  it('refuses a request that was given no scope (never defaults to everything)', async () => {
    await expect(factoryOf(CurrentScope)(undefined, contextOf({}))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
