import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { registeredRoutes } from '../support/routes';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { ACTORS, Actor } from './authz/actors';
import { Ctx, freshTask, pendingRequest, setUp } from './authz/context';
import type { Row } from './authz/row';
import { NOTICE_ROWS } from './authz/rows-notices';
import { ACKNOWLEDGEMENT_ROWS } from './authz/rows-acknowledgement';
import { PLAN_ROWS } from './authz/rows-plans';
import { PLATFORM_ROWS } from './authz/rows-platform';
import { SUPERVISION_ROWS } from './authz/rows-supervision';
import { TASK_ROWS } from './authz/rows-tasks';
import { WORK_ITEM_ROWS } from './authz/rows-work-items';
import { LIFECYCLE_ROWS } from './authz/rows-lifecycle';

/**
 * The authorization matrix: every registered route × every actor (each role, at the top level and
 * in a region: see authz/actors.ts) × the positions of its resource (in scope, a sibling region,
 * the level above, missing), with the exact status; every successful answer is searched for the
 * ids and addresses the actor may not see (a list filters by omission). The routes are read from
 * the Express router at test start: a route without a row, or a route on one resource that tries
 * no region axis without saying why, fails the suite.
 */
const ROWS: Row[] = [
  ...PLATFORM_ROWS,
  ...PLAN_ROWS,
  ...TASK_ROWS,
  ...SUPERVISION_ROWS,
  ...WORK_ITEM_ROWS,
  ...NOTICE_ROWS,
  ...LIFECYCLE_ROWS,
  ...ACKNOWLEDGEMENT_ROWS,
];

/** Cells of one row run this many at a time (each builds its own resources). */
const PARALLEL = 4;

async function inBatches<T>(items: T[], n: number, run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += n) await Promise.all(items.slice(i, i + n).map(run));
}

