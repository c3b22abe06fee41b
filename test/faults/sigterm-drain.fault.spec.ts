import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { createPerson, eventually, PASSWORD, seedPendingReminders } from '../support/fixtures';
import { countBy, deliveryIdOf, listedTaskNumbers } from '../support/mail-counts';
import { faultRig } from '../support/fault-rig';
import type { ServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';

/**
 * SIGTERM, unlike SIGKILL (worker-kill), lets a process finish what it started: a worker process
 * sending a reminder wave's digests through a slow SMTP server stops taking jobs, lets the sends in
 * flight finish and record SENT, closes its pools and exits 0; a second process sends the rest.
 * Every reminder is delivered exactly once. An API process answers the requests in flight, refuses
 * new connections, closes idle keep-alive ones, answers /health 503 while draining, and exits 0.
 */
const GRACE_SECONDS = 20;
/** DeliveriesProcessor's concurrency: at most this many sends are in flight in one process. */
const DELIVERY_CONCURRENCY = 5;
/** The SMTP sink answers each message this long after receiving it: sends stay in flight. */
const SMTP_REPLY_MS = 300;

/** The pino lines of a process (JSON), parsed; other lines are skipped. */
function logLines(s: ServiceProcess): Record<string, unknown>[] {
  return s.logs.flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return []; // a line split across two chunks
    }
  });
}

const logged = (s: ServiceProcess, msg: string) => logLines(s).find((l) => l.msg === msg);

/** SIGTERM; resolves with the exit code and how long the process took to end. */
async function terminate(s: ServiceProcess): Promise<{ code: number | null; ms: number }> {
  const sentAt = Date.now();
  s.child.kill('SIGTERM');
  await s.exited;
  return { code: s.child.exitCode, ms: Date.now() - sentAt };
}

/** A raw TCP connection to the service, collecting what it answers. */
interface RawConnection {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}

function rawConnection(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (b: Buffer) => (received += b.toString()));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
    socket.once('error', reject);
  });
}

const statusLine = (raw: string) => raw.split('\r\n')[0];
const bodyOf = (raw: string) => raw.slice(raw.indexOf('\r\n\r\n') + 4);

