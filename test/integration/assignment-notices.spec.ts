import { MailCapture } from '../../scripts/kit/mail-capture';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { SupervisionNoticeService } from '../../src/modules/escalation/supervision-notice.service';
import { AssignmentNoticesService } from '../../src/modules/notices/assignment-notices.service';
import { WorkArrival } from '../../src/modules/tasks/work-arrival.service';
import { readDocx } from '../support/docx-read';
import { createPerson, eventually, referencePlan } from '../support/fixtures';
import { asOwner } from '../support/owner-db';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * Assignment notices (交办通知) on real PostgreSQL, Redis and SMTP: one per department and batch of
 * arriving work, numbered 交〔年〕N号 per office and year without gaps or duplicates (also under two
 * concurrent passes), noticed_at set, deliveries to the liaisons and heads with the .docx attached.
 * Clock: Monday 2026-11-16 09:00 Shanghai.
 */
jest.setTimeout(60_000);

describe('assignment notices', () => {
  const capture = new MailCapture();
  let t: TestApp;
  let notices: AssignmentNoticesService;
  let seq = 0;

  beforeAll(async () => {
    const { smtpPort } = await capture.start();
    t = await createTestApp({
      start: '2026-11-16T01:00:00Z',
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtpPort),
        SMTP_SECURE: 'false',
        WORKERS_ENABLED: 'true',
        OFFICE_NAME: '江苏省督查室',
      },
    });
    notices = t.app.get(AssignmentNoticesService);
  });
  afterAll(async () => {
    await t?.close();
    await capture.stop();
  });
  beforeEach(async () => {
    await resetDatabase(t.prisma);
    capture.clear();
    t.clock.set(new Date('2026-11-16T01:00:00Z'));
  });

  /** A published plan of `regionId` with one task per department name (each led by it). */
  async function plan(regionId: string | null, departments: string[], title = '测试方案') {
    const p = await t.prisma.plan.create({
      data: {
        title,
        documentNumber: '测〔2026〕1号',
        contentHash: `h-${++seq}-${Date.now()}`,
        sourceName: 't.txt',
        regionId,
      },
    });
    for (const [i, name] of departments.entries()) {
      const d = await t.prisma.department.upsert({
        where: { name },
        update: {},
        create: { name, regionId },
      });
      await t.prisma.task.create({
        data: {
          planId: p.id,
          no: i + 1,
          text: `${name}牵头的测试任务`,
          dueOn: new Date('2026-12-31'),
          dueSource: 'STATED',
          createdAt: t.clock.now(),
          assignments: { create: [{ departmentId: d.id, role: 'LEAD', ordinal: 0 }] },
        },
      });
    }
    return p.id;
  }

  const numbers = async (regionId: string | null) =>
    (
      await t.prisma.assignmentNotice.findMany({
        where: { regionId },
        orderBy: [{ year: 'asc' }, { seq: 'asc' }],
      })
    ).map((n) => n.number);

  it('an import of the reference plan issues one notice per assigned department, lists all its tasks and sets noticed_at everywhere', async () => {
    await t.app
      .get(PlanImportService)
      .commit({ content: referencePlan(), sourceName: '004.txt', confirmAllReview: true }, null);
    const departments = await t.prisma.assignment.groupBy({ by: ['departmentId'] });
    const issued = await t.prisma.assignmentNotice.findMany({ include: { items: true } });
    expect(issued).toHaveLength(departments.length);
    expect(issued.reduce((n, x) => n + x.items.length, 0)).toBe(224);
    expect(await t.prisma.assignment.count({ where: { noticedAt: null } })).toBe(0);
    // Gap-free for the top office: 交〔2026〕1号 … 交〔2026〕N号.
    expect((await numbers(null)).sort()).toEqual(
      issued.map((_, i) => `交〔2026〕${i + 1}号`).sort(),
    );
    // Each notice lists exactly its department's assignments.
    for (const n of issued) {
      const own = await t.prisma.assignment.findMany({ where: { departmentId: n.departmentId } });
      expect(n.items.map((i) => i.assignmentId).sort()).toEqual(own.map((a) => a.id).sort());
    }
    // The new units have no liaison yet: one visible failed delivery per notice, never a silent drop.
    const failed = await t.prisma.delivery.findMany({ where: { template: 'assignment-notice' } });
    expect(failed).toHaveLength(issued.length);
    expect(failed.every((d) => d.status === 'FAILED' && /联络员/.test(d.lastError ?? ''))).toBe(
      true,
    );
    // Audited per task, so the notice shows in each task's history.
    expect(await t.prisma.auditEvent.count({ where: { action: 'notice.assignment.issued' } })).toBe(
      224,
    );
    // A second pass finds nothing to do.
    expect(await notices.issuePending()).toEqual({ notices: 0, assignments: 0, deliveries: 0 });

    // The figure: issuing the 224 assignments' notices again from scratch.
    await asOwner(
      `DELETE FROM delivery; DELETE FROM assignment_notice; DELETE FROM document_sequence;
       UPDATE assignment SET noticed_at = NULL`,
    );
    const started = performance.now();
    const again = await notices.issuePending();
    const ms = performance.now() - started;
    expect(again).toMatchObject({ notices: departments.length, assignments: 224 });
    process.stdout.write(
      `assignment notices for the reference plan: ${again.notices} notices, 224 assignments in ${ms.toFixed(0)} ms\n`,
    );
    expect(ms).toBeLessThan(5_000);
  });

  it('numbers per office and year: each office counts from 1, a new year restarts at 1', async () => {
    const x = await t.prisma.region.create({
      data: { code: '329901', name: '测试市', level: 'CITY' },
    });
    await plan(null, ['省民政厅', '省财政厅']);
    await plan(x.id, ['测试市民政局']);
    await t.app.get(WorkArrival).settle();
    expect(await numbers(null)).toEqual(['交〔2026〕1号', '交〔2026〕2号']);
    expect(await numbers(x.id)).toEqual(['交〔2026〕1号']);

    // New work for the same departments later: a new batch, a new notice, the next number.
    await plan(null, ['省民政厅'], '第二个方案');
    await notices.issuePending();
    expect(await numbers(null)).toEqual(['交〔2026〕1号', '交〔2026〕2号', '交〔2026〕3号']);

    t.clock.set(new Date('2027-01-05T01:00:00Z'));
    await plan(null, ['省财政厅'], '2027年方案');
    await plan(x.id, ['测试市民政局'], '2027年市方案');
    await notices.issuePending();
    expect(await numbers(null)).toEqual([
      '交〔2026〕1号',
      '交〔2026〕2号',
      '交〔2026〕3号',
      '交〔2027〕1号',
    ]);
    expect(await numbers(x.id)).toEqual(['交〔2026〕1号', '交〔2027〕1号']);
  });

  it('two concurrent passes issue each notice once, with no gap and no duplicate number', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `并发测试单位${i + 1}`);
    await plan(null, names.slice(0, 15), '方案甲');
    await plan(null, names.slice(15), '方案乙');
    const [a, b] = await Promise.all([notices.issuePending(), notices.issuePending()]);
    expect(a.notices + b.notices).toBe(30);
    const rows = await t.prisma.assignmentNotice.findMany({ include: { items: true } });
    expect(rows).toHaveLength(30);
    expect(rows.map((r) => r.seq).sort((p, q) => p - q)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    const covered = rows.flatMap((r) => r.items.map((i) => i.assignmentId));
    expect(new Set(covered).size).toBe(covered.length);
    expect(covered).toHaveLength(await t.prisma.assignment.count());
  });

  it('emails the liaison and the head, the .docx attached and readable; the inbox links to it', async () => {
    const liaison = await createPerson(t.prisma, {
      username: 'liaison.mz',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    const head = await createPerson(t.prisma, {
      username: 'head.mz',
      role: 'HEAD',
      departmentName: '省民政厅',
    });
    await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    await plan(null, ['省民政厅', '省财政厅']);
    // 09:00 is outside quiet hours: sent at once.
    await notices.issuePending();
    const mails = await capture.waitFor((m) => m.subject.startsWith('【交办通知】'), { count: 2 });
    expect(mails.flatMap((m) => m.to).sort()).toEqual(
      [liaison.email, head.email].sort() as string[],
    );
    for (const mail of mails) {
      expect(mail.subject).toBe('【交办通知】交〔2026〕1号 请签收交办的1项任务');
      expect(mail.attachments).toHaveLength(1);
      const [file] = mail.attachments;
      expect(file!.filename).toBe('交办通知-交〔2026〕1号-省民政厅.docx');
      expect(file!.mimeType).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      const doc = await readDocx(file!.content);
      for (const s of [
        '江苏省督查室文件',
        '交〔2026〕1号',
        '省民政厅:',
        '第1项',
        '省民政厅牵头的测试任务',
        '2026年12月31日',
        '联系人:sup',
        '2026年11月16日',
      ]) {
        expect(doc.text).toContain(s);
      }
      expect(doc.documentXml).toContain('w:eastAsia="仿宋_GB2312"');
    }
    // The inbox entry points at the same document.
    const inbox = await t.prisma.delivery.findFirstOrThrow({
      where: { recipientId: liaison.id, channel: 'INBOX', template: 'assignment-notice' },
    });
    const notice = await t.prisma.assignmentNotice.findFirstOrThrow({
      where: { number: '交〔2026〕1号' },
    });
    expect(inbox.attachment).toEqual({ kind: 'assignment-notice', id: notice.id });
    // 省财政厅 has nobody: its notice is a visible failure.
    await eventually(async () =>
      t.prisma.delivery.findFirst({
        where: { template: 'assignment-notice', status: 'FAILED', recipientId: null },
      }),
    );
  });

  it('the 督办单 email carries its .docx, rendered at send time from the escalation', async () => {
    const liaison = await createPerson(t.prisma, {
      username: 'liaison.cz',
      role: 'LIAISON',
      departmentName: '省财政厅',
    });
    const sup = await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    const planId = await plan(null, ['省财政厅']);
    const task = await t.prisma.task.findFirstOrThrow({ where: { planId } });
    await notices.issuePending();
    // Thursday 2027-01-07: task 1 (due 2026-12-31) is a few working days late.
    t.clock.set(new Date('2027-01-07T01:00:00Z'));
    const issued = await t.app.get(SupervisionNoticeService).issue(task.id, sup.id);
    const [mail] = await capture.waitFor(
      (m) => m.subject.startsWith('【督办单】') && m.to.includes(liaison.email!),
    );
    expect(mail!.attachments.map((a) => a.filename)).toEqual([`督办单-${issued.noticeNo}.docx`]);
    const doc = await readDocx(mail!.attachments[0]!.content);
    for (const s of [
      '江苏省督查室督办单',
      issued.noticeNo,
      '省财政厅:',
      '省财政厅牵头的测试任务',
      '2027年1月7日',
    ]) {
      expect(doc.text).toContain(s);
    }
    expect(doc.text).toMatch(/已逾期\d+个工作日/);
  });
});
