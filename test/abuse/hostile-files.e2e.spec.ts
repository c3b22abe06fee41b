import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentWorkers } from '../../src/infra/worker-pool/document-workers';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { createPerson, eventually, login } from '../support/fixtures';
import {
  docxBomb,
  manyEntriesZip,
  pdfLookAlike,
  pngLookAlike,
  validDocx,
  validJpeg,
  validPng,
  wordFolderOnlyZip,
  xlsxBomb,
} from '../support/hostile-files';
import { asOwner } from '../support/owner-db';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * Files that cannot stall the service (issue 15): plan documents and evidence are read in document
 * workers, ZIP bombs are refused on their central directory, look-alikes by parsing; each refusal
 * is coded and writes nothing. While a worker chews on a bomb, /health still answers; a worker
 * killed by its heap limit is replaced and the next document is read.
 */
type Reply = { status: number; body: { code?: string; message?: string; items?: unknown[] } };

async function send(url: string, headers: Record<string, string>, form: FormData): Promise<Reply> {
  const res = await fetch(url, { method: 'POST', headers, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Reply['body']) : {} };
}

function importPlan(t: TestApp, admin: Record<string, string>, name: string, content: Buffer) {
  const form = new FormData();
  form.append('mode', 'preview');
  form.append('file', new Blob([content]), name);
  return send(`${t.url}/api/v1/plans/import`, admin, form);
}

describe('hostile files (e2e)', () => {
  describe('with the default caps', () => {
    let t: TestApp;
    let evidenceDir: string;
    let admin: Record<string, string>;
    let liaison: Record<string, string>;
    let taskId: string;

    const stored = async () =>
      (await readdir(evidenceDir).catch(() => [])).filter((f) => !f.startsWith('.'));
    const closure = (files: { name: string; content: Buffer }[]) => {
      const form = new FormData();
      form.append('summary', '已完成');
      form.append('version', '0');
      for (const f of files) form.append('files', new Blob([f.content]), f.name);
      return send(`${t.url}/api/v1/tasks/${taskId}/requests/closure`, liaison, form);
    };

    beforeAll(async () => {
      evidenceDir = await mkdtemp(join(tmpdir(), 'duban-hostile-files-'));
      t = await createTestApp({ env: { EVIDENCE_DIR: evidenceDir } });
      await resetDatabase(t.prisma);
      await asOwner('TRUNCATE task_request, evidence CASCADE');
      await createPerson(t.prisma, { username: 'hf.admin', role: 'ADMIN' });
      await createPerson(t.prisma, {
        username: 'hf.liaison',
        role: 'LIAISON',
        departmentName: '省民政厅',
      });
      const { planId } = await t.app.get(PlanImportService).commit(
        {
          content: '文件测试方案\n一、总体任务\n1.完善社会救助制度。(省民政厅)',
          sourceName: 'f.txt',
          confirmAllReview: true,
          createUnknownUnits: true,
        },
        null,
      );
      taskId = (await t.prisma.task.findFirstOrThrow({ where: { planId } })).id;
      admin = await login(t.url, 'hf.admin');
      liaison = await login(t.url, 'hf.liaison');
    });
    afterAll(async () => {
      await t?.close();
      await rm(evidenceDir, { recursive: true, force: true });
    });

    it.each([
      ['a .docx whose document inflates 290 times', 'bomb.docx', () => docxBomb()],
      ['an .xlsx whose sheet inflates 480 times', 'bomb.xlsx', () => xlsxBomb()],
      ['a ZIP of 100,000 entries', 'many.docx', () => manyEntriesZip()],
    ])(
      'refuses %s as a plan with 413 DOCUMENT_TOO_COMPLEX, writing nothing',
      async (_, name, make) => {
        const before = await t.prisma.plan.count();
        const res = await importPlan(t, admin, name, make());
        expect(res.status).toBe(413);
        expect(res.body.code).toBe('DOCUMENT_TOO_COMPLEX');
        expect(res.body.message).toContain(name);
        expect(await t.prisma.plan.count()).toBe(before);
      },
    );

    it.each([
      ['%PDF- followed by HTML', '佐证.pdf', pdfLookAlike, 400, 'FILE_CONTENT_MISMATCH'],
      ['a PNG signature followed by SVG', '照片.png', pngLookAlike, 400, 'FILE_CONTENT_MISMATCH'],
      [
        'a ZIP with only a word/ entry',
        '材料.docx',
        wordFolderOnlyZip,
        400,
        'FILE_CONTENT_MISMATCH',
      ],
      ['a .docx bomb', '材料.docx', () => docxBomb(), 413, 'DOCUMENT_TOO_COMPLEX'],
    ])('refuses %s as evidence (%#), storing nothing', async (_, name, make, status, code) => {
      const res = await closure([{ name, content: make() }]);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toContain(name);
      expect(await stored()).toEqual([]);
      expect(await t.prisma.evidence.count()).toBe(0);
      expect(await t.prisma.taskRequest.count()).toBe(0);
      expect((await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe(
        'ASSIGNED',
      );
    });

    it('accepts a real PNG, JPEG and .docx as evidence, typed by their content', async () => {
      const res = await closure([
        { name: 'a.png', content: validPng() },
        { name: 'b.jpg', content: validJpeg() },
        { name: 'c.docx', content: await validDocx() },
      ]);
      expect(res.status).toBe(201);
      const rows = await t.prisma.evidence.findMany({ where: { kind: 'FILE' } });
      expect(rows.map((r) => r.mimeType).sort()).toEqual([
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'image/jpeg',
        'image/png',
      ]);
      expect(await stored()).toHaveLength(3);
    });
  });

  describe('with the caps raised, so that a bomb reaches the parser', () => {
    let t: TestApp;
    let admin: Record<string, string>;

    beforeAll(async () => {
      t = await createTestApp({
        env: {
          DOCUMENT_WORKERS: '1',
          DOCUMENT_WORKER_HEAP_MB: '64',
          DOCUMENT_MAX_RATIO: '1000000',
          DOCUMENT_MAX_UNPACKED_MB: '1000',
          DOCUMENT_PARSE_TIMEOUT_MS: '120000',
        },
      });
      await resetDatabase(t.prisma);
      await createPerson(t.prisma, { username: 'hf2.admin', role: 'ADMIN' });
      admin = await login(t.url, 'hf2.admin');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('answers /health while the worker reads a bomb; the worker dies on its heap limit and is replaced', async () => {
      const pool = t.app.get(DocumentWorkers).pool;
      const reading = importPlan(t, admin, 'bomb.docx', docxBomb(24));
      await eventually(() => Promise.resolve(pool.busyCount === 1));
      const health = await fetch(`${t.url}/api/v1/health`);
      expect(health.status).toBe(200);
      // Still busy when /health answered: it did not wait for the document.
      expect(pool.busyCount).toBe(1);

      const refused = await reading;
      expect(refused.status).toBe(413);
      expect(refused.body.code).toBe('DOCUMENT_TOO_COMPLEX');
      expect(await t.prisma.plan.count()).toBe(0);

      // The next document is read by a fresh worker.
      const next = await importPlan(t, admin, 'plan.docx', await validDocx());
      expect(next.status).toBe(200);
      expect(next.body.items).toHaveLength(1);
      expect(pool.workerCount).toBe(1);
    });
  });
});
