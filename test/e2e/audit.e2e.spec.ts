import { AccessDeniedAuditor } from '../../src/modules/audit/access-denied.auditor';
import { AuditService } from '../../src/modules/audit/audit.service';
import { AuditTrailService, CSV_HEADER } from '../../src/modules/audit/audit-trail.service';
import { runWithRequestContext } from '../../src/modules/audit/request-context';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { PeopleService } from '../../src/modules/departments/people.service';
import { client, PASSWORD, seed, Seed } from './duban-fixtures';

/** A small RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0)
    throw new Error(`unterminated last line: ${JSON.stringify(row)}`);
  return rows;
}

describe('audit trail (e2e)', () => {
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;
  let mz: string;
  let sup: string;
  let admin: string;
  let leader: string;
  let auditor: string;

  const raw = (path: string, token: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

  /** Refusals are counted per minute; rolling up "before the end of time" writes the open minute too. */
  const flushDenials = () => t.app.get(AccessDeniedAuditor).rollUp(new Date('9999-01-01'));
  const denied = async (entityId: string) => {
    await flushDenials();
    return t.prisma.auditEvent.findMany({
      where: { action: 'access.denied', entityId },
      orderBy: { id: 'asc' },
    });
  };

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-23T01:00:00Z' });
    await resetDatabase(t.prisma);
    s = await seed(t);
    api = client(t.url);
    mz = await api.login('liaison.mz');
    sup = await api.login('supervisor');
    admin = await api.login('admin');
    leader = await api.login('leader');
    await t.app.get(PeopleService).createPerson({
      username: 'auditor',
      displayName: '测试-auditor',
      password: PASSWORD,
      role: 'AUDITOR',
    });
    auditor = await api.login('auditor');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('request context', () => {
    it('echoes a safe x-request-id and replaces an unsafe or missing one', async () => {
      const kept = await raw('/me/tasks', mz, { 'x-request-id': 'req-abc.123:x' });
      expect(kept.status).toBe(200);
      expect(kept.headers.get('x-request-id')).toBe('req-abc.123:x');
      for (const bad of ['<script>alert(1)</script>', 'a'.repeat(65), 'a b']) {
        const res = await raw('/me/tasks', mz, { 'x-request-id': bad });
        expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      }
      const none = await raw('/me/tasks', mz);
      expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('fills request id, source IP and actor of events recorded during a request', async () => {
      const res = await api.call('POST', `/tasks/${s.tasks.t1}/reports`, {
        token: mz,
        body: { percent: 30, narrative: '已完成调研', version: 0 },
        headers: { 'x-request-id': 'report-1' },
      });
      expect(res.status).toBe(201);
      const e = await t.prisma.auditEvent.findFirstOrThrow({
        where: { action: 'progress.reported', entityId: s.tasks.t1 },
      });
      expect(e).toMatchObject({
        actorId: s.people.liaisonMz,
        requestId: 'report-1',
        sourceIp: expect.stringMatching(/127\.0\.0\.1/),
      });
    });

    it('outside a request: no request id or IP; actor null unless given; explicit values win', async () => {
      const audit = t.app.get(AuditService);
      await audit.record(t.prisma, { action: 'x.system', entityType: 'x', entityId: 'sys' });
      await runWithRequestContext(
        { requestId: 'ctx-1', sourceIp: '10.1.2.3', user: { id: s.people.admin } },
        () =>
          audit.recordMany(t.prisma, [
            {
              action: 'x.ctx',
              entityType: 'x',
              entityId: 'ctx',
              before: { a: 1 },
              after: { a: 2 },
            },
            { actorId: null, action: 'x.ctx', entityType: 'x', entityId: 'ctx-null' },
          ]),
      );
      const sys = await t.prisma.auditEvent.findFirstOrThrow({ where: { entityId: 'sys' } });
      expect(sys).toMatchObject({ actorId: null, requestId: null, sourceIp: null });
      const ctx = await t.prisma.auditEvent.findFirstOrThrow({ where: { entityId: 'ctx' } });
      expect(ctx).toMatchObject({
        actorId: s.people.admin,
        requestId: 'ctx-1',
        sourceIp: '10.1.2.3',
        before: { a: 1 },
        after: { a: 2 },
      });
      const explicitNull = await t.prisma.auditEvent.findFirstOrThrow({
        where: { entityId: 'ctx-null' },
      });
      expect(explicitNull).toMatchObject({ actorId: null, requestId: 'ctx-1' });
    });
  });

  describe('refused attempts are audited', () => {
    it("records a liaison reading another department's task (answered 404: out of its scope)", async () => {
      const res = await api.call('GET', `/tasks/${s.tasks.t3}`, {
        token: mz,
        headers: { 'x-request-id': 'probe-1' },
      });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 'NOT_FOUND', message: '该任务不存在' });
      const events = await denied(s.tasks.t3);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actorId: s.people.liaisonMz,
        entityType: 'task',
        entityId: s.tasks.t3,
        requestId: 'probe-1',
        sourceIp: expect.stringMatching(/127\.0\.0\.1/),
        data: { method: 'GET', path: `/api/v1/tasks/${s.tasks.t3}`, taskId: s.tasks.t3 },
      });
    });

    it("records a liaison reporting on another department's task, and nothing is filed", async () => {
      const res = await api.call('POST', `/tasks/${s.tasks.t3}/reports`, {
        token: mz,
        body: { percent: 10, narrative: '越权', version: 0 },
      });
      expect(res.status).toBe(404);
      const events = await denied(s.tasks.t3);
      expect(events).toHaveLength(2);
      expect(events[1]).toMatchObject({
        entityType: 'task',
        data: { method: 'POST', path: `/api/v1/tasks/${s.tasks.t3}/reports` },
      });
      expect(await t.prisma.progressReport.count({ where: { taskId: s.tasks.t3 } })).toBe(0);
    });

    it('records refusals by the roles guard', async () => {
      const exp = await api.call('GET', '/audit/export?from=2026-11-01&to=2026-11-30', {
        token: mz,
      });
      expect(exp.status).toBe(403);
      const [e] = await denied('/audit/export');
      expect(e).toMatchObject({
        actorId: s.people.liaisonMz,
        entityType: 'route',
        data: { method: 'GET', path: '/api/v1/audit/export', role: 'LIAISON', count: 1 },
      });
      const hist = await api.call('GET', `/tasks/${s.tasks.t1}/history`, { token: leader });
      expect(hist.status).toBe(403);
      const t1 = await denied(s.tasks.t1);
      expect(t1).toHaveLength(1);
      expect(t1[0]).toMatchObject({ actorId: s.people.leader, entityType: 'task' });
    });

    it('does not audit successes, 401s or 404s as denials', async () => {
      const before = await t.prisma.auditEvent.count({ where: { action: 'access.denied' } });
      expect((await api.call('GET', `/tasks/${s.tasks.t1}`, { token: mz })).status).toBe(200);
      expect((await api.call('GET', `/tasks/${s.tasks.t3}`)).status).toBe(401);
      const missing = '00000000-0000-4000-8000-000000000000';
      expect((await api.call('GET', `/tasks/${missing}`, { token: mz })).status).toBe(404);
      expect(await t.prisma.auditEvent.count({ where: { action: 'access.denied' } })).toBe(before);
    });
  });

  describe('GET /tasks/:id/history', () => {
    it("lists the task's events and those naming it in data.taskId, in order, with actor names", async () => {
      const audit = t.app.get(AuditService);
      t.clock.advance(60_000);
      await audit.record(t.prisma, {
        actorId: s.people.supervisor,
        action: 'request.decided',
        entityType: 'task_request',
        entityId: 'r-1',
        data: { taskId: s.tasks.t1, decision: 'APPROVED' },
        before: { status: 'PENDING' },
        after: { status: 'APPROVED' },
      });
      await audit.record(t.prisma, {
        actorId: null,
        action: 'request.decided',
        entityType: 'task_request',
        entityId: 'r-2',
        data: { taskId: s.tasks.t2 },
      });
      await flushDenials();
      const res = await api.call('GET', `/tasks/${s.tasks.t1}/history`, { token: sup });
      expect(res.status).toBe(200);
      // The first report starts the task (task.status_changed), then files the report.
      expect(res.body.map((e: { action: string }) => e.action)).toEqual([
        'task.status_changed',
        'progress.reported',
        'access.denied',
        'request.decided',
      ]);
      expect(res.body.map((e: { entityId: string }) => e.entityId)).not.toContain('r-2');
      expect(res.body[1]).toMatchObject({
        actor: { id: s.people.liaisonMz, name: '测试-liaison.mz', username: 'liaison.mz' },
        entityType: 'task',
        entityId: s.tasks.t1,
        requestId: 'report-1',
        at: '2026-11-23T01:00:00.000Z',
      });
      expect(res.body[2]).toMatchObject({ actor: { id: s.people.leader }, entityType: 'task' });
      expect(res.body[3]).toMatchObject({
        actor: { name: '测试-supervisor' },
        entityType: 'task_request',
        entityId: 'r-1',
        before: { status: 'PENDING' },
        after: { status: 'APPROVED' },
        at: '2026-11-23T01:01:00.000Z',
      });
      const ids = res.body.map((e: { id: string }) => Number(e.id));
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect((await api.call('GET', `/tasks/${s.tasks.t1}/history`, { token: admin })).status).toBe(
        200,
      );
    });

    it('404 for an unknown task, 400 for a malformed id', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expect((await api.call('GET', `/tasks/${missing}/history`, { token: sup })).status).toBe(404);
      expect((await api.call('GET', '/tasks/nope/history', { token: sup })).status).toBe(400);
    });
  });

  describe('GET /audit/export', () => {
    const nasty = {
      formula: '=HYPERLINK("http://evil","点我")',
      plus: '+86 1380000',
      minus: '-1+2',
      at: '@SUM(A1:A9)',
      multiline: '第一行,含逗号\n第二行 "引号"',
    };

    beforeAll(async () => {
      // Stored exactly as given.
      await t.prisma.person.update({
        where: { id: s.people.headMz },
        data: { displayName: nasty.formula },
      });
      const audit = t.app.get(AuditService);
      // 23:59:59.999 on 2026-12-01 in Shanghai, then 00:00 on 2026-12-02.
      t.clock.set('2026-12-01T15:59:59.999Z');
      await audit.record(t.prisma, {
        actorId: s.people.headMz,
        action: nasty.at,
        entityType: 'task',
        entityId: nasty.plus,
        data: { note: nasty.multiline },
      });
      await audit.record(t.prisma, {
        actorId: s.people.headMz,
        action: nasty.minus,
        entityType: 'task',
        entityId: nasty.multiline,
      });
      t.clock.set('2026-12-01T16:00:00.000Z');
      await audit.record(t.prisma, { action: 'next.day', entityType: 'x', entityId: 'd2' });
      t.clock.set('2026-11-30T16:00:00.000Z'); // 00:00 on 2026-12-01 in Shanghai
      await audit.record(t.prisma, { action: 'first.instant', entityType: 'x', entityId: 'd1' });
      // Exports are recorded (audit.exported) at the clock's time: keep them out of the period read.
      t.clock.set('2026-12-10T02:00:00Z');
    });

    it('exports CSV with a BOM, a header row, Shanghai days and escaped, neutralised fields', async () => {
      const res = await raw('/audit/export?from=2026-12-01&to=2026-12-01&format=csv', auditor);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(
        'attachment; filename="audit-2026-12-01_2026-12-01.csv"',
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      expect(text.startsWith('\uFEFF')).toBe(true);
      const rows = parseCsv(text.slice(1));
      expect(rows[0]).toEqual(CSV_HEADER);
      const body = rows.slice(1);
      expect(body.map((r) => r[5])).toEqual(['first.instant', `'${nasty.at}`, `'${nasty.minus}`]);
      expect(body.every((r) => r.length === CSV_HEADER.length)).toBe(true);
      const [first, second, third] = body;
      expect(first![1]).toBe('2026-12-01 00:00:00.000');
      expect(first![2]).toBe('系统');
      expect(second![1]).toBe('2026-12-01 23:59:59.999');
      expect(second![2]).toBe(`'${nasty.formula}`);
      expect(second![7]).toBe(`'${nasty.plus}`);
      expect(JSON.parse(second![10]!)).toEqual({ note: nasty.multiline });
      expect(third![7]).toBe(nasty.multiline);
      // No cell a spreadsheet would evaluate.
      for (const cell of body.flat()) expect(cell).not.toMatch(/^[=+\-@]/);
      // The raw text quotes what needs it.
      expect(text).toContain(`"'=HYPERLINK(""http://evil"",""点我"")"`);
      expect(text).toContain('"第一行,含逗号\n第二行 ""引号"""');
    });

    it('exports JSON with the values as stored', async () => {
      const res = await api.call('GET', '/audit/export?from=2026-12-01&to=2026-12-01&format=json', {
        token: auditor,
      });
      expect(res.status).toBe(200);
      expect(res.body.map((e: { action: string }) => e.action)).toEqual([
        'first.instant',
        nasty.at,
        nasty.minus,
      ]);
      expect(res.body[1]).toMatchObject({
        actor: { name: nasty.formula },
        entityId: nasty.plus,
        data: { note: nasty.multiline },
      });
      const person = await t.prisma.person.findUniqueOrThrow({ where: { id: s.people.headMz } });
      expect(person.displayName).toBe(nasty.formula);
    });

    it('an empty period gives the header only (CSV) or [] (JSON)', async () => {
      const csv = await raw('/audit/export?from=2020-01-01&to=2020-01-31', auditor);
      // fetch's text() drops the BOM.
      expect(await csv.text()).toBe(`${CSV_HEADER.join(',')}\r\n`);
      const json = await api.call(
        'GET',
        '/audit/export?from=2020-01-01&to=2020-01-31&format=json',
        {
          token: auditor,
        },
      );
      expect(json.body).toEqual([]);
    });

    it('reads in batches without losing or repeating events that share an instant', async () => {
      const audit = t.app.get(AuditService);
      t.clock.set('2027-01-05T02:00:00Z');
      await audit.recordMany(
        t.prisma,
        Array.from({ length: 7 }, (_, i) => ({
          action: 'batch.same_instant',
          entityType: 'x',
          entityId: `b${i}`,
        })),
      );
      const trail = t.app.get(AuditTrailService);
      let text = '';
      for await (const chunk of trail.exportChunks(
        trail.period('2027-01-05', '2027-01-05'),
        'json',
        2,
      ))
        text += chunk;
      const ids = (JSON.parse(text) as { entityId: string }[]).map((e) => e.entityId);
      expect(ids).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6']);
    });

    it('refuses bad periods with a Chinese message', async () => {
      const long = await api.call('GET', '/audit/export?from=2026-01-01&to=2027-01-02', {
        token: auditor,
      });
      expect(long.status).toBe(400);
      expect(long.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('不能超过 366 天'),
      });
      // 366 days, both ends included, is allowed.
      const leap = await raw('/audit/export?from=2026-01-01&to=2027-01-01', auditor);
      expect(leap.status).toBe(200);
      await leap.arrayBuffer();
      const backwards = await api.call('GET', '/audit/export?from=2026-12-02&to=2026-12-01', {
        token: auditor,
      });
      expect(backwards.status).toBe(400);
      expect(backwards.body.message).toContain('不能早于起始日期');
      for (const q of [
        'from=2026-02-30&to=2026-03-01',
        'from=2026-12-01',
        'from=2026-12-01&to=2026-12-01&format=xlsx',
        'from=20261201&to=2026-12-01',
      ]) {
        const res = await api.call('GET', `/audit/export?${q}`, { token: auditor });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });
});
