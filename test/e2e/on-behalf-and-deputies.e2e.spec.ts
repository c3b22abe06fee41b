import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { createPerson, login } from '../support/fixtures';
import { asOwner } from '../support/owner-db';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * Reports the office enters on a department's behalf (代报), and deputies (委托): a deputy receives
 * the person's messages and acts for them during the period only, both names in the history.
 * Clock: Monday 2026-11-23 09:00 Shanghai.
 */
const DOC = [
  '代报委托测试方案',
  '代测〔2026〕2号  2026年11月20日',
  '一、总体任务',
  '(一)重点工作',
  '1.代报测试任务一。(省民政厅)',
  '2.委托测试任务二。(省民政厅)',
  '3.委托审核测试任务三。(省民政厅)',
].join('\n');

const NOW = '2026-11-23T01:00:00Z';

describe('reports on behalf and deputies (e2e)', () => {
  let t: TestApp;
  let tasks: Map<number, string>;
  let planId: string;
  let mzDept: string;
  let ids: Record<string, string>;
  let mz: Record<string, string>;
  let head: Record<string, string>;
  let sup: Record<string, string>;
  let fg: Record<string, string>;

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
    const json = res.headers.get('content-type')?.includes('json') && text;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
    return { status: res.status, body: (json ? JSON.parse(text) : null) as any, text };
  };
  const reportVersion = async (taskId: string) =>
    (await t.prisma.assignment.findFirstOrThrow({ where: { taskId, departmentId: mzDept } }))
      .reportVersion;

  beforeAll(async () => {
    t = await createTestApp({ start: NOW });
    await resetDatabase(t.prisma);
    await asOwner('TRUNCATE task_request, evidence CASCADE');
    const people = {
      sup: await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' }),
      mz: await createPerson(t.prisma, {
        username: 'mz',
        role: 'LIAISON',
        departmentName: '省民政厅',
      }),
      mzhead: await createPerson(t.prisma, {
        username: 'mzhead',
        role: 'HEAD',
        departmentName: '省民政厅',
      }),
      fg: await createPerson(t.prisma, {
        username: 'fg',
        role: 'LIAISON',
        departmentName: '省发展改革委',
      }),
    };
    ids = Object.fromEntries(Object.entries(people).map(([k, p]) => [k, p.id]));
    mzDept = people.mz.departmentId!;
    ({ planId } = await t.app.get(PlanImportService).commit(
      {
        content: DOC,
        sourceName: 'd.txt',
        defaultDueOn: '2026-12-31',
        createUnknownUnits: true,
        confirmAllReview: true,
      },
      null,
    ));
    const rows = await t.prisma.task.findMany({ where: { planId } });
    tasks = new Map(rows.map((r) => [r.no, r.id]));
    [mz, head, sup, fg] = await Promise.all(
      ['mz', 'mzhead', 'sup', 'fg'].map((u) => login(t.url, u)),
    );
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => t.clock.set(NOW));

  describe('on behalf (代报)', () => {
    const body = (version: number, extra = {}) => ({
      departmentId: mzDept,
      percent: 40,
      narrative: '电话报送:已完成方案起草',
      version,
      channel: 'PHONE',
      receivedOn: '2026-11-23',
      ...extra,
    });

    it('the office enters a report through the department’s path, marked everywhere', async () => {
      const taskId = tasks.get(1)!;
      const res = await call('POST', `/tasks/${taskId}/reports/on-behalf`, sup, body(0));
      expect(res.status).toBe(201);
      // The same path as the department's: version bumped, roll-up, first-report move.
      expect(await reportVersion(taskId)).toBe(1);
      const task = await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } });
      expect([task.status, task.percent]).toEqual(['IN_PROGRESS', 40]);
      // History (the report list and the task page).
      const list = await call('GET', `/tasks/${taskId}/reports`, sup);
      expect(list.body[0]).toMatchObject({
        byline: '由督查室代为录入(电话)',
        onBehalfChannel: 'PHONE',
        receivedOn: '2026-11-23',
        department: '省民政厅',
      });
      const page = await call('GET', `/tasks/${taskId}`, mz);
      expect(JSON.stringify(page.body)).toContain('由督查室代为录入(电话)');
      // Audit trail.
      const audit = await t.prisma.auditEvent.findFirstOrThrow({
        where: { entityId: taskId, action: 'report.entered_on_behalf' },
      });
      expect(audit.actorId).toBe(ids.sup);
      expect(audit.data).toMatchObject({ onBehalfChannel: 'PHONE', receivedOn: '2026-11-23' });
      // Ledger.
      const ledger = await call('GET', `/supervision/ledger?format=csv&planId=${planId}`, sup);
      expect(ledger.status).toBe(200);
      expect(ledger.text).toContain('40%:电话报送:已完成方案起草(由督查室代为录入(电话))');
      // The department's own next report reads on as usual.
      const own = await call('POST', `/tasks/${taskId}/reports`, mz, {
        percent: 50,
        narrative: '本部门报送',
        version: 1,
      });
      expect(own.status).toBe(201);
    });

    it('is refused stale, for a department not assigned, in the future, and to a liaison', async () => {
      const taskId = tasks.get(1)!;
      const stale = await call('POST', `/tasks/${taskId}/reports/on-behalf`, sup, body(0));
      expect([stale.status, stale.body.code]).toEqual([409, 'STALE_VERSION']);
      const v = await reportVersion(taskId);
      const other = await call('POST', `/tasks/${taskId}/reports/on-behalf`, sup, {
        ...body(v),
        departmentId: (await t.prisma.person.findUniqueOrThrow({ where: { id: ids.fg } }))
          .departmentId,
      });
      expect([other.status, other.body.details?.[0]?.field]).toEqual([400, 'departmentId']);
      const future = await call('POST', `/tasks/${taskId}/reports/on-behalf`, sup, {
        ...body(v),
        receivedOn: '2026-11-24',
      });
      expect([future.status, future.body.details?.[0]?.field]).toEqual([400, 'receivedOn']);
      expect((await call('POST', `/tasks/${taskId}/reports/on-behalf`, mz, body(v))).status).toBe(
        403,
      );
      expect(await reportVersion(taskId)).toBe(v);
    });
  });

  describe('deputies (委托)', () => {
    it('refuses oneself, a person who cannot be named, a reversed or past period', async () => {
      const post = (b: object) => call('POST', '/me/deputies', mz, b);
      const period = { startsOn: '2026-11-25', endsOn: '2026-11-27' };
      expect((await post({ deputyId: ids.mz, ...period })).body.details[0].field).toBe('deputyId');
      expect((await post({ deputyId: ids.sup, ...period })).body.details[0].field).toBe('deputyId');
      expect(
        (await post({ deputyId: ids.fg, startsOn: '2026-11-27', endsOn: '2026-11-25' })).status,
      ).toBe(400);
      expect(
        (await post({ deputyId: ids.fg, startsOn: '2026-11-01', endsOn: '2026-11-20' })).status,
      ).toBe(400);
      expect(await t.prisma.deputy.count()).toBe(0);
    });

    it('lets the deputy report during the period only, both names in the history', async () => {
      const taskId = tasks.get(2)!;
      const named = await call('POST', '/me/deputies', mz, {
        deputyId: ids.fg,
        startsOn: '2026-11-25',
        endsOn: '2026-11-27',
      });
      expect(named.status).toBe(201);
      expect(named.body).toMatchObject({ person: 'mz', deputy: 'fg', active: false });
      const overlap = await call('POST', '/me/deputies', mz, {
        deputyId: ids.mzhead,
        startsOn: '2026-11-27',
        endsOn: '2026-11-30',
      });
      expect([overlap.status, overlap.body.code]).toEqual([409, 'DEPUTY_OVERLAP']);
      const report = (v: number) =>
        call('POST', `/tasks/${taskId}/reports`, fg, {
          percent: 20,
          narrative: '代为报送',
          version: v,
        });

      // Before the period: the deputy sees nothing of the person's department.
      expect((await report(0)).status).toBe(404);
      expect((await call('GET', `/tasks/${taskId}`, fg)).status).toBe(404);

      t.clock.set('2026-11-25T01:00:00Z');
      expect((await call('GET', `/tasks/${taskId}`, fg)).status).toBe(200);
      expect((await call('GET', '/me/deputies', fg)).body[0]).toMatchObject({ active: true });
      expect((await report(0)).status).toBe(201);
      const list = await call('GET', `/tasks/${taskId}/reports`, sup);
      expect(list.body[0]).toMatchObject({ author: 'fg', actingFor: 'mz', byline: 'fg(代mz)' });
      const audit = await t.prisma.auditEvent.findFirstOrThrow({
        where: { entityId: taskId, action: 'progress.reported' },
      });
      expect(audit.data).toMatchObject({ actingForId: ids.mz, actingFor: 'mz' });
      // The deputy's report took the pending work on (签收) for the person: both names kept.
      const reported = await t.prisma.assignment.findFirstOrThrow({
        where: { taskId, departmentId: mzDept },
      });
      expect(reported).toMatchObject({
        ackState: 'ACKNOWLEDGED',
        ackedById: ids.fg,
        ackedActingForId: ids.mz,
      });
      // An explicit 签收 by the deputy on another task of the department does the same.
      const other = tasks.get(3)!;
      await t.prisma.assignment.updateMany({
        where: { taskId: other },
        data: { ackState: 'PENDING', ackedAt: null, ackedById: null },
      });
      expect((await call('POST', `/tasks/${other}/acknowledge`, fg)).status).toBe(200);
      expect(
        await t.prisma.assignment.findFirstOrThrow({
          where: { taskId: other, departmentId: mzDept },
        }),
      ).toMatchObject({ ackState: 'ACKNOWLEDGED', ackedById: ids.fg, ackedActingForId: ids.mz });
      // A request filed by the deputy records both people.
      const version = (await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).version;
      const ext = await call('POST', `/tasks/${taskId}/requests/extension`, fg, {
        reason: '受委托申请延期',
        proposedDueOn: '2027-01-29',
        version,
      });
      expect(ext.status).toBe(201);
      expect(ext.body.request.requestedById).toBe(ids.fg);
      const stored = await t.prisma.taskRequest.findUniqueOrThrow({
        where: { id: ext.body.request.id },
      });
      expect(stored.actingForId).toBe(ids.mz);
      // The office sees the deputyship.
      expect((await call('GET', '/deputies', sup)).body).toEqual([
        expect.objectContaining({ person: 'mz', deputy: 'fg' }),
      ]);

      // After the period: back to the deputy's own scope.
      t.clock.set('2026-11-30T01:00:00Z');
      expect((await report(1)).status).toBe(404);
      expect((await call('GET', `/tasks/${taskId}`, fg)).status).toBe(404);
    });

    it('a revoked deputyship ends at once', async () => {
      t.clock.set('2026-12-01T01:00:00Z');
      const named = await call('POST', '/me/deputies', mz, {
        deputyId: ids.fg,
        startsOn: '2026-12-01',
        endsOn: '2026-12-04',
      });
      expect((await call('GET', `/tasks/${tasks.get(2)}`, fg)).status).toBe(200);
      expect((await call('DELETE', `/me/deputies/${named.body.id}`, fg)).status).toBe(404);
      const revoked = await call('DELETE', `/me/deputies/${named.body.id}`, mz);
      expect(revoked.body).toMatchObject({ active: false });
      expect(revoked.body.revokedAt).not.toBeNull();
      expect((await call('GET', `/tasks/${tasks.get(2)}`, fg)).status).toBe(404);
      expect((await call('DELETE', `/me/deputies/${named.body.id}`, mz)).status).toBe(409);
    });

    it("the head's deputy receives the head's messages and decides the head's review step", async () => {
      t.clock.set('2026-12-07T01:00:00Z');
      await t.prisma.plan.update({
        where: { id: planId },
        data: { policy: { review: { head: true, leader: false } } },
      });
      const named = await call('POST', '/me/deputies', head, {
        deputyId: ids.fg,
        startsOn: '2026-12-07',
        endsOn: '2026-12-11',
      });
      expect(named.status).toBe(201);
      const taskId = tasks.get(3)!;
      const task = await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } });
      const closure = await call('POST', `/tasks/${taskId}/requests/closure`, mz, {
        summary: '已完成',
        version: task.version,
      });
      expect(closure.status).toBe(201);
      const inbox = await t.prisma.delivery.findMany({
        where: { taskId, template: 'review-step', channel: 'INBOX' },
        orderBy: { dedupeKey: 'asc' },
      });
      // The head keeps the message; the deputy gets a copy addressed to them on the head's behalf.
      expect(inbox.map((d) => d.recipientId).sort()).toEqual([ids.mzhead, ids.fg].sort());
      const copy = inbox.find((d) => d.recipientId === ids.fg)!;
      expect(copy.dedupeKey).toContain(`-deputy-${ids.fg}`);
      expect(copy.body).toContain('fg(代mzhead收)同志');
      const mine = await call('GET', '/reviews/mine', fg);
      expect(mine.body).toEqual([expect.objectContaining({ taskId, actingFor: 'mzhead' })]);
      const res = await call('POST', `/requests/${closure.body.request.id}/review/approve`, fg, {
        stage: 'HEAD',
      });
      expect(res.status).toBe(200);
      expect(res.body.request.steps[0]).toMatchObject({
        stage: 'HEAD',
        status: 'APPROVED',
        byline: 'fg(代mzhead)',
      });
      expect(res.body.request.stage).toBe('OFFICE');
      // The office's step is the office's, deputy or not.
      const again = await call('POST', `/requests/${closure.body.request.id}/review/approve`, fg, {
        stage: 'OFFICE',
      });
      expect(again.status).toBe(403);
    });
  });
});
