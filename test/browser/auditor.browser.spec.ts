import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AuditService } from '../../src/modules/audit/audit.service';
import { PeopleService } from '../../src/modules/departments/people.service';
import { PASSWORD, seed, type Seed } from '../e2e/duban-fixtures';
import {
  describeBrowser,
  DESKTOP,
  launchBrowser,
  pageWidthOverflow,
  PHONE,
  screenshot,
} from '../support/browser';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';

/**
 * The auditor's pages (安全审计员) in a real headless Chromium: only the trail and the sign-in log
 * in the menu, a failed sign-in in the log, and the export, itself recorded.
 */
describeBrowser('the auditor (browser)', () => {
  let t: TestApp;
  let s: Seed;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let auditorId: string;

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-12-10T01:00:00Z' });
    await resetDatabase(t.prisma);
    s = await seed(t);
    auditorId = (
      await t.app.get(PeopleService).createPerson({
        username: 'auditor',
        displayName: '审计员 孙审计',
        password: PASSWORD,
        role: 'AUDITOR',
      })
    ).id;
    // A failed sign-in as the auth module records it (shared contract: entity = the person, reason).
    await t.app.get(AuditService).record(t.prisma, {
      actorId: null,
      action: 'auth.login.failed',
      entityType: 'person',
      entityId: s.people.liaisonMz,
      data: { reason: 'bad_password' },
      sourceIp: '10.20.30.40',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(async () => {
    ctx = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', acceptDownloads: true });
    page = await ctx.newPage();
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  });

  afterEach(async () => {
    await ctx.close();
    expect(pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  it('signs in, sees only its pages, finds the failed sign-in and exports the log', async () => {
    await page.goto(`${t.url}/`);
    await page.getByLabel('用户名').fill('auditor');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '审计记录' }).waitFor();
    const menu = page.getByRole('navigation', { name: '主菜单' });
    // The auditor's two pages, then its own account's (password, second factor): no business page.
    await expect(menu.getByRole('link').allTextContents()).resolves.toEqual([
      '审计记录',
      '登录日志',
      '修改密码',
      '双因素认证',
    ]);

    await menu.getByRole('link', { name: '登录日志' }).click();
    await page.getByRole('heading', { name: '登录日志' }).waitFor();
    await page.getByLabel('起始日期').fill('2026-12-01');
    await page.getByLabel('截止日期').fill('2026-12-10');
    await page.getByRole('button', { name: '查询' }).click();
    const row = page.locator('tbody tr', { hasText: '登录失败' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/liaison\.mz.*密码错误.*10\.20\.30\.40/);
    await screenshot(page, 'auditor-sign-ins');

    const [res, file] = await Promise.all([
      page.waitForResponse((r) => /\/audit\/export\?/.test(r.url())),
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel(CSV)' }).click(),
    ]);
    expect(res.status()).toBe(200);
    expect(file.suggestedFilename()).toBe('audit-2026-12-01_2026-12-10.csv');
    const csv = readFileSync(await file.path()).toString('utf8');
    expect(csv.startsWith('\uFEFF序号,')).toBe(true);
    expect(csv).toContain('auth.login.failed');
    expect(csv).not.toContain('person.created');
    const exported = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'audit.exported' },
    });
    expect(exported).toMatchObject({
      actorId: auditorId,
      data: {
        from: '2026-12-01',
        to: '2026-12-10',
        format: 'csv',
        filter: { actionPrefix: 'auth.' },
      },
    });

    // The trail shows the export itself.
    await menu.getByRole('link', { name: '审计记录' }).click();
    await page.getByLabel('起始日期').fill('2026-12-01');
    await page.getByLabel('截止日期').fill('2026-12-10');
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('tbody tr', { hasText: '导出审计记录' }).first().waitFor();
    await screenshot(page, 'auditor-trail');
    await page.setViewportSize(PHONE);
    expect(await pageWidthOverflow(page)).toBe(0);
  });
});
