import { REVIEW } from '../../src/modules/plans/import/unit-list.parser';
import { parsePlanText } from '../../src/modules/plans/import/plan-text.parser';
import { createPerson, login, referencePlan } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/** What the reader says of an item whose lead it took by default (the reference plan states no rule). */
const DEFAULT_LEAD = REVIEW.defaultLead;

/** Items 2 and 4 print no unit list, so the reader flags them; the others are labelled or single. */
const DOC = [
  '养老服务体系建设责任分解方案',
  '测办〔2026〕13号  2026年11月2日',
  '',
  '一、总体任务',
  '(一)重点工作',
  '1.完善社会救助制度,2026年12月底前完成。(牵头单位:省民政厅;配合单位:省财政厅)',
  '2.加强养老服务人才队伍建设。',
  '3.推进医养结合。(省卫生厅牵头,省民政厅配合)',
  '4.开展养老机构安全检查。',
  '5.落实养老服务补贴。(省财政厅)',
].join('\n');

interface Preview {
  reviewCount: number;
  reviewItems: number[];
  unconfirmedReviewItems: number[];
  items: { no: number; review: string[]; reviewStatus: string; lead: string[] }[];
}
interface ErrorBody {
  code: string;
  message: string;
  details: { items: number[]; review: { no: number; reasons: string[] }[] };
}

