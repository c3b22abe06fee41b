import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Role } from '../../src/generated/prisma/enums';
import { PeopleService } from '../../src/modules/departments/people.service';
import { WorkArrival } from '../../src/modules/tasks/work-arrival.service';
import { PASSWORD, seed, type Seed } from '../e2e/duban-fixtures';
import { describeBrowser, DESKTOP, launchBrowser, screenshot } from '../support/browser';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';

/**
 * A return and its reassignment in a real Chromium: 民政's liaison returns task 4 with a reason
 * from 我的任务 (待签收); the office sees it on 签收情况 and reassigns it to 发改委; 发改委's liaison
 * finds it under 待签收 and acknowledges it. Clock: Monday 2026-11-23, inside the window.
 */
describeBrowser('acknowledgement: return and reassignment (browser)', () => {
  let t: TestApp;
  let s: Seed;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-23T01:00:00Z' });
    await resetDatabase(t.prisma);
    s = await seed(t);
    await t.app.get(PeopleService).createPerson({
      username: 'liaison.fg',
      displayName: '测试-liaison.fg',
      password: PASSWORD,
      role: Role.LIAISON,
      departmentId: s.departments.fagai,
    });
    await t.app.get(WorkArrival).settle();
    browser = await launchBrowser();
    ctx = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
  });

  afterAll(async () => {
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
  const logOut = async () => {
    await page.evaluate('sessionStorage.clear()');
    await page.close();
  };
  const toAcknowledge = () =>
    page.locator('section', { has: page.getByRole('heading', { name: /待签收/ }) });

  it('a liaison returns new work, the office reassigns it, the new department acknowledges it', async () => {
    // 1. 民政's liaison: new work comes first; task 4 is returned with a reason.
    await logIn('liaison.mz');
    await page.getByRole('heading', { name: /待签收\(3\)/ }).waitFor();
    const card = toAcknowledge()
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: /第 4 项/ }) });
    await card.getByRole('button', { name: '退回' }).click();
    const dialog = card.getByRole('dialog', { name: /退回第 4 项/ });
    await dialog.getByLabel('退回理由').fill('养老机构监管属于卫健委职责');
    await dialog.getByRole('button', { name: '确认退回' }).click();
    await page.getByRole('status').filter({ hasText: '已退回第 4 项' }).waitFor();
    await toAcknowledge().getByText('已退回,等待督查室处理').waitFor();
    await screenshot(page, 'ack-liaison-returned');
    await logOut();

    // 2. The office: the return is on 签收情况, with the reason; reassigned to 发改委.
    await logIn('supervisor');
    // The menu's link: the board's content may link the same page.
    await page
      .getByRole('navigation', { name: '主菜单' })
      .getByRole('link', { name: '签收情况' })
      .click();
    await page.getByRole('heading', { name: /退回待处理\(1\)/ }).waitFor();
    const returned = page.locator('section', {
      has: page.getByRole('heading', { name: /退回待处理/ }),
    });
    await returned.getByText('养老机构监管属于卫健委职责').waitFor();
    await returned.getByLabel('改派牵头单位').selectOption({ label: '省发展改革委' });
    await returned.getByRole('button', { name: '改派' }).click();
    await page.getByRole('status').filter({ hasText: '已将第 4 项改派' }).waitFor();
    await page.getByRole('heading', { name: /退回待处理\(0\)/ }).waitFor();
    await page.getByRole('table').getByRole('rowheader', { name: '省民政厅' }).waitFor();
    await screenshot(page, 'ack-office-board');
    await logOut();

    // 3. 发改委's liaison: task 4 waits under 待签收 with its deadline; acknowledged in one click.
    await logIn('liaison.fg');
    const fresh = toAcknowledge()
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: /第 4 项/ }) });
    await fresh.getByText('签收时限:2026-11-26').waitFor();
    await fresh.getByRole('button', { name: '签收' }).click();
    await page.getByRole('status').filter({ hasText: '已签收第 4 项' }).waitFor();
    await screenshot(page, 'ack-new-department');

    const a = await t.prisma.assignment.findFirstOrThrow({
      where: { taskId: s.tasks.t4, departmentId: s.departments.fagai },
    });
    expect(a).toMatchObject({ ackState: 'ACKNOWLEDGED', role: 'LEAD', removedAt: null });
    const old = await t.prisma.assignment.findFirstOrThrow({
      where: { taskId: s.tasks.t4, departmentId: s.departments.minzheng },
    });
    expect(old.removedAt).not.toBeNull();
    expect(pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 120_000);
});
