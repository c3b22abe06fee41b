import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '../../src/config/app-config.service';
import { AuthService } from '../../src/modules/auth/auth.service';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { createPerson, PASSWORD, signedIn } from '../support/fixtures';
import { validPdf } from '../support/hostile-files';
import { registeredRoutes } from '../support/routes';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * Bad and hostile input on every registered route (read from the router, so a new route is
 * covered without editing this file): hostile path parameters, bodies of the wrong type or with
 * every field of the OpenAPI schema set to a wrong type or an injection string, unknown and
 * prototype-polluting fields, malformed, deeply nested and oversized JSON, junk query strings;
 * each sent as an administrator and as a department liaison. Every answer must be below 500, every
 * error must have the `{ code, message, details }` shape, every invalid request must be a 4xx,
 * and no row may be written (all tables counted before and after; the audit trail's
 * `access.denied` records of 403s are the one write a refusal makes). Then forged and expired
 * JWTs, and path traversal in evidence file names.
 */
const INJECTION = [
  "' OR '1'='1",
  '1; DROP TABLE task;--',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '${7*7}',
  '\u0000',
  'x'.repeat(5_000),
];
const HOSTILE_PARAMS = [...INJECTION.slice(0, 6), '-1', '99999999999999999999', 'null', '%00'];

interface Problem {
  request: string;
  status: number;
  body: string;
}

type Schema = { type?: string; format?: string; enum?: unknown[]; $ref?: string; items?: Schema };

