import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MailCapture } from '../../scripts/kit/mail-capture';
import { ManualClock } from '../../src/infra/clock/clock';
import { HostResolver } from '../../src/modules/notifications/outbound/outbound-guard';
import type { NotificationsApp } from '../support/notifications-app';
import {
  obliterateQueues,
  poll,
  seedTask,
  startNotificationsApp,
} from '../support/notifications-app';
import { createPerson, login } from '../support/fixtures';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';

/**
 * Outbound calls (issue 15, item 4): robot webhooks reach only https to the platforms' hosts or
 * hosts an administrator listed, never loopback, private or link-local addresses (checked on the
 * URL when saved and on every address DNS gives when sent), and every robot change is audited
 * without its secret. Everything runs with the default configuration (no ROBOT_ALLOW_PRIVATE_TARGETS).
 */
jest.setTimeout(30_000);

const json = { 'content-type': 'application/json' };

describe('robot webhooks over HTTP: refused targets, allowed hosts, audit', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let api: string;

  beforeAll(async () => {
    t = await createTestApp({
      env: { WORKERS_ENABLED: 'false', ROBOT_ALLOW_PRIVATE_TARGETS: 'false' },
    });
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'admin', role: 'ADMIN' });
    await createPerson(t.prisma, {
      username: 'liaison',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    admin = await login(t.url, 'admin');
    api = `${t.url}/api/v1`;
  });

  afterAll(async () => {
    if (t) await obliterateQueues(t.app);
    await t?.close();
  });

  const post = (body: object, headers = admin) =>
    fetch(`${api}/robots`, {
      method: 'POST',
      headers: { ...headers, ...json },
      body: JSON.stringify(body),
    });
  const robot = (webhookUrl: string, kind = 'WECOM') => ({
    kind,
    name: '督办群',
    webhookUrl,
    secret: 'sec-never-logged',
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', '机器人地址指向本机、内网或保留地址,不允许访问'],
    ['http://localhost:5432/', '机器人地址指向本机、内网或保留地址,不允许访问'],
    ['http://127.0.0.1:6379/', '机器人地址指向本机、内网或保留地址,不允许访问'],
    ['http://[::ffff:127.0.0.1]:5432/', '机器人地址指向本机、内网或保留地址,不允许访问'],
    ['https://10.0.0.8/hook', '机器人地址指向本机、内网或保留地址,不允许访问'],
    ['http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', '机器人地址必须使用 https'],
    ['https://robot.example.test/hook', '机器人地址的主机不在允许范围内'],
    ['https://oapi.dingtalk.com/robot/send?access_token=t', '机器人地址的主机不在允许范围内'],
  ])('refuses %s on create with a coded Chinese 400', async (webhookUrl, message) => {
    const res = await post(robot(webhookUrl));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('WEBHOOK_NOT_ALLOWED');
    expect(body.message).toContain(message);
    expect(await t.prisma.robot.count()).toBe(0);
  });

  it('accepts the platform host, refuses a bad URL on update, and audits every change without the secret', async () => {
    const created = await post(
      robot('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef-123456'),
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const patch = (body: object) =>
      fetch(`${api}/robots/${id}`, {
        method: 'PATCH',
        headers: { ...admin, ...json },
        body: JSON.stringify(body),
      });
    const refused = await patch({ webhookUrl: 'http://169.254.169.254/' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'WEBHOOK_NOT_ALLOWED' });
    expect((await patch({ name: '新名字', secret: 'sec-also-never-logged' })).status).toBe(200);
    expect((await fetch(`${api}/robots/${id}`, { method: 'DELETE', headers: admin })).status).toBe(
      204,
    );

    const events = await t.prisma.auditEvent.findMany({
      where: { entityType: 'robot', entityId: id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.action)).toEqual([
      'robot.created',
      'robot.updated',
      'robot.deleted',
    ]);
    const adminId = (await t.prisma.person.findUniqueOrThrow({ where: { username: 'admin' } })).id;
    expect(events.every((e) => e.actorId === adminId)).toBe(true);
    expect(events[0]!.after).toMatchObject({
      kind: 'WECOM',
      hasSecret: true,
      webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****3456',
    });
    expect(events[1]).toMatchObject({
      data: { secretChanged: true },
      before: { name: '督办群' },
      after: { name: '新名字', hasSecret: true },
    });
    expect(events[2]!.before).toMatchObject({ name: '新名字' });
    const written = JSON.stringify(events.map((e) => [e.data, e.before, e.after]));
    expect(written).not.toContain('sec-never-logged');
    expect(written).not.toContain('sec-also-never-logged');
    expect(written).not.toContain('abcdef-123456');
  });

  it('lets only an administrator set extra allowed hosts (audited); never a local one', async () => {
    const put = (hosts: string[], headers = admin) =>
      fetch(`${api}/robots/allowed-hosts`, {
        method: 'PUT',
        headers: { ...headers, ...json },
        body: JSON.stringify({ hosts }),
      });
    const liaison = await login(t.url, 'liaison');
    expect((await put(['robot-gw.example.gov.cn'], liaison)).status).toBe(403);
    expect((await fetch(`${api}/robots/allowed-hosts`, { headers: liaison })).status).toBe(403);

    const local = await put(['robot-gw.example.gov.cn', 'localhost', '169.254.169.254', 'a/b']);
    expect(local.status).toBe(400);
    expect(await local.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { invalid: ['localhost', '169.254.169.254', 'a/b'] },
    });

    expect(await post(robot('https://robot-gw.example.gov.cn/hook'))).toHaveProperty('status', 400);
    const set = await put(['Robot-GW.example.gov.cn', 'robot-gw.example.gov.cn:443']);
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ hosts: ['robot-gw.example.gov.cn'] });
    expect(await (await fetch(`${api}/robots/allowed-hosts`, { headers: admin })).json()).toEqual({
      hosts: ['robot-gw.example.gov.cn'],
    });
    expect(await post(robot('https://robot-gw.example.gov.cn/hook'))).toHaveProperty('status', 201);
    // Listing a host does not open plain http to it.
    expect(await post(robot('http://robot-gw.example.gov.cn/hook', 'FEISHU'))).toHaveProperty(
      'status',
      400,
    );

    const event = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'robot.allowed_hosts_set' },
    });
    expect(event).toMatchObject({
      before: { hosts: [] },
      after: { hosts: ['robot-gw.example.gov.cn'] },
    });
  });
});

