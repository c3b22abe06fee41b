import type { Queue } from 'bullmq';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/infra/clock/clock';
import { MailCapture } from '../../scripts/kit/mail-capture';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { jobIds } from '../../src/infra/queue/job-catalogue';
import type { Channel } from '../../src/generated/prisma/enums';
import {
  NotificationsService,
  OutgoingMessage,
} from '../../src/modules/notifications/notifications.service';
import { createPerson, login } from '../support/fixtures';
import {
  obliterateQueues,
  poll,
  seedTask,
  PUBLIC_URL,
  startNotificationsApp,
} from '../support/notifications-app';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * Group robots (WeCom, DingTalk, Feishu), the SMS gateway, channel expansion, quiet hours and the
 * in-app inbox, against real PostgreSQL, Redis and SMTP and a local HTTP sink speaking each
 * platform's protocol.
 */
const NOW = new Date('2026-11-23T01:00:00.000Z');
const WINDOW_MS = 500;

jest.setTimeout(30_000);

interface SinkRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  at: number;
}

type Responder = (req: SinkRequest, n: number) => { status?: number; body: unknown };

/** A local HTTP server answering each path with a scripted responder, recording every request. */
class HttpSink {
  private server?: Server;
  private readonly responders = new Map<string, Responder>();
  requests: SinkRequest[] = [];
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  on(path: string, responder: Responder): void {
    this.responders.set(path, responder);
  }

  clear(): void {
    this.requests = [];
    this.responders.clear();
  }

  to(path: string): SinkRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://sink');
    const entry: SinkRequest = {
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
      at: Date.now(),
    };
    this.requests.push(entry);
    const responder = this.responders.get(url.pathname);
    const answer = responder
      ? responder(entry, this.to(url.pathname).length)
      : { status: 404, body: { error: 'no such path' } };
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }
}

