import type { Browser, BrowserContext, Page } from 'playwright-core';
import { toDbDate } from '../../src/common/time/local-date';
import { PASSWORD, seed, type Seed } from '../e2e/duban-fixtures';
import { describeBrowser, DESKTOP, launchBrowser, screenshot } from '../support/browser';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';

/**
 * The source filter and the 来源 / 地区 columns in a real headless Chromium: the board's overdue
 * list holds a plan item and a leader's instruction; choosing 领导批示件 leaves the instruction only,
 * 全部来源 brings both back; a liaison's 我的任务 filters the same way.
 */
describeBrowser('work sources on the board and 我的任务 (browser)', () => {
  let t: TestApp;
  let s: Seed;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-12-08T01:00:00Z' });
    await resetDatabase(t.prisma);
    s = await seed(t);
    // Item 5 closed on time (the day before its deadline).
    await t.prisma.task.update({
      where: { id: s.tasks.t5 },
      data: { closedAt: new Date('2026-11-19T02:00:00Z') },
    });
    // A leader's instruction: the container plan and its one task, overdue since 1 December.
    const instruction = await t.prisma.plan.create({
      data: {
        title: '关于加快养老服务体系建设的批示',
        documentNumber: '苏政批〔2026〕3号',
        contentHash: 'hash-instruction',
        sourceName: 'test',
      },
    });
    await t.prisma.task.create({
      data: {
        planId: instruction.id,
        no: 1,
        text: '落实领导批示:加快养老服务体系建设',
        dueOn: toDbDate('2026-12-01'),
        dueSource: 'STATED',
        assignments: {
          create: [{ departmentId: s.departments.minzheng, role: 'LEAD', ordinal: 0 }],
        },
      },
    });
    await t.prisma
      .$executeRaw`UPDATE plan SET source = 'INSTRUCTION' WHERE id = ${instruction.id}::uuid`;
    await t.prisma
      .$executeRaw`UPDATE task SET source = 'INSTRUCTION' WHERE plan_id = ${instruction.id}::uuid`;
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
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });

  const signIn = async (username: string) => {
    await page.goto(`${t.url}/`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  };

  it('the board: 来源 and 地区 on every overdue row; choosing a source shows only its rows', async () => {
    await signIn('supervisor');
    await page.getByRole('heading', { name: '督办看板' }).waitFor();
    const rows = page.locator('section[aria-labelledby="overdue-h"] tbody tr');
    const texts = () => rows.locator('td[data-label="任务"]').allTextContents();
    await rows.nth(1).waitFor();
    expect((await texts()).sort()).toEqual(['第2项测试任务', '落实领导批示:加快养老服务体系建设']);
    const instructionRow = rows.filter({ hasText: '落实领导批示' });
    await expect(instructionRow.locator('td[data-label="来源"]').textContent()).resolves.toBe(
      '批示件 苏政批〔2026〕3号',
    );
    await expect(instructionRow.locator('td[data-label="地区"]').textContent()).resolves.toBe(
      '本级',
    );
    await expect(
      rows.filter({ hasText: '第2项' }).locator('td[data-label="来源"]').textContent(),
    ).resolves.toBe('方案 苏办〔2012〕85号');

    // Counts by source: the plan's five items (item 2 overdue) and the instruction (overdue).
    const bySource = page.locator('section[aria-labelledby="by-source-h"] tbody tr');
    const sourceRows = async () => {
      const cells: string[][] = [];
      for (let i = 0; i < (await bySource.count()); i++) {
        cells.push(await bySource.nth(i).locator('th, td').allTextContents());
      }
      return cells;
    };
    await bySource.nth(1).waitFor();
    expect(await sourceRows()).toEqual([
      ['责任分解方案', '5', '4', '1', '1', '50%'],
      ['领导批示件', '1', '1', '0', '1', '0%'],
    ]);

    const chips = page.getByRole('group', { name: '按来源筛选' });
    const onlyInstruction = page.waitForResponse((r) =>
      /\/supervision\/overdue\?source=INSTRUCTION$/.test(r.url()),
    );
    await chips.getByRole('button', { name: '领导批示件' }).click();
    await onlyInstruction;
    await expect(
      chips.getByRole('button', { name: '领导批示件' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    await page.waitForFunction(
      `document.querySelectorAll('section[aria-labelledby="overdue-h"] tbody tr').length === 1`,
    );
    expect(await texts()).toEqual(['落实领导批示:加快养老服务体系建设']);
    await expect(page.locator('.stats li').first().textContent()).resolves.toBe('1 项逾期');
    await page.waitForFunction(
      `document.querySelectorAll('section[aria-labelledby="by-source-h"] tbody tr').length === 1`,
    );
    expect((await sourceRows())[0]![0]).toBe('领导批示件');
    await screenshot(page, 'board-source-filter');

    // A source without overdue work: the list says so.
    await chips.getByRole('button', { name: '会议议定事项' }).click();
    await chips.getByRole('button', { name: '领导批示件' }).click();
    await page.getByText('没有逾期任务。').waitFor();

    await chips.getByRole('button', { name: '全部来源' }).click();
    await rows.nth(1).waitFor();
    expect((await texts()).sort()).toEqual(['第2项测试任务', '落实领导批示:加快养老服务体系建设']);

    // The task's page names its source (from the overdue list; the board's section of other
    // sources' work links the same task).
    await page
      .locator('section[aria-labelledby="overdue-h"]')
      .getByRole('link', { name: '落实领导批示:加快养老服务体系建设' })
      .click();
    const source = page
      .locator('dl.facts dt', { hasText: '来源' })
      .locator('xpath=following-sibling::dd[1]');
    await expect(source.textContent()).resolves.toBe('领导批示件');
  });

  it("a liaison's 我的任务: the container on each card, and the same source chips", async () => {
    await signIn('liaison.mz');
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    const all = page.locator('section[aria-labelledby="all"] li.card');
    await page.getByText('批示件 · 苏政批〔2026〕3号').first().waitFor();
    const total = await all.count();
    expect(total).toBeGreaterThan(1);
    await page
      .getByRole('group', { name: '按来源筛选' })
      .getByRole('button', { name: '领导批示件' })
      .click();
    await page.waitForFunction(
      `document.querySelectorAll('section[aria-labelledby="all"] li.card').length === 1`,
    );
    await expect(all.first().textContent()).resolves.toContain('落实领导批示');
  });
});
