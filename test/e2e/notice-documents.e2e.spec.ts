import { AssignmentNoticesService } from '../../src/modules/notices/assignment-notices.service';
import { readDocx } from '../support/docx-read';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';
import { client, seed, type Seed } from './duban-fixtures';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The printable documents over HTTP: a department's 交办通知, a task's 督办单 and the office's 通报
 * as .docx (content type, RFC 5987 file name, content read back), the task's list of notices,
 * and the scope: another department's notice is 404, as if missing.
 * Clock: Thursday 2026-12-10; task 2 (lead 财政, support 民政) was due 2026-11-30.
 */
describe('notice documents (.docx downloads)', () => {
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-12-10T01:00:00Z' });
    await resetDatabase(t.prisma);
    s = await seed(t);
    api = client(t.url);
    for (const u of ['supervisor', 'liaison.mz', 'liaison.cz', 'leader', 'admin']) {
      tokens[u] = await api.login(u);
    }
    await t.app.get(AssignmentNoticesService).issuePending();
  });
  afterAll(async () => {
    await t?.close();
  });

  const download = async (path: string, token: string) => {
    const res = await fetch(`${t.url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body };
  };

  it("lists a task's notices within the caller's scope, each with its download", async () => {
    const office = await api.call('GET', `/tasks/${s.tasks.t1}/notices`, {
      token: tokens.supervisor,
    });
    expect(office.status).toBe(200);
    const byDept = Object.fromEntries(
      office.body.assignmentNotices.map((n: { departmentName: string; role: string }) => [
        n.departmentName,
        n.role,
      ]),
    );
    expect(byDept).toEqual({ 省民政厅: 'LEAD', 省财政厅: 'SUPPORT' });
    // 财政's liaison sees only its own department's notice.
    const cz = await api.call('GET', `/tasks/${s.tasks.t1}/notices`, {
      token: tokens['liaison.cz'],
    });
    expect(
      cz.body.assignmentNotices.map((n: { departmentName: string }) => n.departmentName),
    ).toEqual(['省财政厅']);
    expect(cz.body.supervisionNotices).toEqual([]);
  });

  it("downloads a department's 交办通知 with a UTF-8 file name; another department gets 404", async () => {
    const notice = await t.prisma.assignmentNotice.findFirstOrThrow({
      where: { departmentId: s.departments.minzheng },
    });
    const res = await download(`/notices/${notice.id}.docx`, tokens['liaison.mz']!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DOCX);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="document.docx"; filename*=UTF-8''${encodeURIComponent(
        `交办通知-${notice.number}-省民政厅.docx`,
      )}`,
    );
    const doc = await readDocx(res.body);
    // 民政 leads 1 and 4 (ongoing) and supports 2; task 5 is closed but was assigned too.
    for (const x of [notice.number, '省民政厅:', '第1项测试任务', '第4项测试任务', '持续推进']) {
      expect(doc.text).toContain(x);
    }
    expect(doc.text).toContain('牵头:省财政厅');
    expect(doc.text).toContain('2026年12月10日');
    expect(doc.documentXml).toContain('w:eastAsia="方正小标宋简体"');

    expect((await download(`/notices/${notice.id}.docx`, tokens['liaison.cz']!)).status).toBe(404);
    expect((await download(`/notices/${notice.id}.docx`, tokens.supervisor!)).status).toBe(200);
    const missing = await download(
      `/notices/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.docx`,
      tokens.supervisor!,
    );
    expect(missing.status).toBe(404);
  });

  it("downloads a task's 督办单 once issued, 404 before", async () => {
    expect(
      (await download(`/tasks/${s.tasks.t2}/supervision-notice.docx`, tokens.supervisor!)).status,
    ).toBe(404);
    const issued = await api.call('POST', `/tasks/${s.tasks.t2}/supervision-notice`, {
      token: tokens.supervisor,
    });
    expect(issued.status).toBe(201);
    // The emails announcing it name the file they carry.
    const deliveries = await t.prisma.delivery.findMany({
      where: { taskId: s.tasks.t2, template: 'supervision-notice', channel: 'EMAIL' },
    });
    expect(deliveries.length).toBeGreaterThan(0);
    expect(
      deliveries.every(
        (d) =>
          (d.attachment as { kind: string; id: string }).id === issued.body.escalationId &&
          (d.attachment as { kind: string }).kind === 'supervision-notice',
      ),
    ).toBe(true);

    const res = await download(
      `/tasks/${s.tasks.t2}/supervision-notice.docx`,
      tokens['liaison.cz']!,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(
      encodeURIComponent(`督办单-${issued.body.noticeNo}.docx`),
    );
    const doc = await readDocx(res.body);
    for (const x of [
      issued.body.noticeNo,
      '省财政厅:',
      '第2项',
      '第2项测试任务',
      '2026年11月30日',
      '已逾期8个工作日',
      '2026年12月17日前书面报送督查室',
    ]) {
      expect(doc.text).toContain(x);
    }
    const list = await api.call('GET', `/tasks/${s.tasks.t2}/notices`, {
      token: tokens.supervisor,
    });
    expect(list.body.supervisionNotices).toMatchObject([
      { number: issued.body.noticeNo, dueOn: '2026-11-30' },
    ]);
  });

  it('downloads the draft bulletin unnumbered, issues it numbered per office and year, and keeps it', async () => {
    const draft = await download(
      '/supervision/bulletin.docx?from=2026-11-01&to=2026-12-10',
      tokens.supervisor!,
    );
    expect(draft.status).toBe(200);
    const draftDoc = await readDocx(draft.body);
    expect(draftDoc.text).toContain('〔2026〕  号');
    expect(draftDoc.text).toContain('第2项 第2项测试任务');

    const first = await api.call('POST', '/supervision/bulletins', {
      token: tokens.supervisor,
      body: { from: '2026-11-01', to: '2026-12-10' },
    });
    expect(first.status).toBe(201);
    expect(first.body.number).toBe('通报〔2026〕1号');
    const second = await api.call('POST', '/supervision/bulletins', {
      token: tokens.admin,
      body: { from: '2026-11-01', to: '2026-12-10' },
    });
    expect(second.body.number).toBe('通报〔2026〕2号');
    const res = await download(`/supervision/bulletins/${first.body.id}.docx`, tokens.leader!);
    expect(res.status).toBe(200);
    const doc = await readDocx(res.body);
    for (const x of [
      '通报〔2026〕1号',
      '各有关单位:',
      '三、逾期未办结事项',
      '省财政厅',
      '2026年12月10日',
    ]) {
      expect(doc.text).toContain(x);
    }
    expect(
      await t.prisma.auditEvent.count({
        where: { action: 'bulletin.issued', entityId: first.body.id },
      }),
    ).toBe(1);
    // A liaison may not read bulletins (role), nor issue them.
    expect(
      (await download(`/supervision/bulletins/${first.body.id}.docx`, tokens['liaison.mz']!))
        .status,
    ).toBe(403);
  });
});
