import { MailCapture } from '../../scripts/kit/mail-capture';
import { AppConfig } from '../../src/config/app-config.service';
import { Clock, ManualClock } from '../../src/infra/clock/clock';
import { HEARTBEAT, HeartbeatService } from '../../src/infra/heartbeat/heartbeat.service';
import { SystemMessagesService } from '../../src/modules/notifications/system-messages.service';
import { WATCHED } from '../../src/modules/watchdog/watchdog-rules';
import { CheckOutcome, WatchdogService } from '../../src/modules/watchdog/watchdog.service';
import { WorkerHeartbeats } from '../../src/modules/watchdog/worker-heartbeats';
import { createPerson, eventually, login, seedPendingReminders } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

const S = 1000;

interface StaleView {
  component: string;
  code: string;
  since: string;
  message: string;
}
interface HealthBody {
  status: string;
  info: Record<string, unknown>;
  watchdog: { status: string; stale: StaleView[] };
}
interface OverviewBody {
  enabled: boolean;
  status: string;
  stale: StaleView[];
  heartbeats: { component: string; instance: string }[];
  incidents: { closedAt: string | null }[];
}
const WORKERS = WATCHED.filter((c) => c.startsWith('worker:'));

/**
 * The watchdog on real PostgreSQL and SMTP, its heartbeat clock a ManualClock: staleness from
 * heartbeats and late reminders, one alarm per incident however many checkers race, one
 * "recovered", the administrators (active ADMIN) only, by email and inbox.
 */
