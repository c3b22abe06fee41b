import { AppConfig } from '../../src/config/app-config.service';
import { PrismaService } from '../../src/infra/prisma/prisma.service';

/**
 * Each process keeps a fixed-size pool of DATABASE_POOL_SIZE connections: it opens them as work
 * needs them, never more, and pg-pool's `min` keeps them open when idle (its 10 s idle timeout
 * closes only connections above `min`). The load bench found why: its open loop, started after
 * 20 s without reports, spent its first second waiting for new backends.
 */
describe('the database pool (DATABASE_POOL_SIZE)', () => {
  let prisma: PrismaService;

  beforeAll(() => {
    prisma = new PrismaService(
      new AppConfig({ ...process.env, DUBAN_MODE: 'test', DATABASE_POOL_SIZE: '3' }),
    );
  });

  afterAll(async () => {
    await prisma?.onApplicationShutdown();
  });

  it('opens at most DATABASE_POOL_SIZE connections and keeps every one of them when idle', async () => {
    const pids = await Promise.all(
      Array.from(
        { length: 5 },
        () =>
          prisma.$queryRaw<
            { pid: number }[]
          >`SELECT pg_backend_pid() AS pid, pg_sleep(0.2)::text AS slept`,
      ),
    );
    // Five statements at once over three connections: two waited for a free one.
    expect(new Set(pids.map(([row]) => row!.pid)).size).toBe(3);
    expect(prisma.pool.totalCount).toBe(3);
    expect(prisma.pool.idleCount).toBe(3);
    // What keeps them: the pool never closes an idle connection while it holds `min` or fewer.
    const options = (prisma.pool as unknown as { options: { min: number; max: number } }).options;
    expect(options).toMatchObject({ min: 3, max: 3 });
  });

  it('refuses a pool size outside 1–100 at start-up, naming the key', () => {
    expect(
      () => new AppConfig({ ...process.env, DUBAN_MODE: 'test', DATABASE_POOL_SIZE: '0' }),
    ).toThrow(/DATABASE_POOL_SIZE/);
  });
});
