import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Role } from '../../src/generated/prisma/enums';
import type { PrismaService } from '../../src/infra/prisma/prisma.service';
import { QueueName } from '../../src/infra/queue/job-catalogue';
import type { TestApp } from './test-app';
import { hashPassword } from '../../src/modules/auth/password';
import type {
  LoginResponseDto,
  SecondFactorChallengeDto,
} from '../../src/modules/auth/dto/login.dto';

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const REFERENCE_PLAN = join(FIXTURES, '004_26c38e0122c86045.txt');
export const referencePlan = (): Buffer => readFileSync(REFERENCE_PLAN);

export interface TruthItem {
  no: number;
  lead: string[];
  support: string[];
  deadlines: { phrase: string; date: string | null; kind: string }[];
  collective?: boolean;
}
export const truth = (): { items: TruthItem[] } =>
  JSON.parse(readFileSync(join(FIXTURES, '004_26c38e0122c86045.truth.json'), 'utf8'));

export const PASSWORD = 'test-password-1';

let cachedHash: Promise<string> | undefined;

/** Creates a person who can log in with PASSWORD. */
export async function createPerson(
  prisma: PrismaService,
  p: {
    username: string;
    role: Role;
    departmentName?: string;
    email?: string | null;
    /** The region of the person's office (supervision staff, leaders); omitted = the top level. */
    regionId?: string | null;
  },
) {
  cachedHash ??= hashPassword(PASSWORD);
  const department = p.departmentName
    ? await prisma.department.upsert({
        where: { name: p.departmentName },
        update: {},
        create: { name: p.departmentName },
      })
    : null;
  return prisma.person.create({
    data: {
      username: p.username,
      displayName: p.username,
      role: p.role,
      departmentId: department?.id ?? null,
      email: p.email === undefined ? `${p.username}@example.test` : p.email,
      regionId: p.regionId ?? null,
      passwordHash: await cachedHash,
    },
  });
}

export async function login(baseUrl: string, username: string): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`login ${username}: HTTP ${res.status}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}` };
}

/** Polls until `check` returns a truthy value (no fixed sleeps). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until no delivery is pending and no due reminder is waiting: the queues are drained. */
export async function settled(prisma: PrismaService, now: Date, timeoutMs = 15_000): Promise<void> {
  await eventually(async () => {
    const [deliveries, reminders] = await Promise.all([
      prisma.delivery.count({ where: { status: 'PENDING' } }),
      prisma.reminder.count({ where: { status: 'PENDING', fireAt: { lte: now } } }),
    ]);
    return deliveries === 0 && reminders === 0;
  }, timeoutMs);
}

/** Waits until these scheduler jobs have completed (a failed one fails the test). */
export async function finished(t: TestApp, jobIds: string[]): Promise<void> {
  const queue = t.app.get<Queue>(getQueueToken(QueueName.Scheduler));
  await eventually(async () => {
    for (const id of jobIds) {
      const state = await queue.getJobState(id);
      if (state === 'failed') {
        const job = await queue.getJob(id);
        throw new Error(`scheduler job ${id} failed: ${job?.failedReason}`);
      }
      if (state !== 'completed') return false;
    }
    return true;
  });
}

/**
 * Waits until the scheduler queue has nothing waiting or running: the reconcile a cascade enqueued
 * for its follow-ups (WorkArrival.settleInBackground) has been worked.
 */
export async function schedulerIdle(t: TestApp): Promise<void> {
  const queue = t.app.get<Queue>(getQueueToken(QueueName.Scheduler));
  await eventually(async () => {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(c).every((n) => n === 0);
  });
}

/**
 * Bulk test data in a few set-based statements (the plan has no reporting cadence, so only these
 * reminders exist): `departments` departments, each with one liaison
 * (email `l<i>@example.test`) leading `tasksEach` tasks due on `dueOn`, each with one pending reminder
 * firing at `fireAt`. The tasks are assigned (and their assignment notices issued) at `fireAt` (not at the wall-clock time of the run, which
 * may lie after the test's clock): no lagging warning is due for them. The work is under way, so
 * acknowledged (签收), unless `ack` asks for it to be pending with its acknowledgement deadline
 * `ack.dueOn` and one `ack.kind` reminder per assignment firing at `fireAt` too (for ACK_OVERDUE,
 * which also urges the head, each department gets a head, email `h<i>@example.test`). Returns the
 * plan id.
 */