describe('watchdog', () => {
  const mail = new MailCapture();
  const realClock = new ManualClock('2026-12-07T08:00:00Z');
  let t: TestApp;
  let beats: HeartbeatService;
  let checkers: WatchdogService[];

  const beat = (components: readonly string[]) => beats.beat(components);
  const race = async (n = 6): Promise<CheckOutcome[]> =>
    Promise.all(Array.from({ length: n }, (_, i) => checkers[i % checkers.length]!.check()));
  const deliveries = (template: string, channel: 'EMAIL' | 'INBOX') =>
    t.prisma.delivery.findMany({ where: { template, channel }, orderBy: { address: 'asc' } });
  const health = async () => {
    const res = await fetch(`${t.url}/api/v1/health`);
    return { status: res.status, body: (await res.json()) as HealthBody };
  };

  beforeAll(async () => {
    const { smtpPort } = await mail.start();
    t = await createTestApp({
      heartbeatClock: realClock,
      env: {
        WATCHDOG_INTERVAL_SECONDS: '30',
        WATCHDOG_STALE_SECONDS: '120',
        TICK_SECONDS: '60',
        SMTP_PORT: String(smtpPort),
      },
    });
    await resetDatabase();
    beats = t.app.get(HeartbeatService);
    const first = t.app.get(WatchdogService);
    // On, but its timer stopped: the test beats and checks itself, on the ManualClock.
    await first.beforeApplicationShutdown();
    // A second checker, as a second API process would run it, on the same database.
    const second = new WatchdogService(
      t.prisma,
      t.app.get(AppConfig),
      t.app.get(Clock),
      realClock,
      beats,
      t.app.get(WorkerHeartbeats),
      t.app.get(SystemMessagesService),
    );
    checkers = [first, second];
    for (const username of ['admin.a', 'admin.b'])
      await createPerson(t.prisma, { username, role: 'ADMIN' });
    await createPerson(t.prisma, { username: 'admin.nomail', role: 'ADMIN', email: null });
    const gone = await createPerson(t.prisma, { username: 'admin.gone', role: 'ADMIN' });
    await t.prisma.person.update({ where: { id: gone.id }, data: { active: false } });
    await createPerson(t.prisma, { username: 'office', role: 'SUPERVISOR' });
  });
  afterAll(async () => {
    await t?.close();
    await mail.stop();
  });

  it('/health is ok while every component beats', async () => {
    await beat(WATCHED);
    realClock.advance(100 * S);
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', watchdog: { status: 'ok', stale: [] } });
    expect((await race()).filter((o) => o.opened || o.closed)).toEqual([]);
    expect(await t.prisma.watchdogIncident.count()).toBe(0);
  });

  it('workers that stop beating make /health degraded (200), naming them and since when', async () => {
    const lastWorkerBeat = new Date('2026-12-07T08:00:00Z'); // the previous test's beat
    realClock.advance(120 * S);
    await beat([HEARTBEAT.tick, HEARTBEAT.sweep]); // the scheduler lives on, the workers do not
    realClock.advance(31 * S); // workers: 30 + 120 s allowed, 151 s silent
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.info).toMatchObject({ postgresql: { status: 'up' }, redis: { status: 'up' } });
    expect(body.watchdog.stale.map((s) => s.component)).toEqual(WORKERS);
    expect(body.watchdog.stale[0]).toMatchObject({
      code: 'SILENT',
      since: lastWorkerBeat.toISOString(),
    });
    expect(body.watchdog.stale[0]!.message).toContain('没有心跳');
  });

  it('two checkers racing open one incident and send one alarm per administrator', async () => {
    const outcomes = await race(10);
    expect(outcomes.filter((o) => o.opened)).toHaveLength(1);
    expect(await t.prisma.watchdogIncident.count()).toBe(1);
    const emails = await deliveries('watchdog-alarm', 'EMAIL');
    // Active administrators only; the one without an address is a visible failure.
    expect(emails.map((d) => [d.address, d.status])).toEqual([
      ['admin.a@example.test', 'SENT'],
      ['admin.b@example.test', 'SENT'],
      [null, 'FAILED'],
    ]);
    expect(await deliveries('watchdog-alarm', 'INBOX')).toHaveLength(3);
    const alarms = await mail.waitFor((m) => m.subject.includes('系统告警'), { count: 2 });
    expect(alarms.flatMap((m) => m.to).sort()).toEqual([
      'admin.a@example.test',
      'admin.b@example.test',
    ]);
    expect(alarms[0]!.text).toContain('消息发送队列的工作进程');

    // Later checks, and a component going stale during the incident, send nothing more.
    realClock.advance(200 * S); // the tick's last beat is now 231 s old (180 s allowed)
    await beat([HEARTBEAT.sweep]);
    await race(6);
    const [incident] = await t.prisma.watchdogIncident.findMany();
    const listed = (incident!.components as { component: string }[]).map((c) => c.component);
    expect(listed).toEqual([...WORKERS, HEARTBEAT.tick]);
    expect(mail.messages().filter((m) => m.subject.includes('系统告警'))).toHaveLength(2);
    expect(await t.prisma.delivery.count({ where: { template: 'watchdog-alarm' } })).toBe(6);
  });

  it('the inbox of an administrator shows the alarm', async () => {
    const headers = await login(t.url, 'admin.a');
    const inbox = (await (await fetch(`${t.url}/api/v1/me/inbox`, { headers })).json()) as {
      subject: string;
    }[];
    expect(inbox.map((m) => m.subject)).toEqual(['【系统告警】督办系统后台任务异常']);
  });

  it('recovery closes the incident once, with one "recovered" message per administrator', async () => {
    await beat(WATCHED);
    const outcomes = await race(10);
    expect(outcomes.filter((o) => o.closed)).toHaveLength(1);
    const [incident] = await t.prisma.watchdogIncident.findMany();
    expect(incident).toMatchObject({ openKey: null, closedAt: realClock.now() });
    const recovered = await mail.waitFor((m) => m.subject.includes('系统恢复'), { count: 2 });
    expect(recovered[0]!.text).toContain('恢复正常');
    expect(await deliveries('watchdog-recovered', 'INBOX')).toHaveLength(3);
    await race(4);
    expect(mail.messages()).toHaveLength(4);
    expect((await health()).body.status).toBe('ok');
  });

  it('an alarm email the SMTP server refused is sent by a later check', async () => {
    realClock.advance(200 * S);
    mail.rejectNext(2);
    const first = await checkers[0]!.check();
    expect(first.opened).toBeDefined();
    expect(first.emailsSent).toBe(0);
    const pending = await t.prisma.delivery.findMany({
      where: { template: 'watchdog-alarm', status: 'PENDING' },
    });
    expect(pending).toHaveLength(2);
    expect(pending[0]!.lastError).toContain('第1次发送失败');
    const second = await checkers[1]!.check();
    expect(second.opened).toBeUndefined();
    expect(second.emailsSent).toBe(2);
    await eventually(async () => mail.messages().length === 6);
    await beat(WATCHED);
    await race(2);
  });

  it('reminders due and still pending make the wave stale; a wave that never ran does not', async () => {
    await beat(WATCHED);
    expect(await checkers[0]!.evaluate()).toEqual([]);
    // Business clock: due 4 minutes ago (allowed: tick 60 s + 120 s).
    const fireAt = new Date(t.clock.now().getTime() - 4 * 60 * S);
    await seedPendingReminders(t.prisma, {
      departments: 2,
      tasksEach: 2,
      dueOn: '2026-11-30',
      fireAt,
    });
    const stale = await checkers[0]!.evaluate();
    expect(stale).toMatchObject([
      { component: HEARTBEAT.wave, code: 'REMINDERS_PENDING', pendingReminders: 4, since: fireAt },
    ]);
    // Due 2 minutes ago: within the allowance.
    await t.prisma.reminder.updateMany({
      data: { fireAt: new Date(t.clock.now().getTime() - 2 * 60 * S) },
    });
    expect(await checkers[0]!.evaluate()).toEqual([]);
  });

  it('a process that died while another works its queues is no incident; its rows are forgotten after a week', async () => {
    await beat(WATCHED);
    const old = new Date(realClock.now().getTime() - 8 * 24 * 3600 * S);
    await t.prisma.heartbeat.createMany({
      data: WORKERS.map((component) => ({
        component,
        instance: 'gone-host:1',
        beatAt: old,
        startedAt: old,
      })),
    });
    expect(await checkers[0]!.evaluate()).toEqual([]);
    const outcome = await checkers[0]!.check();
    expect(outcome.opened).toBeUndefined();
    expect(await t.prisma.heartbeat.count({ where: { instance: 'gone-host:1' } })).toBe(0);
  });

  it('GET /admin/watchdog lists heartbeats per process and the incidents', async () => {
    const headers = await login(t.url, 'admin.a');
    const res = await fetch(`${t.url}/api/v1/admin/watchdog`, { headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as OverviewBody;
    expect(body).toMatchObject({ enabled: true, status: 'ok', stale: [] });
    expect(body.heartbeats.map((h) => h.component)).toEqual(expect.arrayContaining(WATCHED));
    expect(body.heartbeats[0]!.instance).toMatch(/:\d+$/);
    expect(body.incidents).toHaveLength(2);
    expect(body.incidents[1]!.closedAt).not.toBeNull();
  });
});
