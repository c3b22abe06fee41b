import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../../src/infra/clock/clock';
import { AuthService } from '../../src/modules/auth/auth.service';
import { SecurityPolicyService } from '../../src/modules/auth/security-policy.service';
import { totpCode } from '../../src/modules/auth/totp';
import { describeBrowser, DESKTOP, launchBrowser, screenshot } from '../support/browser';
import { createPerson, PASSWORD } from '../support/fixtures';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';

/**
 * Accounts in the browser, one flow: a supervisor whose password must change and whose role needs
 * a second factor changes the password, enrols TOTP, signs in again with a code; the security
 * administrator unlocks a locked account. TOTP codes come from the secret the page shows, at the
 * AuthClock's time.
 */
describeBrowser('accounts in the web interface (browser)', () => {
  let t: TestApp;
  let clock: ManualClock;
  let browser: Browser;
  let errors: string[];

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ authClock: clock });
    await resetDatabase(t.prisma);
    await t.prisma.securityPolicy.deleteMany();
    const policy = t.app.get(SecurityPolicyService);
    await t.prisma.securityPolicy.create({
      data: { id: 1, rules: { ...policy.defaults, twoFactorRequiredRoles: ['SUPERVISOR'] } },
    });
    policy.forget();
    await createPerson(t.prisma, { username: 'b.sec', role: 'SECURITY_ADMIN' });
    const supervisor = await createPerson(t.prisma, {
      username: 'b.supervisor',
      role: 'SUPERVISOR',
    });
    await t.prisma.person.update({
      where: { id: supervisor.id },
      data: { mustChangePassword: true },
    });
    await createPerson(t.prisma, {
      username: 'b.liaison',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.prisma.securityPolicy.deleteMany();
    await t?.close();
  });

  async function open(): Promise<Page> {
    const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const page = await ctx.newPage();
    errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${t.url}/`);
    return page;
  }

  async function passwordStep(page: Page, username: string, password: string) {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
  }

  it('forced password change, TOTP enrolment, sign-in with a code; the security administrator unlocks', async () => {
    const page = await open();
    await passwordStep(page, 'b.supervisor', PASSWORD);
    // Only the password change is offered.
    await page.getByRole('heading', { name: '修改密码' }).waitFor();
    expect(await page.getByRole('navigation', { name: '主菜单' }).count()).toBe(0);
    await page.locator('#pw-current').fill(PASSWORD);
    await page.locator('#pw-new').fill('Browser-Pass-2');
    await page.locator('#pw-again').fill('Browser-Pass-2');
    await page.getByRole('button', { name: '修改密码' }).click();

    // Then the second factor, required for supervision staff by this policy.
    await page.getByRole('heading', { name: '双因素认证' }).waitFor();
    await page.getByRole('button', { name: '开始绑定' }).click();
    const secret = (await page.locator('#totp-secret').textContent())!.trim();
    expect(await page.getByRole('img', { name: '用验证器扫描的二维码' }).count()).toBe(1);
    await page.getByLabel('验证器显示的 6 位数字').fill(totpCode(secret, clock.now()));
    await page.getByRole('button', { name: '确认绑定' }).click();
    await page.getByRole('heading', { name: '双因素认证已启用' }).waitFor();
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    await screenshot(page, 'accounts-recovery-codes');
    await page.getByRole('button', { name: '我已保存恢复码,继续' }).click();
    await page.getByRole('navigation', { name: '主菜单' }).waitFor();
    await page.getByRole('button', { name: '退出' }).click();

    // Signing in again: the password, then a code (the next step: the one used is spent).
    clock.advance(30_000);
    await passwordStep(page, 'b.supervisor', 'Browser-Pass-2');
    await page.getByLabel('动态验证码或恢复码').fill(totpCode(secret, clock.now()));
    await page.getByRole('button', { name: '验证并登录' }).click();
    await page.getByRole('navigation', { name: '主菜单' }).waitFor();
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);

    // A liaison locks their account; the security administrator unlocks it.
    const auth = t.app.get(AuthService);
    for (let i = 0; i < 5; i++) {
      await auth
        .login({ username: 'b.liaison', password: 'wrong-Password-1' })
        .catch(() => undefined);
    }
    await expect(auth.login({ username: 'b.liaison', password: PASSWORD })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    const sec = await open();
    await passwordStep(sec, 'b.sec', PASSWORD);
    await sec.getByRole('heading', { name: '账号与锁定' }).waitFor();
    const row = sec.locator('tr[data-username="b.liaison"]');
    await row.getByText(/锁定至/).waitFor();
    await row.getByRole('button', { name: '解锁' }).click();
    await row.getByText('正常').waitFor();
    await screenshot(sec, 'accounts-security-admin');
    await expect(auth.login({ username: 'b.liaison', password: PASSWORD })).resolves.toMatchObject({
      secondFactorRequired: false,
    });
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 120_000);
});