export async function seedPendingReminders(
  prisma: PrismaService,
  opts: {
    departments: number;
    tasksEach: number;
    dueOn: string;
    fireAt: Date;
    offset?: number;
    ack?: { kind: 'ACK_DUE' | 'ACK_OVERDUE'; dueOn: string };
  },
): Promise<string> {
  const [{ id: planId }] = await prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO plan (id, title, content_hash, source_name, policy)
    VALUES (gen_random_uuid(), '批量测试方案', md5(random()::text), 'seed',
            '{"reporting":{"cadence":"none"}}') RETURNING id`;
  await prisma.$executeRaw`
    INSERT INTO department (id, name)
    SELECT gen_random_uuid(), '测试单位' || i FROM generate_series(1, ${opts.departments}::int) i
    ON CONFLICT (name) DO NOTHING`;
  await prisma.$executeRaw`
    INSERT INTO person (id, username, display_name, email, role, department_id, password_hash)
    SELECT gen_random_uuid(), 'l' || i, '联络员' || i, 'l' || i || '@example.test', 'LIAISON', d.id, 'x'
    FROM generate_series(1, ${opts.departments}::int) i JOIN department d ON d.name = '测试单位' || i
    ON CONFLICT (username) DO NOTHING`;
  await prisma.$executeRaw`
    INSERT INTO task (id, plan_id, no, text, due_on, due_source, created_at)
    SELECT gen_random_uuid(), ${planId}::uuid, n, '批量测试任务编号' || n, ${opts.dueOn}::date, 'STATED',
           ${opts.fireAt}
    FROM generate_series(1, ${opts.departments * opts.tasksEach}::int) n`;
  if (opts.ack?.kind === 'ACK_OVERDUE') {
    await prisma.$executeRaw`
      INSERT INTO person (id, username, display_name, email, role, department_id, password_hash)
      SELECT gen_random_uuid(), 'h' || i, '负责人' || i, 'h' || i || '@example.test', 'HEAD', d.id, 'x'
      FROM generate_series(1, ${opts.departments}::int) i JOIN department d ON d.name = '测试单位' || i
      ON CONFLICT (username) DO NOTHING`;
  }
  // The acknowledgement is settled in the same statement: a running service's arrival pass never
  // sees these assignments unplanned.
  const ackState = opts.ack ? 'PENDING' : 'ACKNOWLEDGED';
  await prisma.$executeRaw`
    INSERT INTO assignment (id, task_id, department_id, role, ordinal, noticed_at, ack_state, ack_due_on, acked_at)
    SELECT gen_random_uuid(), t.id, d.id, 'LEAD', 0, ${opts.fireAt}, ${ackState}::"AckState", ${opts.ack?.dueOn ?? null}::date,
           CASE WHEN ${ackState} = 'ACKNOWLEDGED' THEN ${opts.fireAt}::timestamptz END
    FROM task t JOIN department d ON d.name = '测试单位' || (((t.no - 1) % ${opts.departments}::int) + 1)
    WHERE t.plan_id = ${planId}::uuid`;
  await prisma.$executeRaw`
    INSERT INTO reminder (id, assignment_id, kind, offset_working_days, due_on, fire_at, status, job_id)
    SELECT gen_random_uuid(), a.id, 'DEADLINE_APPROACHING', ${opts.offset ?? 1}::int, ${opts.dueOn}::date,
           ${opts.fireAt}, 'PENDING', 'seed-' || a.id
    FROM assignment a JOIN task t ON t.id = a.task_id WHERE t.plan_id = ${planId}::uuid`;
  if (opts.ack) {
    await prisma.$executeRaw`
      INSERT INTO reminder (id, assignment_id, kind, offset_working_days, due_on, fire_at, status, job_id)
      SELECT gen_random_uuid(), a.id, ${opts.ack.kind}::"ReminderKind", 0, ${opts.ack.dueOn}::date,
             ${opts.fireAt}, 'PENDING', 'seed-ack-' || a.id
      FROM assignment a JOIN task t ON t.id = a.task_id WHERE t.plan_id = ${planId}::uuid`;
  }
  return planId;
}

/** A sign-in through AuthService that must not ask for a second factor (fixture people have none). */
export async function signedIn(
  attempt: Promise<LoginResponseDto | SecondFactorChallengeDto>,
): Promise<LoginResponseDto> {
  const result = await attempt;
  if (result.secondFactorRequired) throw new Error('unexpected second-factor challenge');
  return result;
}