describe('robot webhooks at send time (default configuration)', () => {
  const capture = new MailCapture();
  const clock = new ManualClock('2026-11-23T01:00:00.000Z');
  const answers = new Map<string, string[]>();
  const resolver = new (class extends HostResolver {
    override resolve(host: string): Promise<string[]> {
      const found = answers.get(host);
      return found ? Promise.resolve(found) : super.resolve(host);
    }
  })();
  let sink: Server;
  let sinkPort: number;
  let received: string[] = [];
  let n: NotificationsApp;

  beforeAll(async () => {
    const { smtpPort } = await capture.start();
    sink = createServer((req, res) => {
      received.push(`${req.headers.host}${req.url}`);
      res.writeHead(200, json).end('{"errcode":0,"errmsg":"ok"}');
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    sinkPort = (sink.address() as AddressInfo).port;
    n = await startNotificationsApp({
      clock,
      smtpPort,
      name: 'outbound',
      resolver,
      env: { ROBOT_ALLOW_PRIVATE_TARGETS: 'false', CHANNEL_HTTP_TIMEOUT_MS: '2000' },
    });
  });

  afterAll(async () => {
    await n?.stop();
    await capture.stop();
    sink?.closeAllConnections();
    await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
  });

  beforeEach(async () => {
    await resetDatabase(n.prisma);
    received = [];
    answers.clear();
  });

  /** Sends one reminder to a liaison of a department whose WeCom robot posts to `webhookUrl`. */
  async function sendThrough(webhookUrl: string) {
    const { taskId, departmentId } = await seedTask(n.prisma);
    await n.prisma.robot.create({
      data: { kind: 'WECOM', name: '测试群', webhookUrl, departmentId },
    });
    const person = await n.prisma.person.create({
      data: {
        username: 'zhangwei',
        displayName: '张伟',
        role: 'LIAISON',
        departmentId,
        passwordHash: 'x',
        channels: ['WECOM', 'INBOX'],
      },
    });
    const ids = await n.prisma.$transaction((tx) =>
      n.notifications.createDeliveries(tx, [
        {
          dedupeKey: `reminder-r1-${person.id}`,
          recipientId: person.id,
          template: 'deadline-reminder',
          vars: {
            taskId,
            taskNo: 12,
            taskText: '加快养老服务体系建设。',
            planTitle: '重点工作责任分解方案',
            departmentName: '省民政厅',
            role: 'LEAD',
            dueOn: '2026-11-30',
            workingDaysLeft: 5,
            recipientName: '张伟',
          },
          taskId,
        },
      ]),
    );
    await n.notifications.dispatch(ids);
    return poll(
      () =>
        n.prisma.delivery.findUniqueOrThrow({
          where: { dedupeKey: `reminder-r1-${person.id}-WECOM` },
        }),
      (d) => d.status !== 'PENDING',
    );
  }

  it('refuses a robot saved (before the rule) with a loopback URL: FAILED at once, nothing sent', async () => {
    const failed = await sendThrough(`http://127.0.0.1:${sinkPort}/wecom`);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(failed.lastError).toContain('机器人地址指向本机、内网或保留地址,不允许访问');
    expect(received).toEqual([]);
  });

  it('refuses `localhost` and a listed name that DNS resolves to 127.0.0.1 (checked after resolution)', async () => {
    expect((await sendThrough(`http://localhost:${sinkPort}/wecom`)).status).toBe('FAILED');
    await resetDatabase(n.prisma);

    await n.prisma.robotAllowedHost.create({ data: { host: `hooks.example.test:${sinkPort}` } });
    answers.set('hooks.example.test', ['127.0.0.1']);
    const failed = await sendThrough(`https://hooks.example.test:${sinkPort}/wecom`);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(failed.lastError).toContain('机器人地址指向本机、内网或保留地址,不允许访问');
    expect(failed.lastError).toContain('hooks.example.test → 127.0.0.1');
    expect(received).toEqual([]);
  });

  it('refuses a name when one of its addresses is private, even if the others are public', async () => {
    await n.prisma.robotAllowedHost.create({ data: { host: 'mixed.example.test' } });
    answers.set('mixed.example.test', ['93.184.216.34', '10.0.0.1']);
    const failed = await sendThrough('https://mixed.example.test/wecom');
    expect(failed.status).toBe('FAILED');
    expect(failed.lastError).toContain('mixed.example.test → 93.184.216.34, 10.0.0.1');
  });

  it('refuses at send time a robot whose host was removed from the list after it was saved', async () => {
    const failed = await sendThrough('https://gone.example.test/wecom');
    expect(failed.status).toBe('FAILED');
    expect(failed.lastError).toContain('机器人地址的主机不在允许范围内');
  });
});
