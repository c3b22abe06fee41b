import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AssignmentNoticesService } from '../../src/modules/notices/assignment-notices.service';
import { PASSWORD, seed, type Seed } from '../e2e/duban-fixtures';
import { describeBrowser, DESKTOP, launchBrowser, screenshot } from '../support/browser';
import { readDocx } from '../support/docx-read';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';

/**
 * The printable notices in the web interface: a liaison downloads its department's 交办通知 from
 * the task page and from the inbox entry that announced it; the office downloads the bulletin as
 * .docx from the board. Clock: Thursday 2026-12-10.
 */
describeBrowser('notices in the web interface (browser)', () => {
  let t: TestApp;
  let s: Seed;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-12-10T01:00:00Z' });
    await resetDatabase(t.prisma);
    s = await seed(t);
    await t.app.get(AssignmentNoticesService).issuePending();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    ctx = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', acceptDownloads: true });
    page = await ctx.newPage();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const logIn = async (username: string) => {
    await page.goto(`${t.url}/`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  };
  const saved = async (click: () => Promise<void>) => {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
  };

  it('a liaison downloads its 交办通知 from the task page and from the inbox', async () => {
    const notice = await t.prisma.assignmentNotice.findFirstOrThrow({
      where: { departmentId: s.departments.minzheng },
    });
    await logIn('liaison.mz');
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    await page.goto(`${t.url}/#/tasks/${s.tasks.t1}`);
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: '交办通知与督办单' }),
    });
    await section.waitFor();
    // 民政's own notice only (财政 supports task 1, its notice is not 民政's to read).
    await expect(section.getByRole('listitem').count()).resolves.toBe(1);
    await expect(section.textContent()).resolves.toContain(`交办通知 ${notice.number}`);
    await screenshot(page, 'task-notices');
    const fromTask = await saved(() =>
      section.getByRole('button', { name: /下载 \.docx/ }).click(),
    );
    expect(fromTask.name).toBe(`交办通知-${notice.number}-省民政厅.docx`);
    expect((await readDocx(fromTask.bytes)).text).toContain('省民政厅:');

    await page.getByRole('link', { name: '消息' }).click();
    await page.getByRole('heading', { name: '消息' }).waitFor();
    const fromInbox = await saved(() =>
      page.getByRole('button', { name: '下载文件(.docx)' }).first().click(),
    );
    expect(fromInbox.name).toBe(fromTask.name);
  });

  it('the office downloads the bulletin as .docx from the board', async () => {
    await logIn('supervisor');
    const exports = page.locator('section', { has: page.getByRole('heading', { name: '导出' }) });
    await exports.waitFor();
    const file = await saved(() =>
      exports.getByRole('button', { name: '下载通报(.docx)' }).click(),
    );
    expect(file.name).toBe('督查通报(草稿)-2026-12-10.docx');
    const doc = await readDocx(file.bytes);
    expect(doc.text).toContain('三、逾期未办结事项');
    expect(doc.text).toContain('第2项 第2项测试任务');
  });
});