describe('authorization matrix (e2e)', () => {
  let t: TestApp;
  let c: Ctx;

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.prisma);
    c = await setUp(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  /**
   * One request as the actor, from a loopback address of its own (127.0.0.2, .3, …): the sign-in
   * budget is per client IP, and twelve actors signing in from one address would exhaust it.
   */
  const call = (actor: Actor, method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; text: () => Promise<string> }>((resolve, reject) => {
      const payload = body !== undefined ? JSON.stringify(body) : undefined;
      const req = request(
        `${t.url}/api/v1${path}`,
        {
          method,
          localAddress: `127.0.0.${2 + ACTORS.indexOf(actor)}`,
          headers: {
            ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(actor !== 'anon' ? { authorization: `Bearer ${c.tokens[actor]}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode!, text: async () => text });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  it('has exactly one row for every registered route, each with a scope rule', () => {
    const registered = registeredRoutes(t);
    const covered = ROWS.map((r) => r.route).sort();
    expect(new Set(covered).size).toBe(covered.length);
    const missing = registered.filter((r) => !covered.includes(r));
    const stale = covered.filter((r) => !registered.includes(r));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    expect(registered.length).toBeGreaterThanOrEqual(70);
    // A route on one resource tries it in scope, in a sibling region and at the level above (a
    // region has no level above among the regions: X's county stands in), or says why not.
    const noAxis = ROWS.filter(
      (r) =>
        r.route.includes(':') &&
        !r.regionless &&
        !(
          r.where.includes('x') &&
          r.where.includes('y') &&
          (r.where.includes('own') || r.where.includes('x1'))
        ),
    ).map((r) => r.route);
    expect(noAxis).toEqual([]);
    // Every actor is tried on every row.
    expect(ACTORS).toHaveLength(12);
  });

  it('answers every route × actor × position with the exact status, and shows nothing out of scope', async () => {
    const mismatches: string[] = [];
    let requests = 0;
    let scanned = 0;
    const slow: [number, string][] = [];
    for (const row of ROWS) {
      const started = performance.now();
      const cells = ACTORS.flatMap((actor) => row.where.map((where) => ({ actor, where })));
      await inBatches(cells, row.serial ? 1 : PARALLEL, async ({ actor, where }) => {
        const req = await row.request(c, actor, where);
        const res = await call(actor, req.method, req.path, req.body);
        const text = await res.text();
        requests++;
        const want = row.expect(actor, where);
        const cell = `${row.route} as ${actor} (${where})`;
        if (res.status !== want) {
          mismatches.push(`${cell}: want ${want}, got ${res.status} ${text.slice(0, 160)}`);
          return;
        }
        if (res.status === 403 || res.status === 404) {
          const code = (JSON.parse(text) as { code: string }).code;
          if (code !== (res.status === 403 ? 'FORBIDDEN' : 'NOT_FOUND')) {
            mismatches.push(`${cell}: ${res.status} with code ${code}`);
          }
        }
        if (res.status >= 300 || row.unscanned) return;
        scanned++;
        const leaked = c.hidden[actor].filter((id) => text.includes(id));
        if (leaked.length) mismatches.push(`${cell}: shows out of scope ${leaked.join(', ')}`);
        const absent = (row.shows?.(c, actor) ?? []).filter((id) => !text.includes(id));
        if (absent.length) mismatches.push(`${cell}: does not show ${absent.join(', ')}`);
      });
      slow.push([performance.now() - started, row.route]);
    }
    const top = slow.sort((a, b) => b[0] - a[0]).slice(0, 3);
    console.log(
      `authorization matrix: ${ROWS.length} routes × ${ACTORS.length} actors × ` +
        `${ROWS.reduce((n, r) => n + r.where.length, 0)} positions = ${requests} requests ` +
        `(${scanned} answers searched for out-of-scope ids); slowest rows: ` +
        top.map(([ms, r]) => `${r} ${(ms / 1000).toFixed(1)} s`).join(', '),
    );
    expect(mismatches).toEqual([]);
  }, 180_000);

  it('lets a leader read a task on which a department under them only supports', async () => {
    const task3 = await t.prisma.task.findFirstOrThrow({ where: { planId: c.plans.own, no: 3 } });
    // 省民政厅 supports item 3 (lead 省发展改革委): both leaders read it.
    expect((await call('LEADER', 'GET', `/tasks/${task3.id}`)).status).toBe(200);
    expect((await call('LEADER_NO_DEPT', 'GET', `/tasks/${task3.id}`)).status).toBe(200);
  });

  it("shows a leader a plan's roll-up for the items of its departments only", async () => {
    // A task of X's plan below each of the top plan's items 1 (A's) and 2 (B's).
    for (const parent of [c.tasks.own, c.tasks.other]) {
      const { taskId } = await freshTask(c, 'x');
      await t.prisma.task.update({ where: { id: taskId }, data: { parentTaskId: parent } });
    }
    const items = async (actor: Actor) => {
      const res = await call(actor, 'GET', `/plans/${c.plans.own}/rollup`);
      expect(res.status).toBe(200);
      const body = JSON.parse(await res.text()) as { items: { taskId: string }[] };
      return body.items.map((i) => i.taskId).sort();
    };
    expect(await items('SUPERVISOR')).toEqual([c.tasks.own, c.tasks.other].sort());
    expect(await items('LEADER')).toEqual([c.tasks.own]);
    expect(await items('LEADER_NO_DEPT')).toEqual([]);
  });

  it("refuses a region office's reassignment to a department outside its region", async () => {
    const id = await pendingRequest(c, 'x', 'DISPUTE');
    const reassign = (departmentId: string) =>
      call('X_SUPERVISOR', 'POST', `/requests/${id}/reassign`, {
        leadDepartmentIds: [departmentId],
        reason: '矩阵测试重新交办',
      });
    expect((await reassign(c.departments.c)).status).toBe(400);
    expect((await reassign(c.departments.ya)).status).toBe(400);
    expect((await reassign(c.departments.x1a)).status).toBe(200);
  });

  it("follows a change of the leader's departments at once (PUT /people/:id/departments)", async () => {
    const put = (id: string, body: unknown) =>
      call('ADMIN', 'PUT', `/people/${id}/departments`, body);
    const read = async () =>
      (await call('LEADER_NO_DEPT', 'GET', `/tasks/${c.tasks.other}`)).status;
    expect(await read()).toBe(404);
    const res = await put(c.people.LEADER_NO_DEPT, { departmentIds: [c.departments.b] });
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toEqual({
      personId: c.people.LEADER_NO_DEPT,
      departments: [{ id: c.departments.b, name: '省财政厅' }],
    });
    expect(await read()).toBe(200);
    const audit = await t.prisma.auditEvent.findFirst({
      where: { action: 'person.leader_departments_set', entityId: c.people.LEADER_NO_DEPT },
    });
    expect(audit).not.toBeNull();
    // Back to 省发展改革委 only.
    expect((await put(c.people.LEADER_NO_DEPT, { departmentIds: [c.departments.c] })).status).toBe(
      200,
    );
    expect(await read()).toBe(404);

    // Not a leader, an unknown person, an unknown or collective department, a malformed body.
    expect((await put(c.people.LIAISON, { departmentIds: [] })).status).toBe(400);
    expect((await put(randomUUID(), { departmentIds: [] })).status).toBe(404);
    expect((await put(c.people.target, { departmentIds: [randomUUID()] })).status).toBe(400);
    expect((await put(c.people.target, { departmentIds: [c.departments.collective] })).status).toBe(
      400,
    );
    expect((await put(c.people.target, { departmentIds: ['x'] })).status).toBe(400);
    expect((await put(c.people.target, {})).status).toBe(400);
  });
});
