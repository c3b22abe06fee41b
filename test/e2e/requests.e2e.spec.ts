import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { EscalationService } from '../../src/modules/escalation/escalation.service';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { createPerson, login } from '../support/fixtures';
import { validPdf } from '../support/hostile-files';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { asOwner } from '../support/owner-db';

/**
 * Closure, extension and dispute requests and the office's decisions. Clock: Monday 2026-11-23
 * 09:00 Shanghai, the day the plan is imported; every task is due Friday 2026-12-04.
 */
const DOC = [
  '申请测试方案',
  '测办〔2026〕21号  2026年11月20日',
  '一、总体任务',
  '(一)重点工作',
  '1.完善社会救助制度。(省民政厅、省财政厅)',
  '2.推进养老服务体系建设。(省民政厅)',
  '3.加强政策宣传。(省民政厅)',
  '4.建设老年大学。(省民政厅)',
  '5.完善长期护理保险。(省民政厅)',
  '6.推进医养结合。(省民政厅、省财政厅)',
  '7.发展银发经济。(省民政厅)',
  '8.加强老年人权益保障。(省民政厅)',
].join('\n');

const NOW = '2026-11-23T01:00:00Z';
const PDF = validPdf();

describe('requests and decisions (e2e)', () => {
  let t: TestApp;
  let evidenceDir: string;
  let tasks: Map<number, string>;
  let mz: Record<string, string>; // 民政 liaison (lead)
  let cz: Record<string, string>; // 财政 liaison (support on 1 and 6)
  let fg: Record<string, string>; // 发改 liaison (not assigned)
  let sup: Record<string, string>;
  let czId: string;

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
  const upload = async (
    taskId: string,
    headers: Record<string, string>,
    fields: Record<string, string>,
    files: { name: string; content: Buffer; type?: string }[],
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) {
      form.append('files', new Blob([f.content], { type: f.type ?? 'application/pdf' }), f.name);
    }
    const res = await fetch(`${t.url}/api/v1/tasks/${taskId}/requests/closure`, {
      method: 'POST',
      headers,
      body: form,
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };
  const version = async (taskId: string) =>
    (await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).version;
  const stored = async () =>
    (await readdir(evidenceDir).catch(() => [])).filter((f) => !f.startsWith('.'));
  const reminders = (taskId: string) =>
    t.prisma.reminder.findMany({
      where: { assignment: { taskId }, kind: 'DEADLINE_APPROACHING' },
      orderBy: [{ dueOn: 'asc' }, { offsetWorkingDays: 'desc' }],
    });

  beforeAll(async () => {
    evidenceDir = await mkdtemp(join(tmpdir(), 'duban-evidence-'));
    t = await createTestApp({ start: NOW, env: { EVIDENCE_DIR: evidenceDir } });
    await resetDatabase(t.prisma);
    await asOwner('TRUNCATE task_request, evidence CASCADE');
    await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    await createPerson(t.prisma, { username: 'mz', role: 'LIAISON', departmentName: '省民政厅' });
    const czPerson = await createPerson(t.prisma, {
      username: 'cz',
      role: 'LIAISON',
      departmentName: '省财政厅',
    });
    czId = czPerson.departmentId!;
    await createPerson(t.prisma, {
      username: 'fg',
      role: 'LIAISON',
      departmentName: '省发展改革委',
    });
    const { planId } = await t.app.get(PlanImportService).commit(
      {
        content: DOC,
        sourceName: 'q.txt',
        defaultDueOn: '2026-12-04',
        createUnknownUnits: true,
        confirmAllReview: true,
      },
      null,
    );
    const rows = await t.prisma.task.findMany({ where: { planId } });
    tasks = new Map(rows.map((r) => [r.no, r.id]));
    expect(tasks.size).toBe(8);
    [mz, cz, fg, sup] = await Promise.all(['mz', 'cz', 'fg', 'sup'].map((u) => login(t.url, u)));
  });
  afterAll(async () => {
    await t?.close();
    await rm(evidenceDir, { recursive: true, force: true });
  });
  beforeEach(() => t.clock.set(NOW));

  describe('uploads', () => {
    it('refuses an oversized file with 413 before storing anything', async () => {
      const big = Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]);
      const res = await upload(tasks.get(2)!, mz, { summary: '已完成', version: '0' }, [
        { name: 'big.pdf', content: big },
      ]);
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('FILE_TOO_LARGE');
      expect(await stored()).toEqual([]);
      expect(await t.prisma.evidence.count()).toBe(0);
      expect(await t.prisma.taskRequest.count()).toBe(0);
    });

    it('refuses an executable renamed .pdf with 400, by its bytes, storing nothing', async () => {
      const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00'), Buffer.alloc(500)]);
      const res = await upload(tasks.get(2)!, mz, { summary: '已完成', version: '0' }, [
        { name: '佐证.pdf', content: exe, type: 'application/pdf' },
      ]);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('UNSUPPORTED_FILE_TYPE');
      expect(res.body.message).toContain('佐证.pdf');
      expect(await stored()).toEqual([]);
      expect(await t.prisma.evidence.count()).toBe(0);
      expect((await t.prisma.task.findUniqueOrThrow({ where: { id: tasks.get(2)! } })).status).toBe(
        'ASSIGNED',
      );
    });

    it('refuses a supporting department (403) and stores nothing', async () => {
      const res = await upload(tasks.get(1)!, cz, { summary: '已完成', version: '0' }, [
        { name: 'a.pdf', content: PDF },
      ]);
      expect(res.status).toBe(403);
      expect(await stored()).toEqual([]);
    });

    it('stores a file named ../../x.pdf under its hash, inside the evidence directory', async () => {
      const res = await upload(
        tasks.get(2)!,
        mz,
        { summary: '已建成养老服务中心 12 处', version: '0', links: 'https://example.gov.cn/a' },
        [{ name: '../../x.pdf', content: PDF }],
      );
      expect(res.status).toBe(201);
      expect(res.body.task).toMatchObject({ status: 'CLOSURE_REQUESTED', version: 1 });
      const sha = createHash('sha256').update(PDF).digest('hex');
      expect(await stored()).toEqual([sha]);
      expect(await readFile(join(evidenceDir, sha))).toEqual(PDF);
      const evidence = res.body.request.evidence as { kind: string; fileName: string }[];
      expect(evidence).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'LINK', url: 'https://example.gov.cn/a' }),
          expect.objectContaining({
            kind: 'FILE',
            fileName: 'x.pdf',
            sha256: sha,
            mimeType: 'application/pdf',
            size: PDF.length,
          }),
        ]),
      );
      const row = await t.prisma.evidence.findFirstOrThrow({ where: { kind: 'FILE' } });
      expect(row.storedPath).toBe(sha);
    });
  });

  describe('closure', () => {
    it('requested → approved: CLOSED, pending reminders cancelled, no escalation afterwards', async () => {
      const id = tasks.get(1)!;
      expect((await reminders(id)).filter((r) => r.status === 'PENDING').length).toBeGreaterThan(0);
      const req = await call('POST', `/tasks/${id}/requests/closure`, mz, {
        summary: '救助制度已完善',
        version: await version(id),
      });
      expect(req.status).toBe(201);
      expect(req.body.request).toMatchObject({ kind: 'CLOSURE', status: 'PENDING' });

      const queue = await call('GET', '/requests?status=PENDING&kind=CLOSURE', sup);
      expect(queue.status).toBe(200);
      expect(queue.body.map((r: { taskId: string }) => r.taskId)).toContain(id);
      expect((await call('GET', '/requests', mz)).status).toBe(403);

      const ok = await call('POST', `/requests/${req.body.request.id}/approve`, sup, {
        reason: '佐证充分',
      });
      expect(ok.status).toBe(200);
      expect(ok.body.request).toMatchObject({ status: 'APPROVED', decisionReason: '佐证充分' });
      expect(ok.body.task.status).toBe('CLOSED');
      const task = await t.prisma.task.findUniqueOrThrow({ where: { id } });
      expect(task.closedAt).not.toBeNull();
      const rs = await reminders(id);
      expect(rs.every((r) => r.status === 'CANCELLED')).toBe(true);

      const audit = await t.prisma.auditEvent.findMany({ where: { entityId: id } });
      expect(audit.map((a) => a.action)).toContain('task.status_changed');
    });

    it('returned with a reason: back IN_PROGRESS, the reason kept', async () => {
      const id = tasks.get(3)!;
      const req = await call('POST', `/tasks/${id}/requests/closure`, mz, {
        summary: '宣传已开展',
        version: await version(id),
      });
      expect(req.status).toBe(201);
      const noReason = await call('POST', `/requests/${req.body.request.id}/reject`, sup, {});
      expect(noReason.status).toBe(400);
      const back = await call('POST', `/requests/${req.body.request.id}/reject`, sup, {
        reason: '缺少宣传覆盖面的数据',
      });
      expect(back.status).toBe(200);
      expect(back.body.task.status).toBe('IN_PROGRESS');
      expect(back.body.request).toMatchObject({
        status: 'REJECTED',
        decisionReason: '缺少宣传覆盖面的数据',
      });
      const list = await call('GET', `/tasks/${id}/requests`, mz);
      expect(list.status).toBe(200);
      expect(list.body[0].decisionReason).toBe('缺少宣传覆盖面的数据');
      expect((await call('GET', `/tasks/${id}/requests`, fg)).status).toBe(404);
    });

    it('two concurrent decisions on one request: exactly one wins', async () => {
      const id = tasks.get(4)!;
      const req = await call('POST', `/tasks/${id}/requests/closure`, mz, {
        summary: '老年大学已建成',
        version: await version(id),
      });
      const path = `/requests/${req.body.request.id}`;
      const results = await Promise.all([
        call('POST', `${path}/approve`, sup, {}),
        call('POST', `${path}/reject`, sup, { reason: '材料不全' }),
        call('POST', `${path}/approve`, sup, {}),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409]);
      for (const r of results.filter((x) => x.status === 409)) {
        expect(['REQUEST_DECIDED', 'STALE_VERSION']).toContain(r.body.code);
      }
      const winner = results.find((r) => r.status === 200)!;
      const task = await t.prisma.task.findUniqueOrThrow({ where: { id } });
      expect(task.status).toBe(winner.body.task.status);
      expect(await t.prisma.auditEvent.count({ where: { entityId: req.body.request.id } })).toBe(2);
    });

    it('an invalid transition is a 409 naming the allowed events', async () => {
      const id = tasks.get(5)!;
      const first = await call('POST', `/tasks/${id}/requests/closure`, mz, {
        summary: '已完成',
        version: 0,
      });
      expect(first.status).toBe(201);
      const again = await call('POST', `/tasks/${id}/requests/closure`, mz, {
        summary: '再次申请',
        version: 1,
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('INVALID_TRANSITION');
      expect(again.body.details.allowedEvents).toEqual([
        'APPROVE_CLOSURE',
        'RETURN_CLOSURE',
        'WITHDRAW',
      ]);
      expect(again.body.message).toContain('同意办结');
      const stale = await call('POST', `/tasks/${tasks.get(8)!}/requests/closure`, mz, {
        summary: '已完成',
        version: 7,
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('STALE_VERSION');
    });

    it("answers another department's liaison 404 (the task is out of its scope)", async () => {
      const res = await call('POST', `/tasks/${tasks.get(8)!}/requests/closure`, fg, {
        summary: '已完成',
        version: 0,
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('extension', () => {
    it('before the deadline, approved: new dueOn, reminders re-planned, no escalation on the old date', async () => {
      const id = tasks.get(6)!;
      const before = await reminders(id);
      expect(before.filter((r) => r.status === 'PENDING').length).toBeGreaterThan(0);
      const bad = await call('POST', `/tasks/${id}/requests/extension`, mz, {
        reason: '资金未到位',
        proposedDueOn: '2026-12-01',
        version: await version(id),
      });
      expect(bad.status).toBe(400);
      const supportOnly = await call('POST', `/tasks/${id}/requests/extension`, cz, {
        reason: '资金未到位',
        proposedDueOn: '2026-12-31',
        version: await version(id),
      });
      expect(supportOnly.status).toBe(403);

      const req = await call('POST', `/tasks/${id}/requests/extension`, mz, {
        reason: '资金未到位',
        proposedDueOn: '2026-12-31',
        version: await version(id),
      });
      expect(req.status).toBe(201);
      expect(req.body.request).toMatchObject({ kind: 'EXTENSION', proposedDueOn: '2026-12-31' });
      const dup = await call('POST', `/tasks/${id}/requests/extension`, mz, {
        reason: '再次',
        proposedDueOn: '2027-01-31',
        version: await version(id),
      });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('REQUEST_PENDING');

      const ok = await call('POST', `/requests/${req.body.request.id}/approve`, sup, {});
      expect(ok.status).toBe(200);
      expect(ok.body.task).toMatchObject({ status: 'ASSIGNED', dueOn: '2026-12-31' });
      const task = await t.prisma.task.findUniqueOrThrow({ where: { id } });
      expect(task.dueSource).toBe('STATED');

      const after = await reminders(id);
      const old = after.filter((r) => r.dueOn.toISOString().startsWith('2026-12-04'));
      const fresh = after.filter((r) => r.dueOn.toISOString().startsWith('2026-12-31'));
      expect(old.length).toBe(before.length);
      expect(old.every((r) => r.status === 'CANCELLED' || r.status === 'SKIPPED')).toBe(true);
      // Two assignments (民政, 财政) × T−5, T−1.
      expect(fresh.map((r) => r.status)).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING']);
    });

    it('after the deadline: 422 DEADLINE_PASSED', async () => {
      t.clock.set('2026-12-07T01:00:00Z');
      const id = tasks.get(7)!;
      const res = await call('POST', `/tasks/${id}/requests/extension`, mz, {
        reason: '来不及',
        proposedDueOn: '2026-12-31',
        version: await version(id),
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('DEADLINE_PASSED');
      expect(await t.prisma.taskRequest.count({ where: { taskId: id } })).toBe(0);
    });
  });

  describe('dispute', () => {
    it('within the window: DISPUTED, then upheld back to work', async () => {
      const id = tasks.get(8)!;
      const res = await call('POST', `/tasks/${id}/requests/dispute`, mz, {
        reason: '该事项应由卫健委牵头',
        version: await version(id),
      });
      expect(res.status).toBe(201);
      expect(res.body.task.status).toBe('DISPUTED');
      const wrong = await call('POST', `/requests/${res.body.request.id}/approve`, sup, {});
      expect(wrong.status).toBe(409);
      const up = await call('POST', `/requests/${res.body.request.id}/uphold`, sup, {
        reason: '职责清单明确',
      });
      expect(up.status).toBe(200);
      expect(up.body.task.status).toBe('ASSIGNED');
      expect(up.body.request.status).toBe('REJECTED');
    });

    it('reassign: the disputing department is removed and the named ones added', async () => {
      const id = tasks.get(7)!;
      const fgId = (
        await t.prisma.department.findUniqueOrThrow({ where: { name: '省发展改革委' } })
      ).id;
      const res = await call('POST', `/tasks/${id}/requests/dispute`, mz, {
        reason: '应由发改委牵头',
        version: await version(id),
      });
      expect(res.status).toBe(201);
      const ok = await call('POST', `/requests/${res.body.request.id}/reassign`, sup, {
        leadDepartmentIds: [fgId],
        supportDepartmentIds: [czId],
      });
      expect(ok.status).toBe(200);
      expect(ok.body.task.status).toBe('ASSIGNED');
      const active = await t.prisma.assignment.findMany({ where: { taskId: id, removedAt: null } });
      expect(active.map((a) => [a.departmentId, a.role]).sort()).toEqual(
        [
          [fgId, 'LEAD'],
          [czId, 'SUPPORT'],
        ].sort(),
      );
      expect((await call('GET', `/tasks/${id}/requests`, fg)).status).toBe(200);
    });

    it('outside the window (6 working days after assignment): 422 DISPUTE_WINDOW_CLOSED', async () => {
      t.clock.set('2026-12-02T01:00:00Z');
      const id = tasks.get(2)!;
      const res = await call('POST', `/tasks/${id}/requests/dispute`, mz, {
        reason: '不是本部门职责',
        version: await version(id),
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('DISPUTE_WINDOW_CLOSED');
    });
  });

  describe('escalation after the decisions', () => {
    it('escalates neither the closed task nor the extended one past the old deadline', async () => {
      t.clock.set('2026-12-14T01:00:00Z'); // 6 working days after 2026-12-04
      await t.app.get(EscalationService).sweep();
      const count = (no: number) =>
        t.prisma.escalation.count({ where: { taskId: tasks.get(no)! } });
      expect(await count(1)).toBe(0); // closed
      expect(await count(6)).toBe(0); // extended to 2026-12-31
      // A task left open with the old deadline is escalated: the sweep did run.
      expect(await count(8)).toBeGreaterThan(0);
    });
  });

  describe('sub-deadline', () => {
    it('the lead sets a supporting department’s deadline, not after the task’s', async () => {
      const id = tasks.get(6)!; // due 2026-12-31 after the extension
      const support = await t.prisma.assignment.findFirstOrThrow({
        where: { taskId: id, role: 'SUPPORT' },
      });
      const path = `/tasks/${id}/assignments/${support.id}/sub-deadline`;
      expect((await call('PUT', path, mz, { subDueOn: '2027-01-05' })).status).toBe(400);
      expect((await call('PUT', path, cz, { subDueOn: '2026-12-20' })).status).toBe(403);
      const ok = await call('PUT', path, mz, { subDueOn: '2026-12-20' });
      expect(ok.status).toBe(200);
      const row = await t.prisma.assignment.findUniqueOrThrow({ where: { id: support.id } });
      expect(row.subDueOn?.toISOString().slice(0, 10)).toBe('2026-12-20');
    });
  });
});
