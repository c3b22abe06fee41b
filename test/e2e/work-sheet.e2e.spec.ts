import ExcelJS from 'exceljs';
import { createPerson, login } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * The Excel template for bulk entry: downloaded, filled with exceljs as a clerk would (dates as
 * dates and as text), previewed with every problem named by row and column, committed in one
 * transaction (nothing when any row is wrong). Clock: Monday 2026-11-23 09:00 Shanghai.
 */
describe('work items from the Excel template (e2e)', () => {
  let t: TestApp;
  let sup: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-23T01:00:00Z' });
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    await createPerson(t.prisma, { username: '张三', role: 'LEADER' });
    for (const name of ['省民政厅', '省财政厅', '省住房城乡建设厅']) {
      await t.prisma.department.create({ data: { name } });
    }
    sup = await login(t.url, 'sup');
  });
  afterAll(async () => {
    await t?.close();
  });

  const template = async () => {
    const res = await fetch(`${t.url}/api/v1/work-items/sheet/template`, { headers: sup });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    return wb;
  };
  const upload = async (wb: ExcelJS.Workbook, mode: 'preview' | 'commit') => {
    const form = new FormData();
    form.append('mode', mode);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    form.append('file', new Blob([bytes]), '督办事项.xlsx');
    const res = await fetch(`${t.url}/api/v1/work-items/sheet`, {
      method: 'POST',
      headers: sup,
      body: form,
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
    return { status: res.status, body: JSON.parse(text) as any };
  };
  /** The template with the example removed and these rows from row 2. */
  const filled = async (rows: unknown[][]) => {
    const wb = await template();
    const ws = wb.getWorksheet('督办事项')!;
    ws.spliceRows(2, 1);
    rows.forEach((r, i) => {
      ws.getRow(i + 2).values = r as ExcelJS.CellValue[];
    });
    return wb;
  };
  const date = (iso: string) => new Date(`${iso}T00:00:00Z`);

  it('offers one sheet with the header, a source list, an example row, and notes', async () => {
    const wb = await template();
    expect(wb.worksheets.map((w) => w.name)).toEqual(['督办事项', '填写说明']);
    const ws = wb.getWorksheet('督办事项')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '来源',
      '分组',
      '标题或会议名称',
      '文号',
      '日期',
      '批示领导',
      '事项内容',
      '牵头单位',
      '配合单位',
      '办结时限',
      '长期事项',
    ]);
    expect(ws.getCell('A2').value).toBe('会议议定');
    expect(ws.getCell('A3').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"单项督办,领导批示,会议议定,上级交办,人大建议,政协提案"'],
    });
    expect(String(wb.getWorksheet('填写说明')!.getCell('A1').value)).toContain('填写说明');
  });

  const ROWS = [
    [
      '会议议定',
      '1',
      '省政府第12次常务会议',
      '纪要〔2026〕12号',
      date('2026-11-20'),
      '',
      '加快老旧小区改造',
      '省住房城乡建设厅',
      '省财政厅',
      date('2027-06-30'),
      '',
    ],
    ['会议议定', '1', '', '', '', '', '完善社区养老服务网络', '省民政厅', '', '', '是'],
    [
      '领导批示',
      '',
      '',
      '',
      '2026-11-21',
      '张三',
      '研究困难群众冬季救助',
      '省民政厅、省财政厅',
      '',
      '2026-12-10',
      '',
    ],
    [
      '上级交办',
      '',
      '',
      '国办督〔2026〕5号',
      '',
      '',
      '落实养老服务补贴',
      '省民政厅',
      '',
      '2027-01-15',
      '',
    ],
  ];

  it('previews a filled sheet exactly and commits it: one container per group', async () => {
    const wb = await filled(ROWS);
    const preview = await upload(wb, 'preview');
    expect(preview.status).toBe(200);
    expect(preview.body.problems).toEqual([]);
    expect(preview.body.containers.map((c: { source: string }) => c.source)).toEqual([
      'MEETING',
      'INSTRUCTION',
      'HIGHER',
    ]);
    expect(preview.body.containers[0].items).toEqual([
      expect.objectContaining({ row: 2, dueOn: '2027-06-30', lead: ['省住房城乡建设厅'] }),
      expect.objectContaining({ row: 3, dueOn: null, lead: ['省民政厅'] }),
    ]);
    expect(await t.prisma.plan.count()).toBe(0);

    const commit = await upload(wb, 'commit');
    expect(commit.status).toBe(200);
    expect(commit.body).toHaveLength(3);
    const plans = await t.prisma.plan.findMany({
      include: { tasks: { orderBy: { no: 'asc' }, include: { assignments: true } } },
      orderBy: { source: 'asc' },
    });
    const meeting = plans.find((p) => p.source === 'MEETING')!;
    expect(meeting).toMatchObject({
      title: '省政府第12次常务会议',
      documentNumber: '纪要〔2026〕12号',
    });
    expect(meeting.issuedOn!.toISOString().slice(0, 10)).toBe('2026-11-20');
    expect(meeting.tasks.map((x) => [x.no, x.source, x.dueSource])).toEqual([
      [1, 'MEETING', 'STATED'],
      [2, 'MEETING', 'ONGOING'],
    ]);
    const instruction = plans.find((p) => p.source === 'INSTRUCTION')!;
    expect(instruction.leaderId).not.toBeNull();
    expect(instruction.tasks[0]!.assignments).toHaveLength(2);
    expect(await t.prisma.auditEvent.count({ where: { action: 'work.created' } })).toBe(3);
  });

  it('names the row and column of each problem and writes nothing', async () => {
    const before = await t.prisma.task.count();
    const rows = ROWS.map((r) => [...r]);
    rows[1]![9] = '下周五'; // row 3: a deadline that is no date
    rows[2]![5] = '李四'; // row 4: no such leader
    rows[3]![7] = '省民政局'; // row 5: no such unit
    const wb = await filled(rows);
    const preview = await upload(wb, 'preview');
    expect(preview.status).toBe(200);
    expect(
      preview.body.problems.map((p: { row: number; column: string }) => [p.row, p.column]),
    ).toEqual([
      [3, '办结时限'],
      [4, '批示领导'],
      [5, '牵头单位'],
    ]);
    expect(preview.body.problems[2].reason).toContain('省民政厅');
    const commit = await upload(wb, 'commit');
    expect(commit.status).toBe(400);
    expect(commit.body.message).toContain('第3行“办结时限”');
    expect(await t.prisma.task.count()).toBe(before);
  });

  it('imports 600 rows (60 meetings of 10 decisions) in one transaction', async () => {
    const before = await t.prisma.task.count();
    const rows = Array.from({ length: 600 }, (_, i) => [
      '会议议定',
      String(Math.floor(i / 10) + 1),
      `第${Math.floor(i / 10) + 1}次专题会议`,
      '',
      date('2026-11-20'),
      '',
      `议定事项${i + 1}`,
      i % 2 ? '省民政厅' : '省财政厅',
      '省住房城乡建设厅',
      date('2027-03-31'),
      '',
    ]);
    const wb = await filled(rows);
    const started = Date.now();
    const preview = await upload(wb, 'preview');
    const previewMs = Date.now() - started;
    expect(preview.body.problems).toEqual([]);
    const commitStarted = Date.now();
    const commit = await upload(wb, 'commit');
    const commitMs = Date.now() - commitStarted;
    expect(commit.status).toBe(200);
    expect(commit.body).toHaveLength(60);
    expect((await t.prisma.task.count()) - before).toBe(600);
    console.info(`600-row sheet: preview ${previewMs} ms, commit ${commitMs} ms (60 containers)`);
  });

  it('refuses a file that is not the template', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['事项', '单位']);
    const res = await upload(wb, 'preview');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('WRONG_COLUMNS');
    expect(res.body.message).toContain('来源');
  });
});
