import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createPerson, login } from '../support/fixtures';
import { validPdf } from '../support/hostile-files';
import { asOwner } from '../support/owner-db';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * New work of every source through the API (单项督办, 批示件, 会议议定事项, 上级交办/人大建议/政协
 * 提案), each a `plan` row of its source with tasks, assignments, reminders and an audit record;
 * the office's hand edit of an item. Clock: Monday 2026-11-23 09:00 Shanghai.
 */
const NOW = '2026-11-23T01:00:00Z';

describe('work items (e2e)', () => {
  let t: TestApp;
  let evidenceDir: string;
  let sup: Record<string, string>;
  let xSup: Record<string, string>;
  let mzLiaison: Record<string, string>;
  const ids = {} as Record<'mz' | 'cz' | 'fg' | 'xmz' | 'leader' | 'xLeader' | 'sup', string>;

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
  const pending = (taskId: string) =>
    t.prisma.reminder.findMany({
      where: { assignment: { taskId }, kind: 'DEADLINE_APPROACHING', status: 'PENDING' },
      include: { assignment: true },
    });

  beforeAll(async () => {
    evidenceDir = await mkdtemp(join(tmpdir(), 'duban-work-'));
    t = await createTestApp({ start: NOW, env: { EVIDENCE_DIR: evidenceDir } });
    await resetDatabase(t.prisma);
    await asOwner('TRUNCATE task_request, evidence CASCADE');
    const x = await t.prisma.region.create({
      data: { code: `97${process.pid % 10000}`, name: '试点市', level: 'CITY' },
    });
    ids.sup = (await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' })).id;
    await createPerson(t.prisma, { username: 'xsup', role: 'SUPERVISOR', regionId: x.id });
    const mz = await createPerson(t.prisma, {
      username: 'mz',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    ids.mz = mz.departmentId!;
    ids.cz = (await t.prisma.department.create({ data: { name: '省财政厅' } })).id;
    ids.fg = (await t.prisma.department.create({ data: { name: '省发展改革委' } })).id;
    await t.prisma.departmentAlias.create({ data: { alias: '发改委', departmentId: ids.fg } });
    ids.xmz = (
      await t.prisma.department.create({ data: { name: '试点市民政局', regionId: x.id } })
    ).id;
    ids.leader = (await createPerson(t.prisma, { username: 'leader', role: 'LEADER' })).id;
    ids.xLeader = (
      await createPerson(t.prisma, { username: 'xleader', role: 'LEADER', regionId: x.id })
    ).id;
    sup = await login(t.url, 'sup');
    xSup = await login(t.url, 'xsup');
    mzLiaison = await login(t.url, 'mz');
  });
  afterAll(async () => {
    await t?.close();
    await rm(evidenceDir, { recursive: true, force: true });
  });

  it('creates a single item: names through the directory and its aliases, reminders, audit', async () => {
    const requestId = randomUUID();
    const body = {
      text: '开展养老机构安全隐患排查整治',
      lead: ['省民政厅'],
      support: ['发改委'],
      dueOn: '2026-12-31',
      requestId,
    };
    const res = await call('POST', '/work-items/single', sup, body);
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(true);
    expect(res.body.reminders.pending).toBe(4);
    const plan = await t.prisma.plan.findUniqueOrThrow({
      where: { id: res.body.planId },
      include: { tasks: { include: { assignments: { orderBy: { ordinal: 'asc' } } } } },
    });
    expect(plan).toMatchObject({ source: 'SINGLE', createdById: ids.sup, regionId: null });
    expect(plan.title).toBe('开展养老机构安全隐患排查整治');
    expect(plan.publishedAt).not.toBeNull();
    expect((plan.policy as { acknowledgement: unknown }).acknowledgement).toEqual({
      workingDays: 3,
      urgeAfter: 1,
    });
    const [task] = plan.tasks;
    expect(task).toMatchObject({
      no: 1,
      source: 'SINGLE',
      dueSource: 'STATED',
      status: 'ASSIGNED',
    });
    expect(task!.assignments.map((a) => [a.departmentId, a.role])).toEqual([
      [ids.mz, 'LEAD'],
      [ids.fg, 'SUPPORT'],
    ]);
    // T−5 and T−1 working days for each of the two departments.
    expect((await pending(task!.id)).map((r) => r.dueOn.toISOString().slice(0, 10))).toEqual(
      Array(4).fill('2026-12-31'),
    );
    const audit = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'work.created', entityId: plan.id },
    });
    expect(audit.actorId).toBe(ids.sup);

    // A double click: the same request id gives the same work back, nothing new is written.
    const again = await call('POST', '/work-items/single', sup, body);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ planId: plan.id, created: false });
    expect(await t.prisma.plan.count({ where: { source: 'SINGLE' } })).toBe(1);
    // The plans list stays a list of plans; the single item is in the work-item list.
    expect((await call('GET', '/plans', sup)).body).toEqual([]);
    expect((await call('GET', '/work-items', sup)).body).toEqual([
      expect.objectContaining({ id: plan.id, source: 'SINGLE', tasks: 1 }),
    ]);
  });

  it('names the field and the unknown unit, with suggestions, and writes nothing', async () => {
    const before = await t.prisma.plan.count();
    const res = await call('POST', '/work-items/single', sup, {
      text: '推进数字政府建设',
      lead: ['省民政局'],
      support: [ids.cz, '省财政'],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['lead[0]', 'support[1]', 'dueOn']));
    const lead = res.body.details.find((d: { field: string }) => d.field === 'lead[0]');
    expect(lead.reason).toContain('省民政局');
    expect(lead.suggestions[0].name).toBe('省民政厅');
    expect(await t.prisma.plan.count()).toBe(before);
  });

  it('refuses departments and leaders outside the office: a region office names its own', async () => {
    const res = await call('POST', '/work-items/instruction', xSup, {
      text: '抓好冬季供暖保障',
      lead: [ids.mz],
      leaderId: ids.leader,
      issuedOn: '2026-11-20',
      dueOn: '2026-12-15',
    });
    expect(res.status).toBe(400);
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['lead[0]', 'leaderId']));
    // By name: X's office reads X's directory (试点市民政局), with its own leader.
    const ok = await call('POST', '/work-items/instruction', xSup, {
      text: '抓好冬季供暖保障',
      lead: ['试点市民政局'],
      leaderId: ids.xLeader,
      issuedOn: '2026-11-20',
      dueOn: '2026-12-15',
    });
    expect(ok.status).toBe(201);
    const plan = await t.prisma.plan.findUniqueOrThrow({ where: { id: ok.body.planId } });
    expect(plan.regionId).not.toBeNull();
    // The top office cannot read it as a missing one? It can: X is below it. A liaison cannot.
    expect((await call('GET', `/work-items/${plan.id}`, mzLiaison)).status).toBe(403);
  });

  it("creates a leader's instruction with its document and the instruction's policy", async () => {
    const form = new FormData();
    const fields: Record<string, string> = {
      text: '请民政厅牵头研究困难群众冬季救助,一周内报送方案',
      leaderId: ids.leader,
      issuedOn: '2026-11-20',
      documentNumber: '领导批示〔2026〕7号',
      ongoing: 'true',
    };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('lead', '省民政厅');
    form.append('support', '省财政厅');
    form.append('support', ids.fg);
    form.append(
      'document',
      new Blob([validPdf('pishi')], { type: 'application/pdf' }),
      '批示件.pdf',
    );
    const res = await fetch(`${t.url}/api/v1/work-items/instruction`, {
      method: 'POST',
      headers: sup,
      body: form,
    });
    const body = (await res.json()) as { planId: string; taskIds: string[] };
    expect(res.status).toBe(201);
    const plan = await t.prisma.plan.findUniqueOrThrow({ where: { id: body.planId } });
    expect(plan).toMatchObject({
      source: 'INSTRUCTION',
      leaderId: ids.leader,
      documentNumber: '领导批示〔2026〕7号',
    });
    expect(plan.issuedOn!.toISOString().slice(0, 10)).toBe('2026-11-20');
    const policy = plan.policy as Record<string, Record<string, unknown>>;
    expect(policy.acknowledgement!.workingDays).toBe(1);
    expect(policy.reporting).toMatchObject({ cadence: 'weekly', dueDay: 5, firstWithin: 5 });
    expect(policy.review).toEqual({ head: false, leader: true });
    const task = await t.prisma.task.findUniqueOrThrow({
      where: { id: body.taskIds[0] },
      include: { assignments: true, evidence: true },
    });
    expect(task).toMatchObject({ source: 'INSTRUCTION', dueOn: null, dueSource: 'ONGOING' });
    expect(task.assignments).toHaveLength(3);
    expect(task.evidence).toHaveLength(1);
    expect(task.evidence[0]).toMatchObject({ fileName: '批示件.pdf', mimeType: 'application/pdf' });

    const read = await call('GET', `/work-items/${plan.id}`, sup);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      source: 'INSTRUCTION',
      leader: { id: ids.leader, name: 'leader' },
      document: { fileName: '批示件.pdf' },
    });
    expect(read.body.tasks[0].lead).toEqual([{ id: ids.mz, name: '省民政厅' }]);

    // The assigned liaison reads where the task comes from and downloads the instruction.
    const source = await call('GET', `/tasks/${task.id}/source`, mzLiaison);
    expect(source.body).toMatchObject({
      source: 'INSTRUCTION',
      documentNumber: '领导批示〔2026〕7号',
      leaderName: 'leader',
      document: { fileName: '批示件.pdf' },
    });
    const file = await fetch(`${t.url}/api/v1/tasks/${task.id}/source-document`, {
      headers: mzLiaison,
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(validPdf('pishi'))).toBe(true);
    // Another region's office: as if it did not exist.
    expect((await call('GET', `/tasks/${task.id}/source`, xSup)).status).toBe(404);
  });

  it('creates a meeting with several decisions at once, all or nothing', async () => {
    const items = [
      { text: '加快老旧小区改造', lead: ['省民政厅'], dueOn: '2027-03-31' },
      { text: '完善社区养老服务网络', lead: ['省民政厅'], support: ['省财政厅'], ongoing: true },
      { text: '统筹保障改造资金', lead: ['省财政局'], dueOn: '2027-01-31' },
    ];
    const meeting = {
      title: '省政府第12次常务会议',
      issuedOn: '2026-11-20',
      documentNumber: '纪要〔2026〕12号',
    };
    const before = await t.prisma.task.count();
    const bad = await call('POST', '/work-items/meeting', sup, { ...meeting, items });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['items[2].lead[0]']);
    expect(await t.prisma.task.count()).toBe(before);

    items[2]!.lead = ['省财政厅'];
    const res = await call('POST', '/work-items/meeting', sup, { ...meeting, items });
    expect(res.status).toBe(201);
    const tasks = await t.prisma.task.findMany({
      where: { planId: res.body.planId },
      orderBy: { no: 'asc' },
    });
    expect(tasks.map((x) => [x.no, x.source, x.text])).toEqual([
      [1, 'MEETING', '加快老旧小区改造'],
      [2, 'MEETING', '完善社区养老服务网络'],
      [3, 'MEETING', '统筹保障改造资金'],
    ]);
    const list = await call('GET', '/work-items?source=MEETING', sup);
    expect(list.body).toEqual([
      expect.objectContaining({ id: res.body.planId, title: meeting.title, tasks: 3 }),
    ]);
  });

  it('a proposal is closed with its reply: a closure without one is refused', async () => {
    const res = await call('POST', '/work-items/matter', sup, {
      source: 'NPC_PROPOSAL',
      documentNumber: '第0123号建议',
      text: '关于加强农村养老服务的建议',
      lead: ['省民政厅'],
      dueOn: '2027-02-28',
    });
    expect(res.status).toBe(201);
    const taskId = res.body.taskIds[0];
    const plan = await t.prisma.plan.findUniqueOrThrow({ where: { id: res.body.planId } });
    expect(plan).toMatchObject({ source: 'NPC_PROPOSAL', documentNumber: '第0123号建议' });
    const without = await call('POST', `/tasks/${taskId}/requests/closure`, mzLiaison, {
      summary: '已办理',
      version: 0,
    });
    expect(without.status).toBe(400);
    expect(without.body.details[0].field).toBe('reply');
    const withReply = await call('POST', `/tasks/${taskId}/requests/closure`, mzLiaison, {
      summary: '已办理',
      reply: '经研究,已将农村养老服务纳入明年重点工作。',
      version: 0,
    });
    expect(withReply.status).toBe(201);
    const request = await t.prisma.taskRequest.findFirstOrThrow({ where: { taskId } });
    expect(request.summary).toContain('已将农村养老服务纳入明年重点工作');
  });

  it('edits an item by hand: units and deadline re-planned, audited, stale versions refused', async () => {
    const created = await call('POST', '/work-items/single', sup, {
      text: '整治养老服务领域欺诈',
      lead: ['省民政厅'],
      support: ['省财政厅'],
      dueOn: '2026-12-31',
    });
    const taskId = created.body.taskIds[0];
    const res = await call('PATCH', `/tasks/${taskId}/item`, sup, {
      version: 0,
      text: '整治养老服务领域欺诈,追缴违规资金',
      lead: ['省民政厅'],
      support: ['发改委'],
      dueOn: '2027-01-29',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: 1,
      assignments: { added: 1, removed: 1, reactivated: 0 },
    });
    const assignments = await t.prisma.assignment.findMany({ where: { taskId } });
    const cz = assignments.find((a) => a.departmentId === ids.cz)!;
    expect(cz.removedAt).not.toBeNull();
    expect(assignments.find((a) => a.departmentId === ids.fg)!.removedAt).toBeNull();
    // Every pending reminder is for the new deadline and a department still assigned.
    const rows = await pending(taskId);
    expect(rows.map((r) => r.dueOn.toISOString().slice(0, 10))).toEqual(
      Array(4).fill('2027-01-29'),
    );
    expect(rows.some((r) => r.assignmentId === cz.id)).toBe(false);
    const task = await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    expect(task).toMatchObject({ text: '整治养老服务领域欺诈,追缴违规资金', version: 1 });
    const audit = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'task.item_edited', entityId: taskId },
    });
    expect(audit.data).toMatchObject({
      before: { dueOn: '2026-12-31', support: ['省财政厅'] },
      after: { dueOn: '2027-01-29', support: ['省发展改革委'] },
    });

    const stale = await call('PATCH', `/tasks/${taskId}/item`, sup, { version: 0, text: '旧版本' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect((await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).text).toBe(
      '整治养老服务领域欺诈,追缴违规资金',
    );
    // Outside the region office's scope: as if missing.
    expect(
      (await call('PATCH', `/tasks/${taskId}/item`, xSup, { version: 1, text: '改' })).status,
    ).toBe(404);
  });
});
