import { PrismaPg } from '@prisma/adapter-pg';
import { MailCapture } from '../../scripts/kit/mail-capture';
import { PrismaClient } from '../../src/generated/prisma/client';
import { startPrivateRedis, type PrivateRedis } from './private-redis';
import { type ServiceProcess, startServiceProcess } from './service-process';

/** What a fault test of real service processes works with; set up by `faultRig`. */
export interface FaultRig {
  /** The SMTP sink every process sends to. */
  readonly mail: MailCapture;
  /** A Redis of the test's own, so that stopping it or its keys touch nothing else. */
  readonly redis: PrivateRedis;
  /** A plain client of the test database, for seeding and counting. */
  readonly prisma: PrismaClient;
  /** The processes started so far (ended by the rig). */
  readonly services: ServiceProcess[];
  /** Starts a service process on the rig's Redis and SMTP sink, with `env` over the rig's own. */
  start(
    name: string,
    env?: Record<string, string>,
    opts?: { awaitHealthy?: boolean },
  ): Promise<ServiceProcess>;
}

/**
 * Registers the jest hooks of a fault test: a private Redis, the SMTP sink and a database client
 * before all tests; the processes ended after each test (`after: 'each'`) or after all of them,
 * killed (SIGKILL, nothing runs) or stopped (SIGTERM, drained); then the rest closed.
 */
export function faultRig(options: {
  after: 'each' | 'all';
  end: 'kill' | 'stop';
  /** Environment of every process the rig starts. */
  env?: Record<string, string>;
  /** How long /health may take (default service-process's 30 s). */
  healthyWithinMs?: number;
}): FaultRig {
  const mail = new MailCapture();
  const services: ServiceProcess[] = [];
  let redis: PrivateRedis | undefined;
  let prisma: PrismaClient | undefined;
  let smtpPort = 0;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the fault rig's ${what} is used before beforeAll`);
    return value;
  };

  const endServices = async () => {
    await Promise.all(services.map((s) => (options.end === 'kill' ? s.kill() : s.stop())));
    services.length = 0;
  };

  beforeAll(async () => {
    redis = await startPrivateRedis();
    ({ smtpPort } = await mail.start());
    prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
    });
  });
  if (options.after === 'each') afterEach(endServices);
  afterAll(async () => {
    await endServices();
    await prisma?.$disconnect();
    await mail.stop();
    await redis?.stop();
  });

  return {
    mail,
    services,
    get redis() {
      return ready(redis, 'Redis');
    },
    get prisma() {
      return ready(prisma, 'database client');
    },
    start: (name, env = {}, opts = {}) =>
      startServiceProcess(
        name,
        {
          REDIS_URL: ready(redis, 'Redis').url,
          SMTP_PORT: String(smtpPort),
          ...options.env,
          ...env,
        },
        {
          ...opts,
          ...(options.healthyWithinMs ? { healthyWithinMs: options.healthyWithinMs } : {}),
          onStart: (s) => services.push(s),
        },
      ),
  };
}
