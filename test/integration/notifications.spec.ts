import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../src/infra/clock/clock';
import { MailCapture } from '../../scripts/kit/mail-capture';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { jobIds } from '../../src/infra/queue/job-catalogue';
import {
  NotificationsService,
  OutgoingMessage,
} from '../../src/modules/notifications/notifications.service';
import { createPerson, login } from '../support/fixtures';
import {
  obliterateQueues,
  poll,
  PUBLIC_URL,
  startNotificationsApp,
} from '../support/notifications-app';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * NotificationsModule on real PostgreSQL, Redis (BullMQ) and SMTP (MailCapture), with only the
 * infrastructure it needs around it.
 */
const NOW = new Date('2026-11-23T01:00:00.000Z');

jest.setTimeout(30_000);

describe('notifications: delivery log, queue and SMTP', () => {
  const capture = new MailCapture();
  const clock = new ManualClock(NOW);
  let url: string;
  let prisma: PrismaService;
  let notifications: NotificationsService;
  let queue: Queue;
  let seed: Awaited<ReturnType<typeof seedTask>>;
  let stopApp: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const { smtpPort } = await capture.start();
    const started = await startNotificationsApp({
      clock,
      smtpPort,
      name: 'notif',
    });
    ({ url, prisma, notifications, queue } = started);
    stopApp = started.stop;
  });

  afterAll(async () => {
    await stopApp?.();
    await capture.stop();
  });

  beforeEach(async () => {
    await resetDatabase(prisma);
    capture.clear();
    seed = await seedTask(prisma);
  });

  const reminder = (recipientId: string | null, key?: string, workingDaysLeft?: number) =>
    reminderFor(seed.taskId, recipientId, key, workingDaysLeft);

  const create = (messages: OutgoingMessage[]) =>
    prisma.$transaction((tx) => notifications.createDeliveries(tx, messages));

  const row = (id: string) => prisma.delivery.findUniqueOrThrow({ where: { id } });

  const settled = (id: string) =>
    poll(
      () => row(id),
      (d) => d.status !== 'PENDING',
    );

  const fromDelivery = (id: string) => (m: { headers: Record<string, string> }) =>
    m.headers['x-duban-delivery'] === id;

  /** Until the queue has nothing waiting, delayed or running. */
  const queueIdle = () =>
    poll(
      () => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
      (c) => Object.values(c).every((n) => n === 0),
    );

  it('sends a delivery once, after commit, with the Chinese subject decoded, to its recipient', async () => {
    const ids = await create([reminder(seed.liaisonId)]);
    expect(ids).toHaveLength(1);
    const [id] = ids as [string];
    expect(await row(id)).toMatchObject({
      status: 'PENDING',
      address: 'zhangwei@mz.js.gov.cn',
      subject: '【督办提醒】第12项任务还有5个工作日到期',
      createdAt: NOW,
    });

    await notifications.dispatch(ids);
    const [mail] = await capture.waitFor(fromDelivery(id));
    expect(mail!.to).toEqual(['zhangwei@mz.js.gov.cn']);
    expect(mail!.from).toBe('duban@duban.test');
    expect(mail!.subject).toBe('【督办提醒】第12项任务还有5个工作日到期');
    expect(mail!.text).toContain('张伟同志:');
    expect(mail!.text).toContain('责任单位:省民政厅(牵头单位)');
    expect(mail!.text).toContain('完成时限:2026年11月30日');
    expect(mail!.html).toContain(`<a href="${PUBLIC_URL}/api/v1/tasks/${seed.taskId}"`);

    const sent = await settled(id);
    expect(sent).toMatchObject({ status: 'SENT', attempts: 1, sentAt: NOW, lastError: null });
    expect(sent.providerResponse).toMatch(/^250 .*<delivery-.*@duban\.test>/);

    // Even with its job gone and the id dispatched again, a settled delivery is not sent again.
    await (await queue.getJob(jobIds.delivery(id)))?.remove();
    await notifications.dispatch(ids);
    await poll(
      () => queue.getJobState(jobIds.delivery(id)),
      (s) => s === 'completed',
    );
    expect(capture.messages().filter(fromDelivery(id))).toHaveLength(1);
    expect((await row(id)).attempts).toBe(1);
  });

  it('creates nothing and sends nothing for a duplicate dedupe key', async () => {
    const first = await create([reminder(seed.liaisonId), reminder(seed.liaisonId)]);
    expect(first).toHaveLength(1);
    await notifications.dispatch(first);
    await capture.waitFor(fromDelivery(first[0]!));

    const again = await create([reminder(seed.liaisonId, 'r1', 1)]);
    expect(again).toEqual([]);
    await notifications.dispatch(again);
    expect(await prisma.delivery.count()).toBe(1);
    expect((await row(first[0]!)).subject).toBe('【督办提醒】第12项任务还有5个工作日到期');

    // A later message to the same person arrives alone: nothing else was queued in between.
    const barrier = await create([reminder(seed.liaisonId, 'r2', 1)]);
    await notifications.dispatch(barrier);
    await capture.waitFor(fromDelivery(barrier[0]!));
    await queueIdle();
    expect(capture.messages().map((m) => m.subject)).toEqual([
      '【督办提醒】第12项任务还有5个工作日到期',
      '【督办提醒】第12项任务还有1个工作日到期',
    ]);
  });

  it('records a message without recipient or address as FAILED at once, and sends only the rest', async () => {
    const ids = await create([
      reminder(null),
      reminder(seed.noEmailId),
      reminder(seed.inactiveId),
      reminder(seed.liaisonId),
    ]);
    expect(ids).toHaveLength(1);
    await notifications.dispatch(ids);
    await capture.waitFor(fromDelivery(ids[0]!));
    await settled(ids[0]!);
    await queueIdle();

    const failed = await prisma.delivery.findMany({
      where: { status: 'FAILED' },
      orderBy: { dedupeKey: 'asc' },
    });
    expect(failed.map((d) => [d.recipientId, d.attempts, d.lastError])).toEqual(
      expect.arrayContaining([
        [null, 0, '无收件人:省民政厅尚未设置联络员'],
        [seed.noEmailId, 0, '收件人未设置电子邮箱:李娜'],
        [seed.inactiveId, 0, '收件人已停用:王强'],
      ]),
    );
    expect(failed).toHaveLength(3);
    expect(failed.every((d) => d.subject === '【督办提醒】第12项任务还有5个工作日到期')).toBe(true);
    expect(capture.messages()).toHaveLength(1);
    expect(capture.messages()[0]!.to).toEqual(['zhangwei@mz.js.gov.cn']);
    expect(await notifications.reconcilePending()).toBe(0);

    // The office reads failures in the delivery log.
    const res = await fetch(`${url}/deliveries?status=FAILED&taskId=${seed.taskId}`);
    expect(res.status).toBe(200);
    const log = (await res.json()) as Array<{
      status: string;
      lastError: string;
      recipientName: string | null;
    }>;
    expect(log).toHaveLength(3);
    expect(log.every((d) => d.status === 'FAILED')).toBe(true);
    expect(log.map((d) => d.recipientName).sort()).toEqual([null, '李娜', '王强'].sort());
    const bad = await fetch(`${url}/deliveries?status=LOST&limit=0`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('retries a temporary SMTP refusal with backoff and delivers on the third attempt', async () => {
    capture.rejectNext(2);
    const ids = await create([reminder(seed.liaisonId)]);
    await notifications.dispatch(ids);
    const [mail] = await capture.waitFor(fromDelivery(ids[0]!));
    expect(mail!.subject).toBe('【督办提醒】第12项任务还有5个工作日到期');
    expect(capture.rejectedCount).toBe(2);

    const sent = await settled(ids[0]!);
    expect(sent.status).toBe('SENT');
    expect(sent.attempts).toBe(3);
    expect(sent.lastError).toMatch(/^第2次发送失败:邮件服务器暂时拒收\(451\)/);
    expect(capture.messages()).toHaveLength(1);
  });

  it('marks a delivery FAILED with its last error once every attempt was refused', async () => {
    capture.rejectNext(100);
    const ids = await create([reminder(seed.liaisonId)]);
    await notifications.dispatch(ids);

    const failed = await settled(ids[0]!);
    expect(failed.status).toBe('FAILED');
    expect(failed.attempts).toBe(3);
    expect(failed.sentAt).toBeNull();
    expect(failed.lastError).toMatch(/^第3次发送失败:邮件服务器暂时拒收\(451\) 451 /);
    expect(capture.rejectedCount).toBe(3);
    expect(capture.messages()).toHaveLength(0);
    expect(
      await poll(
        () => queue.getJobState(jobIds.delivery(ids[0]!)),
        (s) => s === 'failed',
      ),
    ).toBe('failed');
    capture.rejectNext(0);
  });

  it('re-sends a PENDING delivery exactly once after the queue was lost', async () => {
    const ids = await create([reminder(seed.liaisonId)]);
    const [id] = ids as [string];
    // The job is queued but not yet taken when Redis loses everything.
    await queue.pause();
    await notifications.dispatch(ids);
    expect(await queue.getJob(jobIds.delivery(id))).toBeDefined();
    await queue.obliterate({ force: true });
    expect(await queue.getJob(jobIds.delivery(id))).toBeUndefined();
    expect((await row(id)).status).toBe('PENDING');

    // Reconciliation rebuilds the queue from PostgreSQL; running it twice enqueues once.
    expect(await notifications.reconcilePending()).toBe(1);
    expect(await notifications.reconcilePending()).toBe(1);
    expect(await countJobs(queue)).toBe(1);
    await queue.resume();

    await capture.waitFor(fromDelivery(id));
    expect(await settled(id)).toMatchObject({ status: 'SENT', attempts: 1 });
    await queueIdle();
    expect(await notifications.reconcilePending()).toBe(0);
    expect(capture.messages().filter(fromDelivery(id))).toHaveLength(1);
  });

  it('re-sends a delivery whose job ended while its row stayed pending (held by a worker that died)', async () => {
    const ids = await create([reminder(seed.liaisonId)]);
    const [id] = ids as [string];
    // A dead worker's lease: the first job finds the row held and waits for the lease to end.
    await prisma.delivery.update({
      where: { id },
      data: { leaseUntil: new Date(Date.now() + 60_000) },
    });
    await notifications.dispatch(ids);
    await poll(
      async () => (await queue.getJob(jobIds.delivery(id)))?.isDelayed(),
      (delayed) => delayed === true,
    );
    expect(capture.messages().filter(fromDelivery(id))).toHaveLength(0);
    // Its job completes without settling the row (as one taken up by a stalled check could):
    await (await queue.getJob(jobIds.delivery(id)))!.remove();
    await queue.add('deliver', { deliveryId: id }, { jobId: jobIds.delivery(id) });
    await prisma.delivery.update({ where: { id }, data: { leaseUntil: null } });
    const done = await queue.getJob(jobIds.delivery(id));
    await poll(
      async () => done?.isCompleted(),
      (c) => c === true,
    );
    await prisma.delivery.update({ where: { id }, data: { status: 'PENDING', sentAt: null } });
    capture.clear();
    // Reconciliation gives the pending row a fresh job under the same id: sent once more.
    expect(await notifications.reconcilePending()).toBe(1);
    await capture.waitFor(fromDelivery(id));
    expect(await settled(id)).toMatchObject({ status: 'SENT' });
    expect(capture.messages().filter(fromDelivery(id))).toHaveLength(1);
  });
});

describe('GET /api/v1/deliveries in the full application', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.prisma);
  });

  afterAll(async () => {
    if (t) await obliterateQueues(t.app);
    await t?.close();
  });

  it('shows the delivery log to the supervision office and administrators only', async () => {
    const seed = await seedTask(t.prisma);
    await createPerson(t.prisma, { username: 'office', role: 'SUPERVISOR' });
    await createPerson(t.prisma, { username: 'admin', role: 'ADMIN' });
    await createPerson(t.prisma, {
      username: 'liaison',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    const notifications = t.app.get(NotificationsService);
    const ids = await t.prisma.$transaction((tx) =>
      notifications.createDeliveries(tx, [reminderFor(seed.taskId, null)]),
    );
    expect(ids).toEqual([]);

    const path = `${t.url}/api/v1/deliveries?status=FAILED&taskId=${seed.taskId}`;
    for (const username of ['office', 'admin']) {
      const res = await fetch(path, { headers: await login(t.url, username) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([
        expect.objectContaining({
          status: 'FAILED',
          taskId: seed.taskId,
          recipientId: null,
          lastError: '无收件人:省民政厅尚未设置联络员',
          subject: '【督办提醒】第12项任务还有5个工作日到期',
        }),
      ]);
    }
    expect((await fetch(path, { headers: await login(t.url, 'liaison') })).status).toBe(403);
    expect((await fetch(path)).status).toBe(401);
  });
});

/** A deadline reminder for task 12 to `recipientId`. */
function reminderFor(
  taskId: string,
  recipientId: string | null,
  key = 'r1',
  workingDaysLeft = 5,
): OutgoingMessage {
  return {
    dedupeKey: `reminder-${key}-${recipientId ?? 'dept'}-EMAIL`,
    recipientId,
    channel: 'EMAIL',
    template: 'deadline-reminder',
    vars: {
      taskId,
      taskNo: 12,
      taskText: '加快养老服务体系建设,到2015年全省每千名老年人拥有养老床位达到30张以上。',
      planTitle: '江苏省2012年政府工作报告重点工作责任分解方案',
      departmentName: '省民政厅',
      role: 'LEAD',
      dueOn: '2026-11-30',
      workingDaysLeft,
      recipientName: '张伟',
    },
    taskId,
  };
}

/** Each run has its own queue prefix: leave nothing of it behind in Redis. */

async function countJobs(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function seedTask(prisma: PrismaService) {
  const department = await prisma.department.create({ data: { name: '省民政厅' } });
  const plan = await prisma.plan.create({
    data: {
      title: '江苏省2012年政府工作报告重点工作责任分解方案',
      contentHash: randomUUID(),
      sourceName: 'notifications.spec',
    },
  });
  const task = await prisma.task.create({
    data: {
      planId: plan.id,
      no: 12,
      text: '加快养老服务体系建设,到2015年全省每千名老年人拥有养老床位达到30张以上。',
      dueOn: new Date('2026-11-30T00:00:00Z'),
      dueSource: 'STATED',
    },
  });
  const person = (username: string, displayName: string, email: string | null, active = true) =>
    prisma.person.create({
      data: {
        username,
        displayName,
        email,
        active,
        role: 'LIAISON',
        departmentId: department.id,
        passwordHash: 'x',
      },
    });
  const liaison = await person('zhangwei', '张伟', 'zhangwei@mz.js.gov.cn');
  const noEmail = await person('lina', '李娜', null);
  const inactive = await person('wangqiang', '王强', 'wangqiang@mz.js.gov.cn', false);
  return {
    taskId: task.id,
    liaisonId: liaison.id,
    noEmailId: noEmail.id,
    inactiveId: inactive.id,
  };
}