describe('channels: robots, SMS, channel choice and quiet hours', () => {
  const capture = new MailCapture();
  const sink = new HttpSink();
  const clock = new ManualClock(NOW);
  let url: string;
  let prisma: PrismaService;
  let notifications: NotificationsService;
  let queue: Queue;
  let stopApp: (() => Promise<void>) | undefined;
  let taskId: string;
  let departmentId: string;

  beforeAll(async () => {
    const { smtpPort } = await capture.start();
    await sink.start();
    const started = await startNotificationsApp({
      clock,
      smtpPort,
      name: 'channels',
      env: {
        SMS_GATEWAY_URL: `${sink.url}/sms/send`,
        SMS_GATEWAY_AUTH_HEADER: 'Authorization: Bearer sms-token-1',
        SMS_TEMPLATE_ID: 'SMS_DUBAN_001',
        SMS_SIGN_NAME: '督查室',
        CHANNEL_HTTP_TIMEOUT_MS: '2000',
        ROBOT_RATE_WINDOW_MS: String(WINDOW_MS),
        // The robots here post to a local sink (outbound-webhooks.spec: refused by default).
        ROBOT_ALLOW_PRIVATE_TARGETS: 'true',
      },
    });
    ({ url, prisma, notifications, queue } = started);
    stopApp = started.stop;
  });

  afterAll(async () => {
    await stopApp?.();
    await capture.stop();
    await sink.stop();
  });

  beforeEach(async () => {
    await resetDatabase(prisma);
    capture.clear();
    sink.clear();
    clock.set(NOW);
    const seed = await seedTask(prisma);
    taskId = seed.taskId;
    departmentId = seed.departmentId;
  });

  const create = (messages: OutgoingMessage[]) =>
    prisma.$transaction((tx) => notifications.createDeliveries(tx, messages));

  const send = async (messages: OutgoingMessage[]) => {
    const ids = await create(messages);
    await notifications.dispatch(ids);
    return ids;
  };

  const row = (id: string) => prisma.delivery.findUniqueOrThrow({ where: { id } });

  const settled = (id: string) =>
    poll(
      () => row(id),
      (d) => d.status !== 'PENDING',
    );

  const byKey = (dedupeKey: string) => prisma.delivery.findUniqueOrThrow({ where: { dedupeKey } });

  const person = (
    username: string,
    data: { channels?: Channel[]; email?: string | null; phone?: string | null } = {},
  ) =>
    prisma.person.create({
      data: {
        username,
        displayName: '张伟',
        role: 'LIAISON',
        departmentId,
        passwordHash: 'x',
        email: data.email === undefined ? `${username}@mz.js.gov.cn` : data.email,
        phone: data.phone ?? null,
        ...(data.channels ? { channels: data.channels } : {}),
      },
    });

  const robot = (
    kind: 'WECOM' | 'DINGTALK' | 'FEISHU',
    path: string,
    data: { secret?: string; perMinute?: number; query?: string } = {},
  ) =>
    prisma.robot.create({
      data: {
        kind,
        name: `${kind} 测试群`,
        webhookUrl: `${sink.url}${path}${data.query ?? ''}`,
        secret: data.secret ?? null,
        departmentId,
        perMinute: data.perMinute ?? 20,
      },
    });

  const message = (
    recipientId: string,
    key = 'r1',
    extra: Partial<OutgoingMessage> = {},
  ): OutgoingMessage => ({
    dedupeKey: `reminder-${key}-${recipientId}`,
    recipientId,
    template: 'deadline-reminder',
    vars: {
      taskId,
      taskNo: 12,
      taskText: '加快养老服务体系建设,到2015年全省每千名老年人拥有养老床位达到30张以上。',
      planTitle: '江苏省2012年政府工作报告重点工作责任分解方案',
      departmentName: '省民政厅',
      role: 'LEAD',
      dueOn: '2026-11-30',
      workingDaysLeft: 5,
      recipientName: '张伟',
    },
    taskId,
    ...extra,
  });

  it('WeCom: 429, then errcode 45009, then accepted → delivered after backoff, as markdown', async () => {
    await robot('WECOM', '/wecom/flaky', { query: '?key=wecom-key-1' });
    sink.on('/wecom/flaky', (_, n) =>
      n === 1
        ? { status: 429, body: { errcode: 45009, errmsg: 'too many requests' } }
        : n === 2
          ? { body: { errcode: 45009, errmsg: 'api freq out of limit' } }
          : { body: { errcode: 0, errmsg: 'ok' } },
    );
    const p = await person('zhangwei', { channels: ['WECOM', 'INBOX'] });
    const ids = await send([message(p.id)]);
    expect(ids).toHaveLength(1);

    const sent = await settled(ids[0]!);
    expect(sent).toMatchObject({ status: 'SENT', attempts: 3, channel: 'WECOM' });
    expect(sent.dedupeKey).toBe(`reminder-r1-${p.id}-WECOM`);
    expect(sent.lastError).toMatch(/^第2次发送失败:企业微信机器人限流\(errcode 45009\)/);
    expect(sent.providerResponse).toContain('"errcode":0');
    const requests = sink.to('/wecom/flaky');
    expect(requests).toHaveLength(3);
    expect(requests[0]!.query.get('key')).toBe('wecom-key-1');
    const body = requests[2]!.body as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('### 【督办提醒】第12项任务还有5个工作日到期');
    expect(body.markdown.content).toContain('**责任单位**:省民政厅(牵头单位)');
    expect(body.markdown.content).toContain(`[查看详情](${PUBLIC_URL}/api/v1/tasks/${taskId})`);
    expect(body.markdown.content).not.toContain('本邮件');
  });

  it('a robot that always answers 500 ends FAILED after every attempt, visible in the log; a 4xx fails at once', async () => {
    await robot('WECOM', '/wecom/down');
    sink.on('/wecom/down', () => ({ status: 500, body: { error: 'internal' } }));
    await robot('FEISHU', '/feishu/gone');
    sink.on('/feishu/gone', () => ({ status: 404, body: { code: 19001, msg: 'not found' } }));
    const p = await person('zhangwei', { channels: ['WECOM', 'FEISHU', 'INBOX'] });
    await send([message(p.id)]);

    const wecom = await poll(
      () => byKey(`reminder-r1-${p.id}-WECOM`),
      (d) => d.status !== 'PENDING',
    );
    expect(wecom).toMatchObject({ status: 'FAILED', attempts: 3, sentAt: null });
    expect(wecom.lastError).toMatch(/^第3次发送失败:企业微信机器人服务异常\(HTTP 500\)/);
    expect(sink.to('/wecom/down')).toHaveLength(3);

    const feishu = await poll(
      () => byKey(`reminder-r1-${p.id}-FEISHU`),
      (d) => d.status !== 'PENDING',
    );
    expect(feishu).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(feishu.lastError).toMatch(/^第1次发送失败:飞书机器人拒绝请求\(HTTP 404\)/);
    expect(sink.to('/feishu/gone')).toHaveLength(1);

    const res = await fetch(`${url}/deliveries?status=FAILED&taskId=${taskId}`);
    const log = (await res.json()) as Array<{ channel: string; lastError: string }>;
    expect(log.map((d) => d.channel).sort()).toEqual(['FEISHU', 'WECOM']);
  });

  it('DingTalk: signed with timestamp and HMAC-SHA256 sign, markdown title and text', async () => {
    const secret = 'SEC0123456789abcdef+/=secret';
    await robot('DINGTALK', '/dingtalk/robot/send', { secret, query: '?access_token=dt-token' });
    sink.on('/dingtalk/robot/send', (req) => {
      const timestamp = req.query.get('timestamp')!;
      const expected = createHmac('sha256', secret)
        .update(`${timestamp}\n${secret}`)
        .digest('base64');
      const fresh = Math.abs(Date.now() - Number(timestamp)) < 60 * 60 * 1000;
      return req.query.get('sign') === expected && fresh
        ? { body: { errcode: 0, errmsg: 'ok' } }
        : { body: { errcode: 310000, errmsg: 'sign not match' } };
    });
    const p = await person('zhangwei', { channels: ['DINGTALK', 'INBOX'] });
    const [id] = await send([message(p.id)]);

    expect(await settled(id!)).toMatchObject({ status: 'SENT', attempts: 1 });
    const [req] = sink.to('/dingtalk/robot/send');
    expect(req!.query.get('access_token')).toBe('dt-token');
    expect(req!.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: '【督办提醒】第12项任务还有5个工作日到期' },
    });
    expect((req!.body.markdown as { text: string }).text).toContain('完成时限**:2026年11月30日');
  });

  it('Feishu: timestamp in seconds and a sign keyed with timestamp + secret, interactive card', async () => {
    const secret = 'feishu-secret-xyz';
    await robot('FEISHU', '/feishu/open-apis/bot/v2/hook/abc', { secret });
    sink.on('/feishu/open-apis/bot/v2/hook/abc', (req) => {
      const timestamp = String(req.body.timestamp);
      const expected = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 3600;
      return req.body.sign === expected && fresh
        ? { body: { code: 0, msg: 'success', data: {} } }
        : { body: { code: 19021, msg: 'sign match fail or timestamp is not within one hour' } };
    });
    const p = await person('zhangwei', { channels: ['FEISHU', 'INBOX'] });
    const [id] = await send([message(p.id)]);

    expect(await settled(id!)).toMatchObject({ status: 'SENT', attempts: 1 });
    const [req] = sink.to('/feishu/open-apis/bot/v2/hook/abc');
    expect(String(req!.body.timestamp)).toMatch(/^\d{10}$/);
    const card = req!.body.card as {
      header: { title: { content: string } };
      elements: Array<{ tag: string; content: string }>;
    };
    expect(req!.body.msg_type).toBe('interactive');
    expect(card.header.title.content).toBe('【督办提醒】第12项任务还有5个工作日到期');
    expect(card.elements[0]!.content).toContain('**任务编号**:第12项');
  });

  it('SMS: the gateway gets the configured auth header, template, sign name and parameters', async () => {
    sink.on('/sms/send', () => ({ body: { code: 'OK', message: 'accepted', requestId: 'r-1' } }));
    const p = await person('zhangwei', { channels: ['EMAIL', 'SMS'], phone: '13800138000' });
    const ids = await send([message(p.id)]);
    expect(ids).toHaveLength(2);

    const sms = await poll(
      () => byKey(`reminder-r1-${p.id}-SMS`),
      (d) => d.status !== 'PENDING',
    );
    expect(sms).toMatchObject({ status: 'SENT', address: '13800138000', attempts: 1 });
    expect(sms.providerResponse).toContain('accepted');
    const [req] = sink.to('/sms/send');
    expect(req!.headers.authorization).toBe('Bearer sms-token-1');
    expect(req!.body).toEqual({
      phone: '13800138000',
      templateId: 'SMS_DUBAN_001',
      signName: '督查室',
      params: {
        name: '张伟',
        kind: '督办提醒',
        count: '1',
        taskNo: '12',
        dueOn: '2026年11月30日',
        days: '还有5个工作日',
      },
    });
    // Both chosen channels, and no inbox row: INBOX was not chosen.
    const [mail] = await capture.waitFor((m) => m.to.includes('zhangwei@mz.js.gov.cn'));
    expect(mail!.subject).toBe('【督办提醒】第12项任务还有5个工作日到期');
    expect(await prisma.delivery.count({ where: { recipientId: p.id } })).toBe(2);
  });

  it('25 messages to a robot allowing 20 a window: 20 at once, the rest after the window moves, none dropped', async () => {
    await robot('WECOM', '/wecom/busy', { perMinute: 20 });
    sink.on('/wecom/busy', () => ({ body: { errcode: 0, errmsg: 'ok' } }));
    const p = await person('zhangwei', { channels: ['WECOM'] });
    const ids = await send(Array.from({ length: 25 }, (_, i) => message(p.id, `burst${i}`)));
    expect(ids).toHaveLength(25);

    await poll(
      async () => sink.to('/wecom/busy').length,
      (n) => n >= 25,
    );
    const times = sink
      .to('/wecom/busy')
      .map((r) => r.at)
      .sort((a, b) => a - b);
    const first = times[0]!;
    // The 21st can only go once the first slot left the rolling window (less a little latency).
    expect(times.filter((t) => t < first + WINDOW_MS - 100)).toHaveLength(20);
    expect(times[20]! - first).toBeGreaterThanOrEqual(WINDOW_MS - 100);
    // Every one delivered once, and waiting for the window spent no attempt.
    const rows = await poll(
      () => prisma.delivery.findMany({ where: { id: { in: ids } } }),
      (rs) => rs.every((d) => d.status === 'SENT'),
    );
    expect(rows.every((d) => d.attempts === 1)).toBe(true);
    expect(sink.to('/wecom/busy')).toHaveLength(25);
  });

  it('expands to the chosen channels, skips muted ones, and reaches every channel when urgent', async () => {
    await robot('WECOM', '/wecom/group');
    sink.on('/wecom/group', () => ({ body: { errcode: 0, errmsg: 'ok' } }));
    sink.on('/sms/send', () => ({ body: { code: 0 } }));
    // Default channels (EMAIL + INBOX): SMS and the robot are muted for ordinary messages.
    const p = await person('zhangwei', { phone: '13800138000' });
    const noRobot = await person('lina', { channels: ['DINGTALK', 'INBOX'] });

    const ordinary = await create([message(p.id, 'plain'), message(noRobot.id, 'plain')]);
    const plainRows = await prisma.delivery.findMany({
      where: { dedupeKey: { startsWith: 'reminder-plain-' } },
    });
    expect(
      plainRows.map((d) => `${d.recipientId === p.id ? 'p' : 'n'}:${d.channel}:${d.status}`).sort(),
    ).toEqual(['n:DINGTALK:FAILED', 'n:INBOX:SENT', 'p:EMAIL:PENDING', 'p:INBOX:SENT']);
    expect(ordinary).toEqual([plainRows.find((d) => d.channel === 'EMAIL')!.id]);
    expect(plainRows.find((d) => d.channel === 'DINGTALK')!.lastError).toBe(
      '该部门未配置钉钉机器人',
    );
    const inbox = plainRows.find((d) => d.channel === 'INBOX' && d.recipientId === p.id)!;
    expect(inbox.sentAt).toEqual(NOW);
    expect(inbox.body).toContain('张伟同志:');
    expect(inbox.body).not.toContain('本邮件');

    // Urgent: every channel the person can be reached on, muted or not.
    const urgentIds = await send([message(p.id, 'urgent', { urgent: true })]);
    const urgentRows = await prisma.delivery.findMany({
      where: { dedupeKey: { startsWith: 'reminder-urgent-' } },
    });
    expect(urgentRows.map((d) => d.channel).sort()).toEqual(['EMAIL', 'INBOX', 'SMS', 'WECOM']);
    expect(urgentRows.every((d) => d.urgent)).toBe(true);
    expect(urgentIds).toHaveLength(3);
    for (const id of urgentIds) expect(await settled(id)).toMatchObject({ status: 'SENT' });
    expect(sink.to('/wecom/group')).toHaveLength(1);
    expect(sink.to('/sms/send')).toHaveLength(1);
  });

  it('quiet hours hold a message until notBefore; an urgent one is not held', async () => {
    const p = await person('zhangwei', { channels: ['EMAIL'] });
    const morning = new Date(NOW.getTime() + 8 * 3600_000);
    const [id] = await send([message(p.id, 'night', { notBefore: morning })]);
    expect((await row(id!)).notBefore).toEqual(morning);

    const job = (await queue.getJob(jobIds.delivery(id!)))!;
    expect(await job.getState()).toBe('delayed');
    expect(job.opts.delay).toBe(8 * 3600_000);
    const [urgentId] = await send([message(p.id, 'alarm', { notBefore: morning, urgent: true })]);
    await capture.waitFor((m) => m.headers['x-duban-delivery'] === urgentId);
    expect((await row(urgentId!)).notBefore).toBeNull();
    expect((await row(id!)).status).toBe('PENDING');

    // Promoted before the morning (as after a reconcile): the processor holds it again.
    await job.promote();
    await poll(
      () => queue.getJobState(jobIds.delivery(id!)),
      (s) => s === 'delayed',
    );
    expect((await row(id!)).attempts).toBe(0);
    expect(capture.messages().filter((m) => m.headers['x-duban-delivery'] === id)).toHaveLength(0);

    // Morning comes.
    clock.set(morning);
    await (await queue.getJob(jobIds.delivery(id!)))!.promote();
    await capture.waitFor((m) => m.headers['x-duban-delivery'] === id);
    expect(await settled(id!)).toMatchObject({ status: 'SENT', attempts: 1, sentAt: morning });
  });
});

