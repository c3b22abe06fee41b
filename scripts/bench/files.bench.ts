/**
 * Files that cannot stall the service (issue 15), in `npm run bench -- --only=files`: the app over
 * HTTP in a sandbox database (`duban_bench_files`, dropped at the end), `GET /api/v1/health` asked
 * HEALTH_SAMPLES times one after the other, first idle, then while two clients upload plan documents
 * without pause, each in turn a .docx bomb (12 MB of XML in a 40 KB package, refused
 * DOCUMENT_TOO_COMPLEX on its central directory) and a ~1 MB .xlsx of several thousand rows (read in
 * full), both through `POST /plans/import` in preview mode:
 *
 *   files-health-idle-p50/p99   /health latency with nothing else to do (ms)
 *   files-health-busy-p50/p99   the same while the documents are refused and read. Baseline: the
 *                               idle figure; the ratio is what reading documents costs /health.
 *
 * The documents are read in the document workers (child processes), so the event loop that answers
 * /health only receives and forwards them; before, one such .docx held it for 29 s.
 */
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../src/infra/clock/clock';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { AuthService } from '../../src/modules/auth/auth.service';
import { hashPassword } from '../../src/modules/auth/password';
import { docxBomb } from '../../test/support/hostile-files';
import { type BenchRow, log, stats } from './measure';
import { buildWorkbook } from './parsers.bench';
import { createBenchApp, inBenchSandbox } from './sandbox';

const HEALTH_SAMPLES = Number(process.env.BENCH_FILES_HEALTH_SAMPLES ?? 200);
/** Pause between two /health calls, so that the samples spread over the uploads. */
const HEALTH_GAP_MS = 10;
const UPLOADERS = 2;

async function healthLatencies(url: string, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const res = await fetch(`${url}/api/v1/health`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, HEALTH_GAP_MS));
  }
  return times;
}

async function upload(url: string, token: string, name: string, content: Buffer) {
  const form = new FormData();
  form.append('mode', 'preview');
  form.append('file', new Blob([content]), name);
  const started = performance.now();
  const res = await fetch(`${url}/api/v1/plans/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await res.json()) as { code?: string; items?: unknown[] };
  return {
    status: res.status,
    code: body.code,
    items: body.items?.length,
    ms: performance.now() - started,
  };
}

export async function fileBenchmarks(): Promise<BenchRow[]> {
  const xlsx = await buildWorkbook();
  const bomb = docxBomb();
  log(
    `documents: .xlsx ${(xlsx.length / 1024).toFixed(0)} KB; .docx bomb ${(bomb.length / 1024).toFixed(0)} KB`,
  );
  const clock = new ManualClock('2026-11-25T01:30:00Z');
  return inBenchSandbox(
    { database: 'duban_bench_files', prefix: 'duban-bench-files' },
    async (sandbox) => {
      const app = await createBenchApp({ ...sandbox, clock, http: true, workers: false });
      try {
        await app.get(PrismaService).person.create({
          data: {
            username: 'bench.admin',
            displayName: '压测管理员',
            role: 'ADMIN',
            email: `bench-${randomUUID().slice(0, 8)}@example.test`,
            passwordHash: await hashPassword('bench-password-1'),
          },
        });
        const signIn = await app
          .get(AuthService)
          .login({ username: 'bench.admin', password: 'bench-password-1' });
        if (signIn.secondFactorRequired) throw new Error('the bench admin has no second factor');
        const token = signIn.accessToken;
        await app.listen(0, '127.0.0.1');
        const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

        // Warm: the workers start (and compile their entry) outside the measurement.
        const warm = await Promise.all([
          upload(url, token, 'warm.xlsx', xlsx),
          upload(url, token, 'warm.docx', bomb),
        ]);
        log(
          `warm-up: .xlsx ${warm[0].status} (${warm[0].items} items), bomb ${warm[1].status} ${warm[1].code}`,
        );

        const idle = await healthLatencies(url, HEALTH_SAMPLES);

        let stop = false;
        const read: number[] = [];
        const refused: number[] = [];
        const uploader = async () => {
          while (!stop) {
            const b = await upload(url, token, 'bomb.docx', bomb);
            if (b.code !== 'DOCUMENT_TOO_COMPLEX')
              throw new Error(`bomb answered ${b.status} ${b.code}`);
            refused.push(b.ms);
            const x = await upload(url, token, 'plan.xlsx', xlsx);
            if (x.status !== 200) throw new Error(`.xlsx answered ${x.status} ${x.code}`);
            read.push(x.ms);
          }
        };
        const uploading = Promise.all(Array.from({ length: UPLOADERS }, uploader));
        const busy = await healthLatencies(url, HEALTH_SAMPLES);
        stop = true;
        await uploading;
        log(
          `while measuring: ${refused.length} bombs refused (median ${stats(refused).median.toFixed(0)} ms), ` +
            `${read.length} .xlsx read (median ${stats(read).median.toFixed(0)} ms)`,
        );

        const pct = (times: number[], q: number) => {
          const s = [...times].sort((a, b) => a - b);
          return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
        };
        const row = (name: string, value: number, baseline: number): BenchRow => ({
          name,
          value,
          unit: 'ms',
          baseline,
          runs: HEALTH_SAMPLES,
        });
        return [
          row('files-health-idle-p50', pct(idle, 0.5), 0),
          row('files-health-idle-p99', pct(idle, 0.99), 0),
          row('files-health-busy-p50', pct(busy, 0.5), pct(idle, 0.5)),
          row('files-health-busy-p99', pct(busy, 0.99), pct(idle, 0.99)),
        ];
      } finally {
        await app.close();
      }
    },
  );
}