describe('hostile input on every route (e2e)', () => {
  let t: TestApp;
  let evidenceDir: string;
  const tokens: Record<'admin' | 'liaison', string> = { admin: '', liaison: '' };
  let taskId: string;
  const liaisonVersion = 0;
  let sent = 0;
  const problems: Problem[] = [];

  /** Rows in every table; audit records other than access.denied (and their per-minute counts). */
  async function rowCounts(): Promise<Record<string, number>> {
    const tables = await t.prisma.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
      ORDER BY 1`;
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      if (name === 'access_denial_minute') continue;
      const where = name === 'audit_event' ? ` WHERE action <> 'access.denied'` : '';
      const [{ n }] = await t.prisma.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM "${name}"${where}`,
      );
      counts[name] = Number(n);
    }
    return counts;
  }

  /** Sends one request; records anything that is a 5xx, a wrong error shape, or (if `invalid`) not a 4xx. */
  async function probe(
    label: string,
    method: string,
    path: string,
    opts: { token?: string; body?: string; contentType?: string; invalid: boolean },
  ): Promise<number> {
    sent++;
    const res = await fetch(`${t.url}/api/v1${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined
          ? { 'content-type': opts.contentType ?? 'application/json' }
          : {}),
      },
      body: opts.body,
    });
    const text = await res.text();
    const problem = (why: string) =>
      problems.push({
        request: `${label}: ${method} ${path.slice(0, 120)} (${why})`,
        status: res.status,
        body: text.slice(0, 200),
      });
    if (res.status >= 500) problem('5xx');
    else if (opts.invalid && (res.status < 400 || res.status >= 500)) problem('not a 4xx');
    if (res.status >= 400) {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        problem('error body is not JSON');
      }
      const keys = Object.keys(body).filter((k) => !['code', 'message', 'details'].includes(k));
      if (
        typeof body.code !== 'string' ||
        !/^[A-Z][A-Z0-9_]+$/.test(body.code) ||
        typeof body.message !== 'string' ||
        !body.message ||
        keys.length > 0
      ) {
        problem('error shape');
      }
    }
    return res.status;
  }

  beforeAll(async () => {
    evidenceDir = await mkdtemp(join(tmpdir(), 'duban-hostile-evidence-'));
    t = await createTestApp({ env: { EVIDENCE_DIR: evidenceDir } });
    await resetDatabase(t.prisma);
    const admin = await createPerson(t.prisma, { username: 'h.admin', role: 'ADMIN' });
    await createPerson(t.prisma, {
      username: 'h.liaison',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    const plan = [
      '恶意输入测试方案',
      '测办〔2026〕7号  2026年11月2日',
      '',
      '一、总体任务',
      '(一)重点工作',
      '1.完善社会救助制度。(省民政厅)',
    ].join('\n');
    const result = await t.app
      .get(PlanImportService)
      .commit({ content: plan, sourceName: 'hostile.txt', confirmAllReview: true }, admin.id);
    taskId = (await t.prisma.task.findFirstOrThrow({ where: { planId: result.planId } })).id;
    const auth = t.app.get(AuthService);
    tokens.admin = (
      await signedIn(auth.login({ username: 'h.admin', password: PASSWORD }))
    ).accessToken;
    tokens.liaison = (
      await signedIn(auth.login({ username: 'h.liaison', password: PASSWORD }))
    ).accessToken;
  });

  afterAll(async () => {
    await t?.close();
    console.info(`hostile input: ${sent} requests, ${problems.length} problems`);
  });

  it('answers every route with a 4xx error of the common shape, never a 500, and writes nothing', async () => {
    const routes = registeredRoutes(t);
    expect(routes.length).toBeGreaterThanOrEqual(35);
    const doc = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
    const schemas = (doc.components?.schemas ?? {}) as Record<
      string,
      { properties?: Record<string, Schema> }
    >;
    const bodySchema = (method: string, path: string) => {
      const openApiPath = `/api/v1${path.replace(/:(\w+)/g, '{$1}')}`;
      const op = (
        doc.paths[openApiPath] as
          | Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>
          | undefined
      )?.[method.toLowerCase()];
      const content = op?.requestBody?.content;
      if (!content) return null;
      const schema = Object.values(content)[0]?.schema;
      const ref = schema?.$ref?.split('/').pop();
      return (ref ? schemas[ref]?.properties : undefined) ?? {};
    };
    const wrong = (s: Schema, i: number): unknown => {
      const injection = INJECTION[i % INJECTION.length];
      switch (s.type) {
        case 'string':
          return s.format || s.enum ? injection : [injection];
        case 'integer':
        case 'number':
          return injection;
        case 'boolean':
          return injection;
        case 'array':
          return injection;
        default:
          return s.$ref ? injection : 12345;
      }
    };
    const fill = (path: string, value: string) =>
      path.replace(/:(\w+)/g, () => encodeURIComponent(value));
    const validIds = (path: string) =>
      path.replace(/:(\w+)/g, (_m, name: string) =>
        name === 'year' ? '2026' : name === 'alias' ? 'x' : randomUUID(),
      );

    const parserRefusals = async (label: string, method: string, target: string, token: string) => {
      await probe(`${label}, malformed JSON`, method, target, {
        token,
        body: '{"percent": 1,',
        invalid: true,
      });
      await probe(`${label}, 3 MB`, method, target, {
        token,
        body: JSON.stringify({ x: 'y'.repeat(3 * 1024 * 1024) }),
        invalid: true,
      });
      await probe(`${label}, nested 50,000 deep`, method, target, {
        token,
        body: `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
        invalid: true,
      });
    };
    const before = await rowCounts();
    let routesWithBody = 0;
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      const writes = method !== 'GET';
      for (const who of ['admin', 'liaison'] as const) {
        const token = tokens[who];
        const label = `${route} as ${who}`;
        // Hostile path parameters.
        if (path.includes(':')) {
          for (const p of HOSTILE_PARAMS) {
            const body = writes ? '{}' : undefined;
            await probe(label, method, fill(path, p), { token, body, invalid: true });
          }
        }
        // Junk query strings: reads may ignore them (2xx), but never fail with a 5xx.
        const junk = `?limit=-1&offset=abc&from=${encodeURIComponent(INJECTION[0]!)}&to=${encodeURIComponent(INJECTION[2]!)}&format=${encodeURIComponent(INJECTION[3]!)}&role=%00&status[]=x`;
        if (!writes)
          await probe(label, method, `${validIds(path)}${junk}`, { token, invalid: false });
        if (!writes) continue;
        const target = validIds(path);
        // Bodies the parser refuses whatever the route and the caller (it runs before
        // authentication): malformed, oversized, deeply nested; sent once per route, as the
        // administrator (the fuzz suite sends such bodies on every route too).
        if (who === 'admin') await parserRefusals(label, method, target, token);
        const props = bodySchema(method, path);
        if (props === null) continue; // no body: the route ignores one
        if (who === 'admin') routesWithBody++;
        const bodies: unknown[] = [
          [],
          [{}],
          'text',
          42,
          true,
          null,
          JSON.parse('{"__proto__": {"role": "ADMIN"}, "constructor": {"prototype": {"x": 1}}}'),
          { '<script>alert(1)</script>': "' OR 1=1--" },
          Object.fromEntries(Object.entries(props).map(([k, s], i) => [k, wrong(s, i)])),
          ...Object.entries(props).map(([k, s], i) => ({ [k]: wrong(s, i + 1) })),
        ];
        for (const b of bodies) {
          await probe(label, method, target, { token, body: JSON.stringify(b), invalid: true });
        }
        await probe(label, method, target, {
          token,
          body: 'percent=1',
          contentType: 'text/plain',
          invalid: true,
        });
      }
    }
    const after = await rowCounts();
    expect(problems).toEqual([]);
    expect(after).toEqual(before);
    expect(routesWithBody).toBeGreaterThanOrEqual(15);
    expect(sent).toBeGreaterThan(500);
  }, 180_000);

  it('refuses forged, expired and malformed JWTs with 401 UNAUTHENTICATED and writes nothing', async () => {
    const secret = t.app.get(AppConfig).get('JWT_SECRET');
    const liaison = await t.prisma.person.findUniqueOrThrow({ where: { username: 'h.liaison' } });
    const claims = { sub: liaison.id, role: 'ADMIN', departmentId: liaison.departmentId };
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const [, payload] = tokens.liaison.split('.');
    const nowS = Math.floor(Date.now() / 1000);
    const forged: Record<string, string> = {
      expired: await new JwtService({ secret }).signAsync({
        ...claims,
        iat: nowS - 7200,
        exp: nowS - 3600,
      }),
      'wrong signature': await new JwtService({
        secret: 'another-secret-another-secret-1234',
      }).signAsync(claims),
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      'alg none, real payload': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'HS512 with the real secret': await new JwtService({ secret }).signAsync(claims, {
        algorithm: 'HS512',
      }),
      'tampered payload': `${tokens.liaison.split('.')[0]}.${b64({ ...claims, exp: nowS + 3600 })}.${tokens.liaison.split('.')[2]}`,
      'unknown person': await new JwtService({ secret }).signAsync({
        ...claims,
        sub: randomUUID(),
      }),
      'sub is SQL': await new JwtService({ secret }).signAsync({ ...claims, sub: "' OR 1=1--" }),
      'not a JWT': 'a.b.c',
      // Below Node's 16 KB header limit (above it Node itself answers 431), so the app sees it.
      huge: 'x'.repeat(12_000),
    };
    const before = await rowCounts();
    for (const [name, token] of Object.entries(forged)) {
      for (const [method, path, body] of [
        ['GET', '/auth/me', undefined],
        [
          'POST',
          `/tasks/${taskId}/reports`,
          JSON.stringify({ percent: 10, narrative: '伪造令牌', version: liaisonVersion }),
        ],
      ] as const) {
        sent++;
        const res = await fetch(`${t.url}/api/v1${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body,
        });
        const text = await res.text();
        const json = (text.startsWith('{') ? JSON.parse(text) : { code: text }) as { code: string };
        if (res.status !== 401 || json.code !== 'UNAUTHENTICATED') {
          problems.push({
            request: `JWT ${name}: ${method} ${path}`,
            status: res.status,
            body: JSON.stringify(json),
          });
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });

  it('stores evidence by content hash whatever the file name; path traversal writes nothing outside', async () => {
    const escape = join(tmpdir(), `duban-traversal-${randomUUID()}`);
    const names = [
      `../../../../../..${escape}.pdf`,
      `..\\..\\..\\${escape}.pdf`,
      `%2e%2e%2f%2e%2e%2f${escape}.pdf`,
    ];
    const pdf = validPdf();
    const send = async (files: { name: string; content: Buffer; type: string }[]) => {
      const form = new FormData();
      form.append('summary', '已按要求完成<script>alert(1)</script>');
      form.append(
        'version',
        String((await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).version),
      );
      for (const f of files) form.append('files', new Blob([f.content], { type: f.type }), f.name);
      sent++;
      const res = await fetch(`${t.url}/api/v1/tasks/${taskId}/requests/closure`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.liaison}` },
        body: form,
      });
      return { status: res.status, body: (await res.json()) as { code?: string } };
    };
    // A script with a traversal name: refused by content, nothing stored anywhere.
    const before = await rowCounts();
    const refused = await send([
      {
        name: `../../${escape}.sh`,
        content: Buffer.from('#!/bin/sh\nrm -rf /\n'),
        type: 'application/pdf',
      },
    ]);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect(await rowCounts()).toEqual(before);
    expect((await readdir(evidenceDir)).filter((f) => !f.startsWith('.'))).toEqual([]);
    // A real PDF under traversal names: accepted, stored once under its SHA-256 inside the evidence directory.
    const accepted = await send(
      names.map((name) => ({ name, content: pdf, type: 'application/pdf' })),
    );
    expect(accepted.status).toBe(201);
    const stored = (await readdir(evidenceDir)).filter((f) => !f.startsWith('.'));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(`${escape}.pdf`)).toBe(false);
    expect(existsSync(`${escape}.sh`)).toBe(false);
  });
});