describe('SIGTERM drains a process', () => {
  const rig = faultRig({
    after: 'each',
    end: 'kill',
    env: { SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) },
    // Booting takes seconds alone, much longer on a machine busy with other test runs.
    healthyWithinMs: 90_000,
  });
  const { mail, start } = rig;

  /** A worker process's environment: its own queues, its clock running from `fireAt` in real time. */
  const workerEnv = (fireAt: Date, extra: Record<string, string> = {}) => ({
    PROCESS_ROLE: 'worker',
    QUEUE_PREFIX: `duban-drain-${randomUUID().slice(0, 8)}`,
    CLOCK_VIRTUAL_START: fireAt.toISOString(),
    CLOCK_REAL_START: String(Date.now()),
    CLOCK_SPEED: '1',
    ...extra,
  });

  it('a worker mid-wave finishes its sends, exits 0, and the next one sends the rest: each reminder once', async () => {
    await resetDatabase();
    mail.clear();
    const liaisons = 80;
    const tasksEach = 3;
    const fireAt = new Date('2026-11-23T01:00:00Z');
    await seedPendingReminders(rig.prisma as unknown as PrismaService, {
      departments: liaisons,
      tasksEach,
      dueOn: '2026-11-27',
      fireAt,
    });
    mail.delayReplies(SMTP_REPLY_MS);
    const env = workerEnv(fireAt);

    // A enqueues the wave at bootstrap (its scheduler reconciles), claims it and starts sending.
    const a = await start('A', env, { awaitHealthy: false });
    await mail.waitFor(() => true, { count: liaisons / 4, timeoutMs: 90_000 });
    const receivedBeforeTerm = mail.messages().length;
    const stopA = await terminate(a);
    const receivedWhileDraining = mail.messages().length - receivedBeforeTerm;

    // A drained within the grace period, with sends in flight when the signal came.
    expect(stopA.code).toBe(0);
    expect(stopA.ms).toBeLessThan(GRACE_SECONDS * 1000);
    const draining = logged(a, 'draining') as { jobsInFlight: number } | undefined;
    expect(draining?.jobsInFlight).toBeGreaterThan(0);
    expect(draining?.jobsInFlight).toBeLessThanOrEqual(DELIVERY_CONCURRENCY);
    expect(logged(a, 'stopped: drained, pools closed')).toBeDefined();
    // Every pool let go: the process ended by itself, nothing was left open.
    expect(logged(a, 'still open after closing')).toBeUndefined();
    // It took no new job: only the sends already started reached the sink after the signal.
    expect(receivedWhileDraining).toBeLessThanOrEqual(DELIVERY_CONCURRENCY);

    // Every message A handed to the sink is recorded SENT; nothing is left leased or half-done.
    const atExit = await rig.prisma.delivery.findMany({
      where: { channel: 'EMAIL' },
      select: { id: true, status: true, leaseUntil: true },
    });
    expect(atExit).toHaveLength(liaisons);
    const sentByA = new Set(atExit.filter((d) => d.status === 'SENT').map((d) => d.id));
    const inSink = new Set(mail.messages().map(deliveryIdOf));
    expect([...inSink].sort()).toEqual([...sentByA].sort());
    expect(atExit.filter((d) => d.status === 'PENDING' && d.leaseUntil)).toHaveLength(0);
    // The wave was cut in the middle: part sent, part still pending for the next process.
    expect(sentByA.size).toBeGreaterThan(0);
    expect(sentByA.size).toBeLessThan(liaisons);

    // B takes over what A left waiting and sends it.
    mail.delayReplies(0);
    const b = await start('B', env, { awaitHealthy: false });
    await eventually(
      async () => (await rig.prisma.delivery.count({ where: { status: 'PENDING' } })) === 0,
      90_000,
    );
    expect(await rig.prisma.delivery.count({ where: { status: 'SENT', channel: 'EMAIL' } })).toBe(
      liaisons,
    );
    expect(await rig.prisma.reminder.count({ where: { status: 'SENT' } })).toBe(
      liaisons * tasksEach,
    );
    expect(await rig.prisma.reminder.count({ where: { status: { not: 'SENT' } } })).toBe(0);

    // Exactly once: one message per delivery, one per liaison, every task listed in one of them.
    const mails = mail.messages();
    const perDelivery = countBy(mails.map(deliveryIdOf));
    expect(perDelivery.size).toBe(liaisons);
    expect([...perDelivery.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(mails.flatMap((m) => m.to)).size).toBe(liaisons);
    const listed = mails.flatMap(listedTaskNumbers);
    expect(listed).toHaveLength(liaisons * tasksEach);
    expect(new Set(listed).size).toBe(liaisons * tasksEach);
    // B sent the rest (A's and B's messages are disjoint by the counts above).
    expect(mails.length - inSink.size).toBe(liaisons - sentByA.size);

    const stopB = await terminate(b);
    expect(stopB.code).toBe(0);
    console.info(
      `sigterm-drain (worker): SIGTERM after ${receivedBeforeTerm} of ${liaisons} mails, ` +
        `${draining?.jobsInFlight} sends in flight, ${receivedWhileDraining} more reached the sink ` +
        `while draining; A exited 0 in ${stopA.ms} ms having sent ${sentByA.size}; B sent ` +
        `${liaisons - sentByA.size}; B exited 0 in ${stopB.ms} ms`,
    );
  }, 180_000);

  it('past the grace period: it names the sends it abandons and exits 75; the next worker sends them', async () => {
    await resetDatabase();
    mail.clear();
    const liaisons = 30;
    const fireAt = new Date('2026-11-23T01:00:00Z');
    await seedPendingReminders(rig.prisma as unknown as PrismaService, {
      departments: liaisons,
      tasksEach: 1,
      dueOn: '2026-11-27',
      fireAt,
    });
    // The SMTP server never answers in time: the first sends hang past the grace period.
    mail.delayReplies(60_000);
    const env = workerEnv(fireAt, {
      SHUTDOWN_GRACE_SECONDS: '1',
      // Short locks and leases: the abandoned jobs are taken up, and resent, within seconds.
      WORKER_LOCK_MS: '2000',
      DELIVERY_LEASE_SECONDS: '3',
    });
    const a = await start('A', env, { awaitHealthy: false });
    await mail.waitFor(() => true, { count: DELIVERY_CONCURRENCY, timeoutMs: 90_000 });
    const stopA = await terminate(a);

    expect(stopA.code).toBe(75);
    expect(stopA.ms).toBeGreaterThanOrEqual(1000);
    expect(stopA.ms).toBeLessThan(10_000);
    const gaveUp = logLines(a).find((l) => String(l.msg).startsWith('grace period passed')) as
      { jobs: { queue: string; jobId: string }[]; workersOpen: string[] } | undefined;
    expect(gaveUp?.workersOpen).toEqual(['deliveries']);
    const abandoned = (gaveUp?.jobs ?? []).map((j) => {
      expect(j.queue).toBe('deliveries');
      return j.jobId.replace(/^delivery-/, '');
    });
    // Exactly the sends the SMTP server had received and never answered.
    expect(abandoned.sort()).toEqual(mail.messages().map(deliveryIdOf).sort());
    expect(logged(a, 'stopped: drained, pools closed')).toBeUndefined();

    // B takes the stalled jobs up, waits for their leases and sends them again (at least once).
    mail.delayReplies(0);
    await start('B', env, { awaitHealthy: false });
    await eventually(
      async () => (await rig.prisma.delivery.count({ where: { status: { not: 'SENT' } } })) === 0,
      90_000,
    );
    expect(await rig.prisma.delivery.count({ where: { channel: 'EMAIL' } })).toBe(liaisons);
    expect(await rig.prisma.reminder.count({ where: { status: 'SENT' } })).toBe(liaisons);
    const perDelivery = countBy(mail.messages().map(deliveryIdOf));
    expect(perDelivery.size).toBe(liaisons);
    const twice = [...perDelivery.entries()].filter(([, n]) => n > 1).map(([id]) => id);
    expect(twice.sort()).toEqual(abandoned.sort());
    expect([...perDelivery.values()].every((n) => n <= 2)).toBe(true);
    console.info(
      `sigterm-drain (grace passed): A exited 75 after ${stopA.ms} ms abandoning ` +
        `${abandoned.length} sends; B resent exactly those and sent the other ${liaisons - abandoned.length}`,
    );
  }, 180_000);

  it('an API process answers the request in flight, refuses new connections and exits 0', async () => {
    await resetDatabase();
    await createPerson(rig.prisma as unknown as PrismaService, {
      username: 'drain.liaison',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    const api = await start('API', {
      PROCESS_ROLE: 'api',
      QUEUE_PREFIX: `duban-drain-${randomUUID().slice(0, 8)}`,
    });

    // An idle keep-alive connection (a proxy's pool), one whose /health request has not finished
    // arriving, and a sign-in whose body is half sent: all three are open when SIGTERM comes.
    const idle = await rawConnection(api.port);
    idle.socket.write('GET /api/v1/health HTTP/1.1\r\nHost: duban\r\n\r\n');
    await eventually(async () => idle.received().includes('\r\n\r\n') && idle.received());
    expect(statusLine(idle.received())).toBe('HTTP/1.1 200 OK');
    const health = await rawConnection(api.port);
    health.socket.write('GET /api/v1/health HTTP/1.1\r\nHost: duban\r\n');
    const body = JSON.stringify({ username: 'drain.liaison', password: PASSWORD });
    const signIn = await rawConnection(api.port);
    signIn.socket.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: duban\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 12)}`,
    );
    // Nothing outside the process shows that it has read those bytes; give it a moment (the drain's
    // log below counts the sign-in as in flight, so a signal sent too early fails the test).
    await new Promise((r) => setTimeout(r, 500));

    const signalled = Date.now();
    api.child.kill('SIGTERM');
    const draining = await eventually(async () => logged(api, 'draining'));
    expect(draining).toMatchObject({ requestsInFlight: 1 });

    // Stopped accepting (the listener closes in the tick that logs 'draining'): a new connection
    // is refused while the process still runs.
    const refused = await rawConnection(api.port).then(
      (c) => {
        c.socket.destroy();
        return 'accepted';
      },
      (err: NodeJS.ErrnoException) => err.code,
    );
    expect(refused).toBe('ECONNREFUSED');
    expect(api.child.exitCode).toBeNull();
    // The idle keep-alive connection is closed by the server.
    await idle.closed;

    // The /health request completed during the drain: 503 DRAINING, and the connection closes.
    health.socket.write('\r\n');
    await health.closed;
    expect(statusLine(health.received())).toBe('HTTP/1.1 503 Service Unavailable');
    expect(health.received()).toMatch(/\r\nConnection: close\r\n/i);
    expect(JSON.parse(bodyOf(health.received()))).toMatchObject({
      code: 'DRAINING',
      details: { status: 'draining' },
    });

    // The sign-in in flight gets its full answer: a token, then the connection closes.
    signIn.socket.write(body.slice(12));
    await signIn.closed;
    const answer = signIn.received();
    expect(statusLine(answer)).toMatch(/^HTTP\/1\.1 20[01] /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    const { accessToken } = JSON.parse(bodyOf(answer)) as { accessToken: string };
    expect(accessToken.split('.')).toHaveLength(3);

    await api.exited;
    expect(api.child.exitCode).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(GRACE_SECONDS * 1000);
    expect(logged(api, 'still open after closing')).toBeUndefined();
  }, 90_000);
});
