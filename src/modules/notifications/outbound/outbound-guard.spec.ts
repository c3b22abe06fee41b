import type { LookupAddress } from 'node:dns';
import { AppConfig } from '../../../config/app-config.service';
import type { PrismaService } from '../../../infra/prisma/prisma.service';
import { HostResolver, OutboundGuard, WebhookRefused } from './outbound-guard';

/** The send-time half: the socket's lookup resolves once, checks every address, hands them over. */
describe('OutboundGuard.lookupFor', () => {
  const answers = new Map<string, string[]>();
  const resolver = new (class extends HostResolver {
    calls: string[] = [];
    override resolve(host: string): Promise<string[]> {
      this.calls.push(host);
      return Promise.resolve(answers.get(host) ?? []);
    }
  })();
  const config = (allow: boolean) =>
    new AppConfig({
      DATABASE_URL: 'postgresql://x@127.0.0.1/x',
      DUBAN_MODE: 'test',
      ROBOT_ALLOW_PRIVATE_TARGETS: String(allow),
    });
  const guard = (allow = false) => new OutboundGuard({} as PrismaService, resolver, config(allow));

  const lookup = (g: OutboundGuard, host: string, all: boolean, allowLocal = false) =>
    new Promise<{ err: Error | null; address: string | LookupAddress[]; family?: number }>(
      (resolve) =>
        g.lookupFor({ allowLocal })(host, { all }, (err, address, family) =>
          resolve({ err, address, family }),
        ),
    );

  beforeEach(() => {
    answers.clear();
    resolver.calls = [];
  });

  it('hands the checked public address to the socket (one resolution: no second, swappable one)', async () => {
    answers.set('hooks.example.gov.cn', ['93.184.216.34']);
    expect(await lookup(guard(), 'hooks.example.gov.cn', false)).toEqual({
      err: null,
      address: '93.184.216.34',
      family: 4,
    });
    expect(await lookup(guard(), 'hooks.example.gov.cn', true)).toEqual({
      err: null,
      address: [{ address: '93.184.216.34', family: 4 }],
      family: undefined,
    });
    expect(resolver.calls).toEqual(['hooks.example.gov.cn', 'hooks.example.gov.cn']);
  });

  it.each([
    [['127.0.0.1']],
    [['93.184.216.34', '10.0.0.1']],
    [['::ffff:169.254.169.254']],
    [['::1']],
  ])('refuses a name that resolves to %j', async (addresses) => {
    answers.set('rebind.example.test', addresses);
    const { err } = await lookup(guard(), 'rebind.example.test', true);
    expect(err).toBeInstanceOf(WebhookRefused);
    expect((err as WebhookRefused).reason).toBe('address-not-public');
  });

  it('with the escape hatch, lets a name resolving to loopback through (local sinks)', async () => {
    answers.set('sink.test', ['127.0.0.1']);
    expect((await lookup(guard(true), 'sink.test', false, true)).address).toBe('127.0.0.1');
  });
});
