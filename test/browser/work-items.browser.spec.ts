import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createPerson, PASSWORD } from '../support/fixtures';
import { describeBrowser, DESKTOP, launchBrowser, screenshot } from '../support/browser';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';

/**
 * The office enters a meeting's three decisions at once through the form (units typed by name and
 * by alias, one decision ongoing); the three tasks are on the board, and one is edited by hand.
 * Clock: Monday 2026-11-23 09:00 Shanghai.
 */
describeBrowser('new work items (browser)', () => {
  let t: TestApp;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-23T01:00:00Z' });
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'office', role: 'SUPERVISOR' });
    for (const name of ['省民政厅', '省财政厅', '省住房城乡建设厅']) {
      await t.prisma.department.create({ data: { name } });
    }
    const fg = await t.prisma.department.create({ data: { name: '省发展改革委' } });
    await t.prisma.departmentAlias.create({ data: { alias: '发改委', departmentId: fg.id } });
    browser = await launchBrowser();
    ctx = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    page = await ctx.newPage();
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  });

  afterAll(async () => {
    await screenshot(page, 'work-items-last').catch(() => undefined);
    await ctx?.close();
    await browser?.close();
    await t?.close();
  });

  it('enters a meeting with three decisions at once; they are on the board', async () => {
    await page.goto(`${t.url}/`);
    await page.getByLabel('用户名').fill('office');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    // The menu's link: the board's content may link the same page.
    await page
      .getByRole('navigation', { name: '主菜单' })
      .getByRole('link', { name: '新建督办事项' })
      .click();
    await page.getByRole('heading', { name: '新建督办事项' }).waitFor();
    await page.getByRole('button', { name: '会议议定事项' }).click();

    await page.getByLabel('会议名称').fill('省政府第12次常务会议');
    await page.getByLabel('会议日期').fill('2026-11-20');
    await page.getByLabel('纪要号').fill('纪要〔2026〕12号');
    const decisions = [
      {
        text: '加快推进老旧小区改造',
        lead: '省住房城乡建设厅',
        support: '省财政厅',
        due: '2027-06-30',
      },
      { text: '完善社区养老服务网络', lead: '省民政厅', support: '', due: '' },
      { text: '统筹安排改造补助资金', lead: '省财政厅', support: '发改委', due: '2027-01-31' },
    ];
    for (const [i, d] of decisions.entries()) {
      const row = page.getByRole('group', { name: `议定事项 ${i + 1}` });
      await row.getByLabel('事项内容').fill(d.text);
      await row.getByLabel(/^牵头单位/).fill(d.lead);
      if (d.support) await row.getByLabel('配合单位', { exact: true }).fill(d.support);
      if (d.due) await row.getByLabel('办结时限', { exact: true }).fill(d.due);
      else await row.getByLabel(/长期事项/).check();
    }
    await screenshot(page, 'work-items-meeting-form');
    await page.getByRole('button', { name: '交办全部 3 项' }).click();
    await page.getByText('已交办 1 件(会议议定事项),共 3 项', { exact: false }).waitFor();

    const tasks = await t.prisma.task.findMany({
      where: { source: 'MEETING' },
      orderBy: { no: 'asc' },
    });
    expect(tasks.map((x) => x.text)).toEqual(decisions.map((d) => d.text));

    await page.getByRole('link', { name: '督办看板' }).click();
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: /批示件、会议议定事项等督办事项/ }),
    });
    for (const d of decisions) await section.getByRole('link', { name: d.text }).waitFor();
    await expect(section.getByText('长期').count()).resolves.toBe(1);
    await screenshot(page, 'work-items-board');

    // The office corrects one decision by hand from its task page.
    await section.getByRole('link', { name: decisions[2]!.text }).click();
    const source = page.locator('section', { has: page.getByRole('heading', { name: '来源' }) });
    await source.getByText('纪要〔2026〕12号').waitFor();
    await expect(source.getByText('会议议定事项').count()).resolves.toBe(1);
    await page.getByRole('link', { name: /编辑事项/ }).click();
    await page.getByRole('heading', { name: /编辑事项/ }).waitFor();
    await page.getByLabel('办结时限', { exact: true }).fill('2027-02-26');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.getByText(/已保存/).waitFor();
    const edited = await t.prisma.task.findUniqueOrThrow({ where: { id: tasks[2]!.id } });
    expect(edited.dueOn!.toISOString().slice(0, 10)).toBe('2027-02-26');
    expect(pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
