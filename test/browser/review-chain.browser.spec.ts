import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { createPerson, login, PASSWORD } from '../support/fixtures';
import { describeBrowser, DESKTOP, launchBrowser, screenshot } from '../support/browser';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';

/**
 * The closure review chain in a real Chromium: a leader's instruction (批示件, its policy asking
 * for the head's review and the leader's 复核) whose closure the head and the office approved is
 * approved by the leader on 待我审核; another is returned (退回重办) by the head at the first step.
 * Clock: Monday 2026-11-23 09:00 Shanghai.
 */
const DOC = [
  '关于加快养老服务体系建设的批示',
  '批〔2026〕7号  2026年11月20日',
  '一、批示事项',
  '(一)办理要求',
  '1.抓紧完善社区养老服务设施布局。(省民政厅)',
  '2.加强养老机构消防安全检查。(省民政厅)',
].join('\n');

describeBrowser('closure review chain (browser)', () => {
  let t: TestApp;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let tasks: Map<number, string>;
  let pageErrors: string[];

  const api = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body: unknown,
  ) => {
    const res = await fetch(`${t.url}/api/v1${path}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
    return { status: res.status, body: (await res.json()) as any };
  };
  const requestClosure = async (liaison: Record<string, string>, no: number) => {
    const res = await api('POST', `/tasks/${tasks.get(no)}/requests/closure`, liaison, {
      summary: `第${no}项已办结`,
      version: 0,
    });
    expect(res.status).toBe(201);
    return res.body.request.id as string;
  };
  const logIn = async (username: string) => {
    await page.goto(`${t.url}/`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  };

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-23T01:00:00Z' });
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    await createPerson(t.prisma, { username: 'mz', role: 'LIAISON', departmentName: '省民政厅' });
    await createPerson(t.prisma, { username: 'mzhead', role: 'HEAD', departmentName: '省民政厅' });
    const leader = await createPerson(t.prisma, { username: 'leader', role: 'LEADER' });
    await t.prisma.person.update({ where: { id: leader.id }, data: { displayName: '王副省长' } });
    const { planId } = await t.app.get(PlanImportService).commit(
      {
        content: DOC,
        sourceName: 'instruction.txt',
        defaultDueOn: '2026-12-31',
        createUnknownUnits: true,
        confirmAllReview: true,
      },
      null,
    );
    // The container of a leader's instruction, as the sources' forms create it.
    await t.prisma.plan.update({
      where: { id: planId! },
      data: {
        source: 'INSTRUCTION',
        leaderId: leader.id,
        policy: { review: { head: true, leader: true } },
      },
    });
    await t.prisma.task.updateMany({ where: { planId: planId! }, data: { source: 'INSTRUCTION' } });
    tasks = new Map(
      (await t.prisma.task.findMany({ where: { planId: planId! } })).map((r) => [r.no, r.id]),
    );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(async () => {
    ctx = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    page = await ctx.newPage();
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  });

  afterEach(async () => {
    const name = expect.getState().currentTestName ?? 'test';
    await screenshot(page, `review-${name.replace(/\W+/g, '-').slice(-40)}`).catch(() => undefined);
    await ctx.close();
    expect(pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  it('the leader reviews (复核) and approves the closure after the head and the office', async () => {
    const mz = await login(t.url, 'mz');
    const head = await login(t.url, 'mzhead');
    const sup = await login(t.url, 'sup');
    const id = await requestClosure(mz, 1);
    expect(
      (await api('POST', `/requests/${id}/review/approve`, head, { stage: 'HEAD' })).status,
    ).toBe(200);
    const office = await api('POST', `/requests/${id}/review/approve`, sup, {
      stage: 'OFFICE',
      reason: '材料齐全,报领导复核',
    });
    expect(office.body.request.stage).toBe('LEADER');

    await logIn('leader');
    await page.getByRole('link', { name: '待我审核' }).click();
    await page.getByRole('heading', { name: '待我审核' }).waitFor();
    const card = page.locator('li.card', { hasText: '第 1 项' });
    await card.getByText('办结情况:第1项已办结').waitFor();
    // The chain so far: the head and the office approved, the leader's step waits.
    const chain = card.getByRole('list', { name: '审核流程' });
    await expect(chain.getByRole('listitem').allTextContents()).resolves.toEqual([
      expect.stringMatching(/部门负责人审核.*同意.*mzhead/),
      expect.stringMatching(/督查室审核.*同意.*sup.*材料齐全,报领导复核/),
      expect.stringMatching(/批示领导复核.*待审核/),
    ]);
    await screenshot(page, 'review-leader-queue');
    await card.getByLabel('审核意见').fill('同意办结');
    await card.getByRole('button', { name: '同意' }).click();
    await page.getByText('第 1 项的办结申请已审核同意。').waitFor();
    await page.getByText('目前没有等待您审核的办结申请。').waitFor();

    await page.goto(`${t.url}/#/tasks/${tasks.get(1)}`);
    await page.getByRole('heading', { name: /第 1 项任务/ }).waitFor();
    await page.getByRole('heading', { name: /已办结/ }).waitFor();
    await page.getByText(/批示领导复核\s*同意\s*· 王副省长/).waitFor();
    const task = await t.prisma.task.findUniqueOrThrow({ where: { id: tasks.get(1) } });
    expect(task.status).toBe('CLOSED');
  });

  it('the head returns a closure at the first step (退回重办): the task is back in progress', async () => {
    const mz = await login(t.url, 'mz');
    await requestClosure(mz, 2);
    await logIn('mzhead');
    await page.getByRole('link', { name: '待我审核' }).click();
    const card = page.locator('li.card', { hasText: '第 2 项' });
    await card.waitFor();
    // A return needs a reason: the server's field error is shown next to the field.
    await card.getByRole('button', { name: '退回重办' }).click();
    // (waited for: the field is marked once the server's answer is in)
    await card.getByLabel('审核意见').and(page.locator('[aria-invalid="true"]')).waitFor();
    await card.getByLabel('审核意见').fill('缺少验收材料,请补充后重新申请');
    await card.getByRole('button', { name: '退回重办' }).click();
    await page.getByText('第 2 项的办结申请已退回重办。').waitFor();

    await page.goto(`${t.url}/#/tasks/${tasks.get(2)}`);
    await page.getByRole('heading', { name: /第 2 项任务/ }).waitFor();
    await page.getByText(/部门负责人审核\s*退回重办\s*· mzhead/).waitFor();
    await page
      .getByRole('list', { name: '审核流程' })
      .getByText('意见:缺少验收材料,请补充后重新申请')
      .waitFor();
    const task = await t.prisma.task.findUniqueOrThrow({ where: { id: tasks.get(2) } });
    expect(task.status).toBe('IN_PROGRESS');
    await screenshot(page, 'review-head-returned');
  });
});
