import type { Browser } from 'playwright-core';
import { describeBrowser, DESKTOP, launchBrowser, screenshot } from '../support/browser';
import { createPerson, PASSWORD } from '../support/fixtures';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';

/**
 * The administrator opens the queue board from the web interface: the button asks for the board's
 * cookie, the page goes to /admin/queues, and bull-board renders (its scripts allowed by the
 * security headers) the catalogue's queues.
 */
describeBrowser('queue board from the web interface (browser)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'qb.admin', role: 'ADMIN' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens the read-only board with every queue for an administrator', async () => {
    const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${t.url}/`);
    await page.getByLabel('用户名').fill('qb.admin');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '任务队列' }).click();
    await page.waitForURL(`${t.url}/admin/queues/**`);
    for (const queue of ['scheduler', 'reminders', 'deliveries']) {
      await page.getByText(queue, { exact: true }).first().waitFor();
    }
    await screenshot(page, 'queue-board');
    expect(errors).toEqual([]);
    const [cookie] = await ctx.cookies(`${t.url}/admin/queues/`);
    expect(cookie).toMatchObject({ name: 'duban_queue_board', httpOnly: true, sameSite: 'Strict' });
    // Not sent to the API or the web interface.
    expect(await ctx.cookies(`${t.url}/api/v1/auth/me`)).toEqual([]);
    await ctx.close();
  });
});