describe('inbox, channel preferences and robots over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { WORKERS_ENABLED: 'false', SMS_GATEWAY_URL: '' } });
    await resetDatabase(t.prisma);
  });

  afterAll(async () => {
    if (t) await obliterateQueues(t.app);
    await t?.close();
  });

  it('lists, counts and marks read the caller’s own inbox messages only', async () => {
    const { taskId } = await seedTask(t.prisma);
    const alice = await createPerson(t.prisma, { username: 'alice', role: 'LIAISON' });
    await createPerson(t.prisma, { username: 'bob', role: 'LIAISON' });
    const notifications = t.app.get(NotificationsService);
    const deliver = (key: string, taskNo: number) =>
      t.prisma.$transaction((tx) =>
        notifications.createDeliveries(tx, [
          {
            dedupeKey: `reminder-${key}-${alice.id}`,
            recipientId: alice.id,
            template: 'reminder-digest',
            vars: {
              recipientName: 'alice',
              items: [
                {
                  taskId,
                  taskNo,
                  taskText: '推进城乡社区综合服务设施建设',
                  planTitle: '方案',
                  departmentName: '省民政厅',
                  role: 'SUPPORT',
                  dueOn: '2026-11-30',
                  workingDaysLeft: 5,
                },
              ],
            },
            taskId: null,
          },
        ]),
      );
    await deliver('a', 1);
    t.clock.advance(60_000);
    await deliver('b', 2);

    const a = await login(t.url, 'alice');
    const b = await login(t.url, 'bob');
    const api = `${t.url}/api/v1`;
    const list = async (headers: Record<string, string>, query = '') =>
      (await (await fetch(`${api}/me/inbox${query}`, { headers })).json()) as Array<{
        id: string;
        subject: string;
        body: string;
        taskId: string | null;
        readAt: string | null;
      }>;
    const count = async (headers: Record<string, string>) =>
      (
        (await (await fetch(`${api}/me/inbox/unread-count`, { headers })).json()) as {
          count: number;
        }
      ).count;

    const inbox = await list(a);
    expect(inbox).toHaveLength(2);
    expect(inbox[0]!.subject).toBe('【督办提醒】您有1项任务即将到期');
    expect(inbox[0]!.body).toContain('任务编号:第2项');
    expect(inbox[1]!.body).toContain('任务编号:第1项');
    expect(inbox[0]).toMatchObject({ taskId: null, readAt: null });
    expect(await count(a)).toBe(2);
    expect(await list(b)).toEqual([]);

    const post = (path: string, headers: Record<string, string>) =>
      fetch(`${api}/me/inbox/${path}`, { method: 'POST', headers });
    expect((await post(`${inbox[1]!.id}/read`, b)).status).toBe(404);
    expect((await post('not-a-uuid/read', a)).status).toBe(404);
    expect((await post(`${inbox[1]!.id}/read`, a)).status).toBe(204);
    expect((await post(`${inbox[1]!.id}/read`, a)).status).toBe(204);
    expect(await count(a)).toBe(1);
    expect((await list(a, '?unread=true')).map((m) => m.id)).toEqual([inbox[0]!.id]);
    const all = await post('read-all', a);
    expect(all.status).toBe(200);
    expect(await all.json()).toEqual({ count: 1 });
    expect(await count(a)).toBe(0);
    expect((await fetch(`${api}/me/inbox`)).status).toBe(401);
  });

  it('lets a person choose channels (INBOX always kept) and an administrator manage robots', async () => {
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'admin', role: 'ADMIN' });
    const liaison = await createPerson(t.prisma, {
      username: 'liaison',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    const admin = await login(t.url, 'admin');
    const me = await login(t.url, 'liaison');
    const api = `${t.url}/api/v1`;
    const json = { 'content-type': 'application/json' };

    expect(await (await fetch(`${api}/me/channels`, { headers: me })).json()).toEqual({
      channels: ['INBOX', 'EMAIL'],
      available: ['INBOX', 'EMAIL'],
    });
    const put = (channels: unknown) =>
      fetch(`${api}/me/channels`, {
        method: 'PUT',
        headers: { ...me, ...json },
        body: JSON.stringify({ channels }),
      });
    expect((await put([])).status).toBe(400);
    const noRobot = await put(['WECOM']);
    expect(noRobot.status).toBe(400);
    expect(await noRobot.json()).toMatchObject({ details: { unavailable: ['WECOM'] } });

    // Robots: administrators only; the secret is never returned.
    const create = (headers: Record<string, string>) =>
      fetch(`${api}/robots`, {
        method: 'POST',
        headers: { ...headers, ...json },
        body: JSON.stringify({
          kind: 'WECOM',
          name: '省民政厅督办群',
          webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef-123456',
          secret: 'never-shown',
          departmentId: liaison.departmentId,
        }),
      });
    expect((await create(me)).status).toBe(403);
    const created = await create(admin);
    expect(created.status).toBe(201);
    const robot = (await created.json()) as Record<string, unknown>;
    expect(robot).toMatchObject({
      kind: 'WECOM',
      hasSecret: true,
      perMinute: 20,
      departmentName: '省民政厅',
      webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****3456',
    });
    expect(JSON.stringify(robot)).not.toContain('never-shown');
    expect((await create(admin)).status).toBe(409);

    const patched = await fetch(`${api}/robots/${String(robot.id)}`, {
      method: 'PATCH',
      headers: { ...admin, ...json },
      body: JSON.stringify({ secret: null, perMinute: 10 }),
    });
    expect(await patched.json()).toMatchObject({ hasSecret: false, perMinute: 10 });
    const listed = (await (await fetch(`${api}/robots`, { headers: admin })).json()) as unknown[];
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain('never-shown');

    // With the department's robot in place, WeCom becomes a choice.
    const chosen = await put(['WECOM']);
    expect(chosen.status).toBe(200);
    expect(await chosen.json()).toEqual({
      channels: ['INBOX', 'WECOM'],
      available: ['INBOX', 'EMAIL', 'WECOM'],
    });

    const removed = await fetch(`${api}/robots/${String(robot.id)}`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(removed.status).toBe(204);
    expect((await fetch(`${api}/robots`, { headers: admin })).status).toBe(200);
  });
});
