import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPerson, FIXTURES, login, referencePlan } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/** Bad input at the import endpoint: a clear coded error, and nothing written. */
describe('POST /api/v1/plans/import — bad input', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  const post = (body: FormData | string, json = true) =>
    fetch(`${t.url}/api/v1/plans/import`, {
      method: 'POST',
      headers: json ? { ...admin, 'content-type': 'application/json' } : admin,
      body,
    });
  const nothingWritten = async () => {
    expect(await t.prisma.plan.count()).toBe(0);
    expect(await t.prisma.task.count()).toBe(0);
    expect(await t.prisma.department.count()).toBe(0);
  };

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'admin', role: 'ADMIN' });
    await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    admin = await login(t.url, 'admin');
  });
  afterAll(() => t.close());

  it('asks for a file when neither a file nor text is sent', async () => {
    const res = await post(JSON.stringify({ mode: 'commit' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'FILE_MISSING', details: [{ field: 'file' }] });
    await nothingWritten();
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'EMPTY_DOCUMENT'],
    [
      'a file that is not text',
      Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3, 0, 0, 0xff, 0xd8, 0, 0]),
      'NOT_TEXT',
    ],
    [
      'a document with no numbered items',
      Buffer.from('关于加强民政工作的通知\n各单位要高度重视。\n'),
      'NO_ITEMS',
    ],
  ])('refuses %s uploaded as multipart with a coded Chinese message', async (_, bytes, code) => {
    const form = new FormData();
    form.set('mode', 'commit');
    form.set('file', new Blob([new Uint8Array(bytes)]), 'plan.txt');
    const res = await post(form, false);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe(code);
    expect(body.message).toMatch(/[\u4e00-\u9fff]/);
    await nothingWritten();
  });

  it.each([
    ['business-env.xlsx', 8],
    ['rural-revitalization.docx', 6],
  ])(
    'previews an uploaded task-division table (%s) without writing anything',
    async (file, items) => {
      const form = new FormData();
      form.set('mode', 'preview');
      form.set(
        'file',
        new Blob([new Uint8Array(readFileSync(join(FIXTURES, 'tables', file)))]),
        file,
      );
      const res = await post(form, false);
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        counts: { items: number };
        items: { no: number; lead: string[] }[];
        warnings: { line: number; message: string }[];
      };
      expect(body.counts.items).toBe(items);
      // An item printed without any unit is shown, with a warning that names its row.
      const leaderless = body.items.filter((i) => i.lead.length === 0);
      expect(leaderless.length).toBeLessThanOrEqual(body.warnings.length);
      await nothingWritten();
    },
  );

  it.each([
    ['truncated.xlsx', 'CORRUPT_FILE', null],
    ['wrong-columns.xlsx', 'WRONG_COLUMNS', 'A2'],
  ])('refuses %s with %s, naming the cell', async (file, code, cell) => {
    const form = new FormData();
    form.set('mode', 'commit');
    form.set(
      'file',
      new Blob([new Uint8Array(readFileSync(join(FIXTURES, 'tables', file)))]),
      file,
    );
    const res = await post(form, false);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code, details: { file, cell } });
    await nothingWritten();
  });

  it('refuses to commit items without a lead until they are corrected or skipped', async () => {
    const upload = (corrections?: object) => {
      const form = new FormData();
      form.set('mode', 'commit');
      form.set('createUnknownUnits', 'true');
      // Its rows are flagged for review too; confirming them does not give an item a lead.
      form.set('confirmAllReview', 'true');
      if (corrections) form.set('corrections', JSON.stringify(corrections));
      form.set(
        'file',
        new Blob([new Uint8Array(readFileSync(join(FIXTURES, 'tables', 'business-env.xlsx')))]),
        'business-env.xlsx',
      );
      return post(form, false);
    };
    const refused = await upload();
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { code: string; details: { items: number[] } };
    expect(body.code).toBe('ITEMS_WITHOUT_LEAD');
    await nothingWritten();
    const ok = await upload({ items: body.details.items.map((no) => ({ no, skip: true })) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      created: true,
      counts: { items: 8 - body.details.items.length },
    });
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'admin', role: 'ADMIN' });
    await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    admin = await login(t.url, 'admin');
  });

  it('refuses a file over 20 MB with 413 and a message saying the limit', async () => {
    const form = new FormData();
    form.set('mode', 'commit');
    form.set('file', new Blob([new Uint8Array(21 * 1024 * 1024).fill(0x41)]), 'huge.txt');
    const res = await post(form, false);
    expect(res.status).toBe(413);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.message).toContain('20 MB');
    await nothingWritten();
  });

  it('rejects unknown fields, naming them', async () => {
    const res = await post(JSON.stringify({ mode: 'preview', text: 'x', deadline: '2026-01-01' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      code: string;
      details: { field: string; reason: string }[];
    };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details).toContainEqual(expect.objectContaining({ field: 'deadline' }));
    await nothingWritten();
  });

  it('rejects a malformed default deadline and an unknown mode', async () => {
    const res = await post(
      JSON.stringify({
        mode: 'commit',
        text: referencePlan().toString(),
        defaultDueOn: '2026/12/31',
      }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { details: { field: string }[] }).details[0]!.field).toBe(
      'defaultDueOn',
    );
    const mode = await post(JSON.stringify({ mode: 'import', text: 'x' }));
    expect(((await mode.json()) as { details: { field: string }[] }).details[0]!.field).toBe(
      'mode',
    );
    await nothingWritten();
  });

  it('lets only administrators import', async () => {
    const sup = await login(t.url, 'sup');
    const res = await fetch(`${t.url}/api/v1/plans/import`, {
      method: 'POST',
      headers: { ...sup, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'commit', text: referencePlan().toString() }),
    });
    expect(res.status).toBe(403);
    await nothingWritten();
  });

  it('imports an uploaded file and reports the counts', async () => {
    const form = new FormData();
    form.set('mode', 'commit');
    form.set('confirmAllReview', 'true');
    form.set('file', new Blob([new Uint8Array(referencePlan())]), '004_26c38e0122c86045.txt');
    const res = await post(form, false);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      created: true,
      counts: { items: 80, assignments: 224, units: 45 },
    });
    const plan = await t.prisma.plan.findFirstOrThrow();
    expect(plan.sourceName).toBe('004_26c38e0122c86045.txt');
  });
});
