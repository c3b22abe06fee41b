import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createPerson, FIXTURES, PASSWORD } from '../support/fixtures';
import { describeBrowser, DESKTOP, launchBrowser, screenshot } from '../support/browser';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';

/**
 * A leader's instruction (领导批示件) from creation to the leader's 复核, all through the web
 * interface: the office enters it with its original (a PDF); 民政's liaison finds it first under
 * 待签收, acknowledges it, downloads-ready 交办通知 listed, reports progress and asks for closure with
 * a link as evidence; the office approves its review step on 申请审批; the instructing leader
 * approves on 待我审核 and the task is closed. Clock: Monday 2026-11-23 09:00 Shanghai.
 */
const TEXT = '抓紧完善社区养老服务设施布局,年底前形成全省统一的服务网络';
const EVIDENCE = 'https://mz.example.gov.cn/yanglao/2026-bulletin.html';

describeBrowser('a leader’s instruction from creation to the leader’s review (browser)', () => {
  let t: TestApp;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const people: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-23T01:00:00Z' });
    await resetDatabase(t.prisma);
    const sup = await createPerson(t.prisma, { username: 'office', role: 'SUPERVISOR' });
    const mz = await createPerson(t.prisma, {
      username: 'mz',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    await createPerson(t.prisma, { username: 'cz', role: 'LIAISON', departmentName: '省财政厅' });
    const leader = await createPerson(t.prisma, { username: 'leader', role: 'LEADER' });
    await t.prisma.person.update({ where: { id: sup.id }, data: { displayName: '督查室张科长' } });
    await t.prisma.person.update({ where: { id: leader.id }, data: { displayName: '王副省长' } });
    Object.assign(people, { office: sup.id, mz: mz.id, leader: leader.id });
    browser = await launchBrowser();
    ctx = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
  });

  afterAll(async () => {
    await screenshot(page, 'flow-last').catch(() => undefined);
    await ctx?.close();
    await browser?.close();
    await t?.close();
  });

  const logIn = async (username: string) => {
    page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    await page.goto(`${t.url}/`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  };
  /** The main menu: pages such as the board also link 新建督办事项 in their content. */
  const menu = () => page.getByRole('navigation', { name: '主菜单' });
  const logOut = async () => {
    await page.evaluate('sessionStorage.clear()');
    await page.close();
  };

  it('is entered, acknowledged, reported on, closed by the liaison and reviewed by the leader', async () => {
    // 1. The office enters the instruction with its original.
    await logIn('office');
    await menu().getByRole('link', { name: '新建督办事项' }).click();
    await page.getByRole('heading', { name: '新建督办事项' }).waitFor();
    await page.getByRole('button', { name: '领导批示件' }).click();
    await page.getByLabel('批示领导').selectOption({ label: '王副省长' });
    await page.getByLabel('批示日期').fill('2026-11-20');
    await page.getByLabel('文号', { exact: true }).fill('批〔2026〕7号');
    await page.getByLabel('批示原件').setInputFiles(join(FIXTURES, 'pdf', 'xiaofei.pdf'));
    await page.getByLabel('批示内容').fill(TEXT);
    await page.getByLabel(/^牵头单位/).fill('省民政厅');
    await page.getByLabel('配合单位', { exact: true }).fill('省财政厅');
    await page.getByLabel('办结时限', { exact: true }).fill('2026-12-31');
    await screenshot(page, 'flow-instruction-form');
    await page.getByRole('button', { name: '交办', exact: true }).click();
    await page.getByText('已交办 1 件(领导批示件),共 1 项', { exact: false }).waitFor();
    const task = await t.prisma.task.findFirstOrThrow({ where: { source: 'INSTRUCTION' } });
    expect(task.text).toBe(TEXT);
    await page.getByRole('link', { name: '查看领导批示件第 1 项' }).click();
    const source = page.locator('section', { has: page.getByRole('heading', { name: '来源' }) });
    await source.getByText('王副省长').waitFor();
    await source.getByRole('button', { name: /下载批示原件\(xiaofei\.pdf\)/ }).waitFor();
    await screenshot(page, 'flow-office-task');
    await logOut();

    // 2. 民政's liaison: the new work comes first, under 待签收; one click acknowledges it.
    await logIn('mz');
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    const toAck = page.locator('section', { has: page.getByRole('heading', { name: /待签收/ }) });
    await page.getByRole('heading', { name: '待签收(1)' }).waitFor();
    // 待签收 is the first block of the page.
    await expect(page.locator('main h2').first().textContent()).resolves.toBe('待签收(1)');
    const card = toAck.getByRole('listitem').filter({ hasText: TEXT.slice(0, 20) });
    await card.getByText('待签收', { exact: true }).waitFor();
    await card.getByText('签收时限:2026-11-24').waitFor();
    await screenshot(page, 'flow-liaison-to-acknowledge');
    await card.getByRole('button', { name: '签收' }).click();
    await page.getByRole('status').filter({ hasText: '已签收第 1 项' }).waitFor();
    await toAck.waitFor({ state: 'detached' });
    const all = page.locator('section', { has: page.getByRole('heading', { name: /全部任务/ }) });
    await all.getByRole('link', { name: new RegExp(TEXT.slice(0, 20)) }).click();

    // The task page: acknowledged (no 签收 block), its 交办通知 listed with its download.
    await page.getByRole('heading', { name: /第 1 项任务/ }).waitFor();
    const notices = page.locator('section', {
      has: page.getByRole('heading', { name: '交办通知与督办单' }),
    });
    await notices.getByText(/交办通知 交〔2026〕\d+号\(省民政厅,牵头/).waitFor();
    await notices.getByRole('button', { name: /下载 \.docx/ }).waitFor();
    // A department sees its own notice only; the facts show its 签收.
    await expect(notices.getByRole('listitem').count()).resolves.toBe(1);
    await page.getByText(/牵头:省民政厅.*已签收/).waitFor();
    await expect(page.getByRole('heading', { name: '签收', exact: true }).count()).resolves.toBe(0);

    // 3. A progress report, then the closure request with a summary and a link.
    await page.getByLabel('完成进度(%)').fill('60');
    await page.getByLabel('进展情况').fill('已完成全省养老服务设施布局调研,形成规划初稿。');
    await page.getByRole('button', { name: '提交进展' }).click();
    await page.getByRole('status').filter({ hasText: '进展已报送' }).waitFor();
    await page.getByText('已完成全省养老服务设施布局调研,形成规划初稿。').waitFor();
    await page.getByRole('button', { name: '办结销号' }).click();
    await page.getByLabel('办结情况').fill('全省社区养老服务设施布局规划已印发实施。');
    await page.getByLabel('佐证链接').fill(EVIDENCE);
    await screenshot(page, 'flow-liaison-closure-form');
    await page.getByRole('button', { name: '提交办结销号' }).click();
    await page.getByRole('status').filter({ hasText: '已提交' }).waitFor();
    const reqs = page.locator('section', { has: page.getByRole('heading', { name: '申请记录' }) });
    await reqs.getByText('全省社区养老服务设施布局规划已印发实施。').waitFor();
    await screenshot(page, 'flow-liaison-requested');
    await logOut();

    // 4. The office approves its review step on 申请审批: the closure goes on to the leader.
    await logIn('office');
    await menu().getByRole('link', { name: '申请审批' }).click();
    await page.getByRole('heading', { name: '申请审批' }).waitFor();
    const pending = page.locator('li.card', { hasText: '第 1 项' });
    await pending.getByRole('link', { name: EVIDENCE }).waitFor();
    await pending.getByLabel('审批意见').fill('材料齐全,报领导复核');
    await screenshot(page, 'flow-office-review');
    await pending.getByRole('button', { name: '同意办结' }).click();
    await page.getByRole('status').filter({ hasText: '第 1 项的办结销号已同意' }).waitFor();
    await logOut();

    // 5. The leader's 复核 on 待我审核: the task is closed, the chain names both reviewers.
    await logIn('leader');
    await menu().getByRole('link', { name: '待我审核' }).click();
    await page.getByRole('heading', { name: '待我审核' }).waitFor();
    const review = page.locator('li.card', { hasText: '第 1 项' });
    await review.getByText('办结情况:全省社区养老服务设施布局规划已印发实施。').waitFor();
    await expect(
      review.getByRole('list', { name: '审核流程' }).getByRole('listitem').allTextContents(),
    ).resolves.toEqual([
      expect.stringMatching(/督查室审核.*同意.*督查室张科长.*材料齐全,报领导复核/),
      expect.stringMatching(/批示领导复核.*待审核/),
    ]);
    await screenshot(page, 'flow-leader-queue');
    await review.getByLabel('审核意见').fill('同意办结');
    await review.getByRole('button', { name: '同意' }).click();
    await page.getByText('第 1 项的办结申请已审核同意。').waitFor();
    await page.getByText('目前没有等待您审核的办结申请。').waitFor();
    await page.goto(`${t.url}/#/tasks/${task.id}`);
    await page.getByRole('heading', { name: /第 1 项任务\s*已办结/ }).waitFor();
    const chain = page.getByRole('list', { name: '审核流程' });
    await chain.getByText(/督查室审核\s*同意\s*· 督查室张科长/).waitFor();
    await chain.getByText(/批示领导复核\s*同意\s*· 王副省长/).waitFor();
    await screenshot(page, 'flow-closed');

    // The database: closed, both steps approved by the right people, acknowledged, one notice each.
    const closed = await t.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(closed.status).toBe('CLOSED');
    const request = await t.prisma.taskRequest.findFirstOrThrow({
      where: { taskId: task.id },
      include: { evidence: true },
    });
    expect(request).toMatchObject({ kind: 'CLOSURE', status: 'APPROVED' });
    expect(request.evidence.map((e) => [e.kind, e.url])).toEqual([['LINK', EVIDENCE]]);
    const steps = await t.prisma.reviewStep.findMany({
      where: { requestId: request.id },
      orderBy: { ordinal: 'asc' },
    });
    expect(steps.map((s) => [s.stage, s.status, s.decidedById])).toEqual([
      ['OFFICE', 'APPROVED', people.office],
      ['LEADER', 'APPROVED', people.leader],
    ]);
    const assignments = await t.prisma.assignment.findMany({
      where: { taskId: task.id },
      include: { department: true },
      orderBy: { role: 'asc' },
    });
    expect(assignments.map((a) => [a.department.name, a.role])).toEqual([
      ['省民政厅', 'LEAD'],
      ['省财政厅', 'SUPPORT'],
    ]);
    const lead = assignments[0]!;
    expect(lead).toMatchObject({ ackState: 'ACKNOWLEDGED', ackedById: people.mz });
    const perDepartment = await t.prisma.assignmentNotice.groupBy({
      by: ['departmentId'],
      where: { planId: task.planId },
      _count: true,
    });
    expect(perDepartment.map((n) => n._count).sort()).toEqual([1, 1]);
    expect(new Set(perDepartment.map((n) => n.departmentId))).toEqual(
      new Set(assignments.map((a) => a.departmentId)),
    );
    const reports = await t.prisma.progressReport.findMany({ where: { taskId: task.id } });
    expect(reports.map((r) => r.percent)).toContain(60);
    expect(pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 180_000);
});
