import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { ReviewSteps } from '../../src/modules/reviews/review-steps.service';
import { createPerson, login } from '../support/fixtures';
import { asOwner } from '../support/owner-db';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * The closure review chain (审核) per policy: office only; head → office; head → office → leader
 * (批示件). Only the holder of the waiting step decides, a stale decision is a 409, a return at any
 * stage sends the task back to work, and each step's holders are told once and reminded once.
 * Clock: Monday 2026-11-23 09:00 Shanghai.
 */
const DOC = [
  '审核链测试方案',
  '审测〔2026〕1号  2026年11月20日',
  '一、总体任务',
  '(一)重点工作',
  ...Array.from({ length: 10 }, (_, i) => `${i + 1}.审核链测试任务${i + 1}。(省民政厅)`),
].join('\n');

const NOW = '2026-11-23T01:00:00Z';

describe('closure review chain (e2e)', () => {
  let t: TestApp;
  let tasks: Map<number, string>;
  let planId: string;
  let leaderId: string;
  let mz: Record<string, string>; // 民政 liaison (lead)
  let head: Record<string, string>; // 民政 head
  let sup: Record<string, string>;
  let leader: Record<string, string>; // the instructing leader
  let leader2: Record<string, string>; // another leader
  let fg: Record<string, string>; // 发改 liaison (not assigned)

  const call = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ) => {
    const res = await fetch(`${t.url}/api/v1${path}`, {
      method,
      headers: {
        ...headers,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };
  const setPolicy = async (review: { head: boolean; leader: boolean }) =>
    t.prisma.plan.update({
      where: { id: planId },
      data: { policy: { review }, source: 'INSTRUCTION', leaderId },
    });
  const requestClosure = async (no: number) => {
    const id = tasks.get(no)!;
    const task = await t.prisma.task.findUniqueOrThrow({ where: { id } });
    const res = await call('POST', `/tasks/${id}/requests/closure`, mz, {
      summary: '已全部完成',
      version: task.version,
    });
    expect(res.status).toBe(201);
    return res.body.request.id as string;
  };
  const approve = (who: Record<string, string>, id: string, stage: string, extra = {}) =>
    call('POST', `/requests/${id}/review/approve`, who, { stage, ...extra });
  const giveBack = (who: Record<string, string>, id: string, stage: string, reason = '材料不全') =>
    call('POST', `/requests/${id}/review/return`, who, { stage, reason });
  const reviewDeliveries = (taskId: string) =>
    t.prisma.delivery.findMany({
      where: { taskId, template: 'review-step', channel: 'INBOX' },
      include: { recipient: { select: { username: true } } },
      orderBy: { dedupeKey: 'asc' },
    });

  beforeAll(async () => {
    t = await createTestApp({ start: NOW });
    await resetDatabase(t.prisma);
    await asOwner('TRUNCATE task_request, evidence CASCADE');
    await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    await createPerson(t.prisma, { username: 'mz', role: 'LIAISON', departmentName: '省民政厅' });
    await createPerson(t.prisma, { username: 'mzhead', role: 'HEAD', departmentName: '省民政厅' });
    await createPerson(t.prisma, {
      username: 'fg',
      role: 'LIAISON',
      departmentName: '省发展改革委',
    });
    leaderId = (await createPerson(t.prisma, { username: 'leader', role: 'LEADER' })).id;
    await createPerson(t.prisma, { username: 'leader2', role: 'LEADER' });
    ({ planId } = await t.app.get(PlanImportService).commit(
      {
        content: DOC,
        sourceName: 'r.txt',
        defaultDueOn: '2026-12-31',
        createUnknownUnits: true,
        confirmAllReview: true,
      },
      null,
    ));
    const rows = await t.prisma.task.findMany({ where: { planId } });
    tasks = new Map(rows.map((r) => [r.no, r.id]));
    [mz, head, sup, leader, leader2, fg] = await Promise.all(
      ['mz', 'mzhead', 'sup', 'leader', 'leader2', 'fg'].map((u) => login(t.url, u)),
    );
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => t.clock.set(NOW));

  it('office only (the default): the office decides in one step, as before', async () => {
    await setPolicy({ head: false, leader: false });
    const id = await requestClosure(1);
    const req = await t.prisma.taskRequest.findUniqueOrThrow({
      where: { id },
      include: { reviewSteps: true },
    });
    expect(req.stage).toBe('OFFICE');
    expect(req.reviewSteps.map((s) => [s.stage, s.status])).toEqual([['OFFICE', 'PENDING']]);
    // The office is told the step waits for it, once.
    expect((await reviewDeliveries(tasks.get(1)!)).map((d) => d.recipient?.username)).toEqual([
      'sup',
    ]);
    const res = await call('POST', `/requests/${id}/approve`, sup, { reason: '同意' });
    expect(res.status).toBe(200);
    expect(res.body.task.status).toBe('CLOSED');
    expect(res.body.request).toMatchObject({ status: 'APPROVED', stage: null });
    expect(res.body.request.steps).toEqual([
      expect.objectContaining({
        stage: 'OFFICE',
        status: 'APPROVED',
        byline: 'sup',
        reason: '同意',
      }),
    ]);
  });

  it('head → office: only the head decides the head step; the office then closes', async () => {
    await setPolicy({ head: true, leader: false });
    const id = await requestClosure(2);
    expect((await reviewDeliveries(tasks.get(2)!)).map((d) => d.recipient?.username)).toEqual([
      'mzhead',
    ]);
    // The office is not at its step yet; the stage it names is not the waiting one.
    expect((await call('POST', `/requests/${id}/approve`, sup, {})).body.code).toBe(
      'REVIEW_STAGE_MOVED',
    );
    const asOffice = await approve(sup, id, 'HEAD');
    expect([asOffice.status, asOffice.body.code]).toEqual([403, 'FORBIDDEN']);
    const asLiaison = await approve(mz, id, 'HEAD');
    expect([asLiaison.status, asLiaison.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await approve(fg, id, 'HEAD')).status).toBe(404);
    expect((await approve(leader2, id, 'HEAD')).status).toBe(404);
    expect((await approve(head, '00000000-0000-4000-8000-000000000000', 'HEAD')).status).toBe(404);

    const byHead = await approve(head, id, 'HEAD', { reason: '情况属实' });
    expect(byHead.status).toBe(200);
    expect(byHead.body.request).toMatchObject({ status: 'PENDING', stage: 'OFFICE' });
    expect(byHead.body.task.status).toBe('CLOSURE_REQUESTED');
    // The office is told now that its step waits.
    expect((await reviewDeliveries(tasks.get(2)!)).map((d) => d.recipient?.username)).toEqual(
      expect.arrayContaining(['mzhead', 'sup']),
    );
    const mine = await call('GET', '/reviews/mine', sup);
    expect(mine.body.map((r: { request: { id: string } }) => r.request.id)).toContain(id);
    expect((await call('GET', '/reviews/mine', head)).body).toEqual([]);

    const byOffice = await call('POST', `/requests/${id}/approve`, sup, {});
    expect(byOffice.status).toBe(200);
    expect(byOffice.body.task.status).toBe('CLOSED');
    expect(byOffice.body.request.steps.map((s: { status: string }) => s.status)).toEqual([
      'APPROVED',
      'APPROVED',
    ]);
    const audit = await t.prisma.auditEvent.findMany({
      where: { entityId: id },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual([
      'request.closure_requested',
      'review.approved',
      'request.approved',
    ]);
  });

  it('head → office → leader (批示件): the leader named on the container closes it', async () => {
    await setPolicy({ head: true, leader: true });
    const id = await requestClosure(3);
    expect((await approve(head, id, 'HEAD')).status).toBe(200);
    const byOffice = await approve(sup, id, 'OFFICE', { reason: '同意,报领导复核' });
    expect(byOffice.body.request.stage).toBe('LEADER');
    expect(byOffice.body.task.status).toBe('CLOSURE_REQUESTED');
    expect((await approve(leader2, id, 'LEADER')).status).toBe(404);
    // The leader named on the container reads the item (not linked to its department); another
    // leader does not.
    expect((await call('GET', `/tasks/${tasks.get(3)}`, leader)).status).toBe(200);
    expect((await call('GET', `/tasks/${tasks.get(3)}`, leader2)).status).toBe(404);
    expect((await approve(sup, id, 'LEADER')).status).toBe(403);
    const mine = await call('GET', '/reviews/mine', leader);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([
      expect.objectContaining({ taskId: tasks.get(3), planTitle: '审核链测试方案' }),
    ]);
    const byLeader = await approve(leader, id, 'LEADER', { reason: '同意办结' });
    expect(byLeader.status).toBe(200);
    expect(byLeader.body.task.status).toBe('CLOSED');
    expect(
      byLeader.body.request.steps.map((s: { stage: string; byline: string }) => [
        s.stage,
        s.byline,
      ]),
    ).toEqual([
      ['HEAD', 'mzhead'],
      ['OFFICE', 'sup'],
      ['LEADER', 'leader'],
    ]);
    // The chain shows on the task's requests too.
    const listed = await call('GET', `/tasks/${tasks.get(3)}/requests`, sup);
    expect(listed.body[0].steps).toHaveLength(3);
  });

  it('without a leader on the container, a policy asking for one ends at the office', async () => {
    await setPolicy({ head: false, leader: true });
    await t.prisma.plan.update({ where: { id: planId }, data: { leaderId: null } });
    const id = await requestClosure(4);
    const res = await approve(sup, id, 'OFFICE');
    expect(res.body.task.status).toBe('CLOSED');
  });

  it.each([
    ['HEAD', 5, ['RETURNED', 'SKIPPED', 'SKIPPED']],
    ['OFFICE', 6, ['APPROVED', 'RETURNED', 'SKIPPED']],
    ['LEADER', 7, ['APPROVED', 'APPROVED', 'RETURNED']],
  ] as const)(
    'a return at the %s step sends the task back to work',
    async (stage, no, statuses) => {
      await setPolicy({ head: true, leader: true });
      const id = await requestClosure(no);
      const holders = { HEAD: head, OFFICE: sup, LEADER: leader };
      for (const s of ['HEAD', 'OFFICE', 'LEADER'] as const) {
        if (s === stage) break;
        expect((await approve(holders[s], id, s)).status).toBe(200);
      }
      expect(
        (await call('POST', `/requests/${id}/review/return`, holders[stage], { stage })).status,
      ).toBe(400);
      const res = await giveBack(holders[stage], id, stage, '佐证材料不足,请补充');
      expect(res.status).toBe(200);
      expect(res.body.request).toMatchObject({
        status: 'REJECTED',
        stage: null,
        decisionReason: '佐证材料不足,请补充',
      });
      expect(res.body.task.status).toBe('IN_PROGRESS');
      expect(res.body.request.steps.map((s: { status: string }) => s.status)).toEqual(statuses);
      // Decided: nobody decides it again.
      expect((await approve(holders[stage], id, stage)).status).toBe(409);
      const audit = await t.prisma.auditEvent.findFirstOrThrow({
        where: { entityId: id, action: 'request.rejected' },
      });
      expect(audit.data).toMatchObject({ stage, reason: '佐证材料不足,请补充' });
    },
  );

  it('a stale decision is a 409: two at once, one wins; an old task version is refused', async () => {
    await setPolicy({ head: true, leader: false });
    const id = await requestClosure(8);
    const stale = await approve(head, id, 'HEAD', { version: 0 });
    expect([stale.status, stale.body.code]).toEqual([409, 'STALE_VERSION']);
    const [a, b] = await Promise.all([approve(head, id, 'HEAD'), approve(head, id, 'HEAD')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('REVIEW_STAGE_MOVED');
    const steps = await t.prisma.reviewStep.findMany({ where: { requestId: id } });
    expect(steps.filter((s) => s.status === 'APPROVED')).toHaveLength(1);
  });

  it('reminds the holders once after two working days, never twice', async () => {
    await setPolicy({ head: true, leader: false });
    const id = await requestClosure(9);
    const taskId = tasks.get(9)!;
    const sweep = () => t.app.get(ReviewSteps).sweep();
    const reminders = async () =>
      (await reviewDeliveries(taskId)).filter((d) => d.dedupeKey.includes('reminder')).length;
    expect(await sweep()).toEqual({ announced: 0, reminded: 0 });
    t.clock.set('2026-11-24T02:00:00Z'); // one working day: not yet
    await sweep();
    expect(await reminders()).toBe(0);
    t.clock.set('2026-11-25T02:00:00Z'); // two working days (other tests' steps too)
    expect((await sweep()).reminded).toBeGreaterThanOrEqual(1);
    expect(await reminders()).toBe(1);
    expect((await sweep()).reminded).toBe(0);
    t.clock.set('2026-11-30T02:00:00Z');
    expect((await sweep()).reminded).toBe(0);
    const keys = (await reviewDeliveries(taskId)).map((d) =>
      d.dedupeKey.replace(/-[0-9a-f-]{36}/g, ''),
    );
    expect(keys).toEqual(['review-entered-INBOX', 'review-reminder-INBOX']);
    const reminder = (await reviewDeliveries(taskId)).find((d) =>
      d.dedupeKey.includes('reminder'),
    )!;
    expect(reminder.subject).toContain('仍待您部门负责人审核');
    // The office's step is announced when it begins, and reminded on its own clock.
    expect((await approve(head, id, 'HEAD')).status).toBe(200);
    expect(await sweep()).toEqual({ announced: 0, reminded: 0 });
    expect((await reviewDeliveries(taskId)).map((d) => d.recipient?.username).sort()).toEqual([
      'mzhead',
      'mzhead',
      'sup',
    ]);
  });

  it('a step nobody holds is a visible failed delivery, not a silent drop', async () => {
    await setPolicy({ head: true, leader: false });
    await t.prisma.person.updateMany({ where: { username: 'mzhead' }, data: { active: false } });
    try {
      await requestClosure(10);
      const failed = await t.prisma.delivery.findMany({
        where: { taskId: tasks.get(10), template: 'review-step' },
      });
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((d) => d.status === 'FAILED' && d.recipientId === null)).toBe(true);
      expect(failed[0]!.lastError).toContain('部门负责人审核');
    } finally {
      await t.prisma.person.updateMany({ where: { username: 'mzhead' }, data: { active: true } });
    }
  });
});