describe('POST /api/v1/plans/import — items that need review', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  const post = (body: object) =>
    fetch(`${t.url}/api/v1/plans/import`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ text: DOC, sourceName: 'review.txt', ...body }),
    });
  const written = async () => ({
    plans: await t.prisma.plan.count(),
    tasks: await t.prisma.task.count(),
    departments: await t.prisma.department.count(),
    audit: await t.prisma.auditEvent.count({ where: { entityType: 'plan' } }),
  });
  const importAudit = async () =>
    (await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'plan.imported' } })).data as {
      review: Record<string, unknown>;
    };

  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'admin', role: 'ADMIN' });
    admin = await login(t.url, 'admin');
  });
  afterAll(() => t.close());

  it('lists the items needing review first, with their reasons, and counts them', async () => {
    const res = await post({ mode: 'preview' });
    expect(res.status).toBe(200);
    const p = (await res.json()) as Preview;
    expect(p.reviewCount).toBe(2);
    expect(p.reviewItems).toEqual([2, 4]);
    expect(p.unconfirmedReviewItems).toEqual([2, 4]);
    // Review items first, then the others; document order within each group.
    expect(p.items.map((i) => i.no)).toEqual([2, 4, 1, 3, 5]);
    expect(p.items[0]).toMatchObject({ no: 2, reviewStatus: 'pending', lead: [] });
    expect(p.items[0]!.review).toEqual([expect.stringMatching(/责任单位/)]);
    expect(p.items[2]).toMatchObject({ no: 1, review: [], reviewStatus: 'none' });

    // Answers show in a second preview: a unit correction, a confirmation.
    const again = (await (
      await post({
        mode: 'preview',
        corrections: {
          items: [
            { no: 2, lead: ['省民政厅'] },
            { no: 4, confirmed: true },
          ],
        },
      })
    ).json()) as Preview;
    expect(again.unconfirmedReviewItems).toEqual([]);
    expect(again.items.slice(0, 2).map((i) => [i.no, i.reviewStatus])).toEqual([
      [2, 'corrected'],
      [4, 'confirmed'],
    ]);
    expect(await written()).toEqual({ plans: 0, tasks: 0, departments: 0, audit: 0 });
  });

  it('refuses a commit while review items are neither confirmed nor corrected, writing nothing', async () => {
    const before = await written();
    const res = await post({ mode: 'commit' });
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.code).toBe('REVIEW_NOT_CONFIRMED');
    expect(body.message).toContain('第2、4项');
    expect(body.details.items).toEqual([2, 4]);
    expect(body.details.review.map((r) => r.no)).toEqual([2, 4]);
    expect(body.details.review[0]!.reasons[0]).toMatch(/责任单位/);

    // A deadline alone is no look at the units; one item answered still leaves the other.
    const partly = await post({
      mode: 'commit',
      corrections: {
        items: [
          { no: 2, lead: ['省民政厅'] },
          { no: 4, dueOn: '2026-12-31' },
        ],
      },
    });
    expect(partly.status).toBe(422);
    expect(((await partly.json()) as ErrorBody).details.items).toEqual([4]);
    expect(await written()).toEqual(before);
  });

  it('accepts the commit once each item is corrected or confirmed; the audit says which', async () => {
    // Item 4 confirmed as read still has no lead: that is the next, separate refusal.
    const noLead = await post({
      mode: 'commit',
      corrections: {
        items: [
          { no: 2, lead: ['省民政厅'] },
          { no: 4, confirmed: true },
        ],
      },
    });
    expect(((await noLead.json()) as ErrorBody).code).toBe('ITEMS_WITHOUT_LEAD');
    expect(await t.prisma.task.count()).toBe(0);

    const res = await post({
      mode: 'commit',
      corrections: {
        items: [
          { no: 2, lead: ['省民政厅'], support: ['省人力资源社会保障厅'] },
          { no: 4, skip: true },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: true, counts: { items: 4 } });
    expect((await importAudit()).review).toEqual({
      items: [2, 4],
      confirmed: [],
      corrected: [2],
      skipped: [4],
      confirmedAll: false,
    });
  });

  it('accepts per-item confirmations of readings that rest on a default', async () => {
    const ref = { text: referencePlan().toString('utf8'), sourceName: '004.txt' };
    const preview = (await (await post({ ...ref, mode: 'preview' })).json()) as Preview;
    // Every item whose lead was taken by default (two units or more) is flagged; single units are not.
    const flagged = parsePlanText(referencePlan().toString('utf8')).items.filter((i) => i.review);
    expect(flagged.length).toBeGreaterThan(40);
    expect(preview.reviewCount).toBe(flagged.length);
    expect(preview.reviewItems).toEqual(flagged.map((i) => i.no));
    expect(preview.items[0]!.review).toEqual([DEFAULT_LEAD]);
    const before = await t.prisma.task.count();
    const confirmAllBut = (n: number) =>
      post({
        ...ref,
        mode: 'commit',
        corrections: {
          items: preview.reviewItems
            .filter((no) => no !== n)
            .map((no) => ({ no, confirmed: true })),
        },
      });
    const refused = await confirmAllBut(17);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as ErrorBody).details.items).toEqual([17]);
    expect(await t.prisma.task.count()).toBe(before);

    const ok = await confirmAllBut(0);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ created: true, counts: { items: 80 } });
    const audit = await importAudit();
    expect(audit.review).toMatchObject({ confirmedAll: false, corrected: [] });
    expect(audit.review.confirmed).toHaveLength(flagged.length);
  });

  it('accepts confirmAllReview (also as a multipart string), audited as such; a re-import stays idempotent', async () => {
    const form = new FormData();
    form.set('mode', 'commit');
    form.set('confirmAllReview', 'true');
    form.set('corrections', JSON.stringify({ items: [{ no: 1, lead: ['省财政厅'] }] }));
    form.set('file', new Blob([new Uint8Array(referencePlan())]), '004.txt');
    const res = await fetch(`${t.url}/api/v1/plans/import`, {
      method: 'POST',
      headers: admin,
      body: form,
    });
    expect(res.status).toBe(200);
    const first = (await res.json()) as { planId: string; created: boolean };
    expect(first.created).toBe(true);
    const audit = await importAudit();
    expect(audit.review).toMatchObject({ confirmedAll: true, corrected: [1] });
    expect(audit.review.confirmed).toHaveLength(
      parsePlanText(referencePlan().toString('utf8')).items.filter((i) => i.review).length - 1,
    );

    // The same document again changes nothing, confirmed or not.
    const tasks = await t.prisma.task.count();
    const again = await post({
      text: referencePlan().toString('utf8'),
      sourceName: '004.txt',
      mode: 'commit',
      corrections: { items: [{ no: 1, lead: ['省财政厅'] }] },
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false, planId: first.planId });
    expect(await t.prisma.task.count()).toBe(tasks);
  });

  it('validates confirmations like any other field', async () => {
    const res = await post({
      mode: 'preview',
      confirmAllReview: 'yes',
      corrections: { items: [{ no: 2, confirmed: 'yes' }] },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; details: { field: string }[] };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d) => d.field)).toEqual(
      expect.arrayContaining(['confirmAllReview', 'corrections.items.0.confirmed']),
    );
  });
});
