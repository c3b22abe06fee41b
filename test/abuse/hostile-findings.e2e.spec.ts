import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AuthService } from '../../src/modules/auth/auth.service';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { createPerson, PASSWORD, signedIn } from '../support/fixtures';
import { registeredRoutes } from '../support/routes';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * The hostile inputs a probe of the running demo answered with a 500 (issue 15): a NUL byte in a
 * text field, a number beyond PostgreSQL's integer on a report, a huge paging offset, a null plan
 * text, wrong types in a plan policy; and the API's headers. Each is refused with a coded 400 in
 * Chinese that names the field.
 */
type Schema = { type?: string; format?: string; enum?: unknown[]; $ref?: string };

describe('hostile input the probe found (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let liaison: string;
  let support: string;
  let taskId: string;
  let planId: string;

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${t.url}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: { code?: string; message?: string; details?: { field?: string }[] } = {};
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: json, headers: res.headers };
  };

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.prisma);
    const a = await createPerson(t.prisma, { username: 'f.admin', role: 'ADMIN' });
    await createPerson(t.prisma, {
      username: 'f.liaison',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    await createPerson(t.prisma, {
      username: 'f.support',
      role: 'LIAISON',
      departmentName: '省财政厅',
    });
    const plan = [
      '恶意输入方案',
      '测办〔2026〕9号  2026年11月2日',
      '一、总体任务',
      '1.完善社会救助制度。(省民政厅、省财政厅)',
    ];
    const result = await t.app
      .get(PlanImportService)
      .commit({ content: plan.join('\n'), sourceName: 'f.txt', confirmAllReview: true }, a.id);
    planId = result.planId!;
    taskId = (await t.prisma.task.findFirstOrThrow({ where: { planId } })).id;
    const auth = t.app.get(AuthService);
    admin = (await signedIn(auth.login({ username: 'f.admin', password: PASSWORD }))).accessToken;
    liaison = (await signedIn(auth.login({ username: 'f.liaison', password: PASSWORD })))
      .accessToken;
    support = (await signedIn(auth.login({ username: 'f.support', password: PASSWORD })))
      .accessToken;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a NUL byte in any text field of any route with a 400 naming the field', async () => {
    const login = await call('POST', '/auth/login', undefined, {
      username: 'f.admin\u0000',
      password: PASSWORD,
    });
    expect(login.status).toBe(400);
    expect(login.body.code).toBe('VALIDATION_FAILED');
    expect(login.body.details?.[0]?.field).toBe('username');
    expect(login.body.message).toMatch(/空字符/);

    const doc = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
    const schemas = (doc.components?.schemas ?? {}) as Record<
      string,
      { properties?: Record<string, Schema> }
    >;
    const fails: string[] = [];
    let tried = 0;
    for (const route of registeredRoutes(t)) {
      const [method, path] = route.split(' ') as [string, string];
      if (method === 'GET' || method === 'DELETE') continue;
      const op = (
        doc.paths[`/api/v1${path.replace(/:(\w+)/g, '{$1}')}`] as
          | Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>
          | undefined
      )?.[method.toLowerCase()];
      const ref = Object.values(op?.requestBody?.content ?? {})[0]
        ?.schema?.$ref?.split('/')
        .pop();
      const props = ref ? (schemas[ref]?.properties ?? {}) : {};
      const texts = Object.entries(props).filter(([, s]) => s.type === 'string' && !s.enum);
      if (texts.length === 0) continue;
      const body = Object.fromEntries(texts.map(([k]) => [k, '正常\u0000内容']));
      const target = path.replace(/:(\w+)/g, (_m, name: string) =>
        name === 'id' && path.startsWith('/tasks')
          ? taskId
          : name === 'year'
            ? '2026'
            : randomUUID(),
      );
      for (const token of [admin, liaison]) {
        tried++;
        const res = await call(method, target, token, body);
        if (res.status >= 500) fails.push(`${route}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    console.info(`NUL bytes: ${tried} requests`);
    expect(tried).toBeGreaterThan(20);
    expect(fails).toEqual([]);
  });

  it('refuses a report version beyond PostgreSQL integers', async () => {
    const res = await call('POST', `/tasks/${taskId}/reports`, liaison, {
      percent: 10,
      narrative: '进展',
      version: 2 ** 31,
    });
    expect(res.status).toBe(400);
    expect(res.body.details?.map((d) => d.field)).toContain('version');
  });

  it('refuses a huge paging offset on every list', async () => {
    const fails: string[] = [];
    for (const route of registeredRoutes(t).filter((r) => r.startsWith('GET /supervision/'))) {
      const path = route.slice(4);
      if (path.includes(':')) continue;
      const res = await call('GET', `${path}?offset=1e20&limit=10`, admin);
      if (res.status >= 500) fails.push(`${route}: ${res.status}`);
    }
    expect(fails).toEqual([]);
    const overdue = await call('GET', '/supervision/overdue?offset=1e20', admin);
    expect(overdue.status).toBe(400);
    expect(overdue.body.details?.map((d) => d.field)).toContain('offset');
  });

  it('refuses a null plan text', async () => {
    // With a valid mode: without one, the missing mode was refused and hid the 500 (found by the fuzz).
    const res = await call('POST', '/plans/import', admin, { mode: 'preview', text: null });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    [{ deadlineReminders: 5 }, 'deadlineReminders'],
    [{ deadlineReminders: 'T-5' }, 'deadlineReminders'],
    [{ quietHours: 'night' }, 'quietHours'],
    [{ escalation: [1, 5, 10] }, 'escalation'],
    [{ reporting: null }, 'reporting'],
    [{ lagging: { gapPercent: '30' } }, 'lagging.gapPercent'],
  ])('refuses the wrong types of plan policy %j', async (policy, field) => {
    const res = await call('PUT', `/plans/${planId}/policy`, admin, policy);
    expect(res.status).toBe(400);
    expect(res.body.details?.map((d) => d.field)).toContain(field);
  });

  it('refuses names made only of invisible characters', async () => {
    for (const name of ['\u200B\u200C\u200D', '\u202E\u2066\uFEFF', '\u3164\u3164', '  \u2800 ']) {
      const dept = await call('POST', '/departments', admin, { name });
      expect(dept.status).toBe(400);
      expect(dept.body.details?.map((d) => d.field)).toContain('name');
      expect(dept.body.message).toMatch(/看得见/);
    }
    expect(await t.prisma.department.count({ where: { name: { startsWith: '\u200B' } } })).toBe(0);
    const region = await call('POST', '/regions', admin, {
      code: '320100',
      name: '\u200B\u200B\u200B',
      level: 'CITY',
    });
    expect(region.status).toBe(400);
    expect(region.body.details?.map((d) => d.field)).toContain('name');
  });

  it('refuses evidence from a department that may not ask for closure before reading it', async () => {
    // 省财政厅 supports the task: it may report, not ask for closure. The upload is left unfinished
    // (1 MB sent of a declared 52 MB): an answer can only come if the server does not wait for it.
    const url = new URL(`${t.url}/api/v1/tasks/${taskId}/requests/closure`);
    const boundary = 'duban-boundary';
    const head = Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="big.pdf"\r\n` +
        'content-type: application/pdf\r\n\r\n%PDF-1.7\n',
    );
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${support}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(52 * 1024 * 1024),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') reject(e);
      });
      req.write(head);
      req.write(Buffer.alloc(1024 * 1024, 0x20));
    });
    expect(status).toBe(403);
    expect(await t.prisma.taskRequest.count()).toBe(0);
  });

  it('says nothing about the framework and sends the basic security headers', async () => {
    const res = await call('GET', '/health');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
