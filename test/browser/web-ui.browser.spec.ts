import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { EscalationService } from '../../src/modules/escalation/escalation.service';
import { LaggingService } from '../../src/modules/escalation/lagging.service';
import { PASSWORD, seed, type Seed } from '../e2e/duban-fixtures';
import {
  describeBrowser,
  DESKTOP,
  launchBrowser,
  pageWidthOverflow,
  PHONE,
  screenshot,
} from '../support/browser';
import { REFERENCE_PLAN } from '../support/fixtures';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';
import { REVIEW } from '../../src/modules/plans/import/unit-list.parser';
import { parsePlanText } from '../../src/modules/plans/import/plan-text.parser';

/** What the reader says of an item whose lead it took by default (the reference plan states no rule). */
const DEFAULT_LEAD = REVIEW.defaultLead;

/**
 * The web interface in a real headless Chromium against the real app (PostgreSQL, Redis, the
 * static bundle served at `/`). Clock: Thursday 2026-12-10, so task 2 (due 2026-11-30) is overdue
 * and task 1 (due 2026-12-31) is not.
 */
describeBrowser('web interface (browser)', () => {
  let t: TestApp;
  let s: Seed;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-12-10T01:00:00Z' });
    await resetDatabase(t.prisma);
    s = await seed(t);
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
    await screenshot(page, `last-${name.replace(/\W+/g, '-').slice(-40)}`).catch(() => undefined);
    await ctx.close();
    // No script error and no failed request on any page, expected 4xx answers aside.
    expect(pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  // Login is limited to 10 a minute per IP: this suite logs in 9 times in all.
  const logIn = async (username: string) => {
    await page.goto(`${t.url}/`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  };

  it('serves the interface at / with a strict content security policy', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    const script = /src="\/(main-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${t.url}/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    // The API is untouched by the static files.
    expect((await fetch(`${t.url}/api/v1/health`)).status).toBe(200);
  });

  it('a wrong password is announced next to the form', async () => {
    await page.goto(`${t.url}/`);
    await page.getByLabel('用户名').fill('liaison.mz');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByLabel('密码').press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/用户名或密码/);
  });

  it('a liaison sees the week, reports progress on a task and asks to close it', async () => {
    await logIn('liaison.mz');
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    // Task 2 (supporting, overdue) is in "this week"; all four open tasks are listed.
    const week = page.locator('section', {
      has: page.getByRole('heading', { name: /本周需要办理/ }),
    });
    await week.getByRole('link', { name: /第 2 项/ }).waitFor();
    await expect(week.getByRole('link', { name: /第 2 项/ }).count()).resolves.toBe(1);
    await expect(week.getByText('已逾期:请尽快报送进展').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'liaison-my-tasks');

    await page
      .getByRole('link', { name: /第 1 项/ })
      .last()
      .click();
    await page.getByRole('heading', { name: /第 1 项任务/ }).waitFor();

    // An empty narrative: the server's field error is announced and tied to the field.
    await page.getByLabel('完成进度(%)').fill('60');
    await page.getByRole('button', { name: '提交进展' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const narrative = page.getByLabel('进展情况');
    await expect(narrative.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(narrative.getAttribute('aria-describedby')).resolves.toContain(
      'r-narrative-error',
    );

    await narrative.fill('已完成选址,正在组织施工招标。');
    await page.getByRole('button', { name: '提交进展' }).click();
    await page.getByRole('status').filter({ hasText: '进展已报送' }).waitFor();
    await page.getByText('已完成选址,正在组织施工招标。').first().waitFor();
    const reports = await t.prisma.progressReport.findMany({ where: { taskId: s.tasks.t1 } });
    expect(reports.map((r) => [r.percent, r.narrative])).toEqual([
      [60, '已完成选址,正在组织施工招标。'],
    ]);
    await screenshot(page, 'liaison-task-reported');

    // Closure request with a link as evidence.
    await page.getByRole('button', { name: '办结销号' }).click();
    await page.getByLabel('办结情况').fill('养老服务中心已建成并投入使用。');
    await page.getByLabel('佐证链接').fill('https://example.gov.cn/notice/1');
    await page.getByRole('button', { name: '提交办结销号' }).click();
    await page.getByRole('status').filter({ hasText: '办结销号已提交' }).waitFor();
    const task = await t.prisma.task.findUniqueOrThrow({ where: { id: s.tasks.t1 } });
    expect(task.status).toBe('CLOSURE_REQUESTED');

    // A reload keeps the session (the refresh token is exchanged for a new access token).
    await page.reload();
    await page.getByRole('heading', { name: /第 1 项任务/ }).waitFor();
    await expect(page.getByText('申请办结').count()).resolves.toBeGreaterThan(0);

    await page.setViewportSize(PHONE);
    await screenshot(page, 'liaison-task-phone');
    expect(await pageWidthOverflow(page)).toBe(0);
  });

  it('the office sees the overdue board with the ladder level and returns a closure request', async () => {
    await t.app.get(EscalationService).sweep();
    // Task 3 (due 2027-01-15, nothing reported) assigned in June: far behind expected progress.
    await t.prisma.task.update({
      where: { id: s.tasks.t3 },
      data: { createdAt: new Date('2026-06-01T02:00:00Z') },
    });
    await t.app.get(LaggingService).sweep();
    await logIn('supervisor');
    await page.getByRole('heading', { name: '督办看板' }).waitFor();
    const row = page.locator('tr', { has: page.getByRole('link', { name: /第2项测试任务/ }) });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/督办单/);
    await expect(row.textContent()).resolves.toMatch(/督〔2026〕\d+号/);
    await expect(page.locator('tr', { hasText: '省财政厅' }).count()).resolves.toBeGreaterThan(0);

    // Lagging: task 3 with its reported and expected progress and the yellow lagging warning.
    const lagging = page.locator('section', {
      has: page.getByRole('heading', { name: '进度滞后任务' }),
    });
    const lagRow = lagging.locator('tr', {
      has: page.getByRole('link', { name: /第3项测试任务/ }),
    });
    await lagRow.waitFor();
    await expect(lagRow.textContent()).resolves.toMatch(/0%.*进度滞后.*黄牌/);
    await expect(lagRow.getAttribute('class')).resolves.toBe('row-yellow');

    // Departments: counts, on-time rate, score and rank; the lead of overdue task 2 ranks last.
    const depts = page.locator('section', {
      has: page.getByRole('heading', { name: '各单位办理情况与考核' }),
    });
    const czRow = depts.locator('tbody tr', { hasText: '省财政厅' });
    await czRow.waitFor();
    const cells = async (row: typeof czRow) =>
      Object.fromEntries(
        await row
          .locator('th, td')
          .evaluateAll((els) =>
            els.map((e) => [e.getAttribute('data-label'), e.textContent?.trim()]),
          ),
      ) as Record<string, string>;
    const cz = await cells(czRow);
    const fg = await cells(depts.locator('tbody tr', { hasText: '省发展改革委' }));
    expect(cz).toMatchObject({ 任务: '2', 在办: '2', 逾期: '1', 排名: '第 3 名' });
    expect(fg).toMatchObject({ 任务: '2', 已办结: '1', 逾期: '0', 排名: '第 1 名' });
    expect(Number(cz['考核得分'])).toBeLessThan(Number(fg['考核得分']));
    // Sorted by rank: the last row is the last ranked.
    await expect(depts.locator('tbody tr').last().textContent()).resolves.toContain('省财政厅');

    // Exports download with the session's token: the ledger as a real .xlsx (a zip) and CSV,
    // the bulletin draft as Markdown.
    const exports = page.locator('section', { has: page.getByRole('heading', { name: '导出' }) });
    const fetchFile = async (label: string, url: RegExp) => {
      const [res, file] = await Promise.all([
        page.waitForResponse((r) => url.test(r.url())),
        page.waitForEvent('download'),
        exports.getByRole('button', { name: label }).click(),
      ]);
      const path = await file.path();
      return { res, name: file.suggestedFilename(), bytes: readFileSync(path) };
    };
    const xlsx = await fetchFile('督查台账(Excel)', /\/supervision\/ledger\?format=xlsx/);
    expect(xlsx.res.status()).toBe(200);
    expect(xlsx.res.headers()['content-type']).toContain('spreadsheetml');
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.name).toBe('督查台账-2026-12-10.xlsx');
    const csv = await fetchFile('督查台账(CSV)', /\/supervision\/ledger\?format=csv/);
    expect(csv.res.headers()['content-type']).toContain('text/csv');
    expect(csv.bytes.toString('utf8')).toContain('第2项测试任务');
    const md = await fetchFile('通报草稿(本年至今,Markdown)', /\/supervision\/bulletin\?/);
    expect(md.res.headers()['content-type']).toContain('text/markdown');
    expect(md.name).toBe('通报草稿.md');
    expect(md.bytes.toString('utf8')).toMatch(/^#/);
    await expect(exports.getByRole('alert').count()).resolves.toBe(0);

    await screenshot(page, 'office-board');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'office-board-phone');
    expect(await pageWidthOverflow(page)).toBe(0);

    // A supervision notice by hand on task 1 (not yet overdue), after a confirmation.
    await page.goto(`${t.url}/#/tasks/${s.tasks.t1}`);
    await page.getByRole('heading', { name: /第 1 项任务/ }).waitFor();
    await page.getByRole('button', { name: '下发督办单' }).click();
    const confirm = page.getByRole('button', { name: '确认下发' });
    await confirm.waitFor();
    // Focus follows to the confirmation (the button pressed is gone).
    await expect(
      page.evaluate<string>('document.activeElement && document.activeElement.textContent'),
    ).resolves.toBe('确认下发');
    await confirm.click();
    await page
      .getByRole('status')
      .filter({ hasText: /已下发督办单 督〔2026〕2号/ })
      .waitFor();
    const step = await t.prisma.escalation.findFirstOrThrow({
      where: { taskId: s.tasks.t1, level: 'SUPERVISION' },
    });
    expect(step.noticeNo).toBe('督〔2026〕2号');
    // Issued: the ladder lists it and the button is gone.
    await page
      .getByText(/督〔2026〕2号/)
      .last()
      .waitFor();
    await expect(page.getByRole('button', { name: '下发督办单' }).count()).resolves.toBe(0);
    await screenshot(page, 'office-task-notice-phone');
    expect(await pageWidthOverflow(page)).toBe(0);
    // On a phone the menu is behind a toggle that the keyboard opens.
    await page.getByRole('button', { name: '菜单' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: '申请审批' }).click();

    await page.getByRole('heading', { name: '申请审批' }).waitFor();
    const card = page.locator('li.card', { hasText: '第 1 项' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('养老服务中心已建成并投入使用。');
    await screenshot(page, 'office-requests-phone');
    expect(await pageWidthOverflow(page)).toBe(0);
    await page.setViewportSize(DESKTOP);
    // Returning needs a reason: the server's error is announced.
    await card.getByRole('button', { name: '退回' }).click();
    await card.getByRole('alert').waitFor();
    await card.getByLabel('审批意见').fill('佐证材料不足,请补充验收文件。');
    await card.getByRole('button', { name: '退回' }).click();
    await page.getByRole('status').filter({ hasText: '已退回' }).waitFor();
    const request = await t.prisma.taskRequest.findFirstOrThrow({ where: { taskId: s.tasks.t1 } });
    expect(request.status).toBe('REJECTED');
    expect(request.decisionReason).toBe('佐证材料不足,请补充验收文件。');
    const task = await t.prisma.task.findUniqueOrThrow({ where: { id: s.tasks.t1 } });
    expect(task.status).toBe('IN_PROGRESS');
    // The list reloads after the decision: wait for it rather than read it once.
    await page.getByText('没有待审批的申请').waitFor();
  });

  it('an administrator imports a plan through the preview', async () => {
    // The seed plan carries the reference plan's number; renumber it so the import is a new plan.
    await t.prisma.plan.update({
      where: { id: s.planId },
      data: { documentNumber: '测办〔2026〕1号' },
    });
    await logIn('admin');
    await page.getByRole('heading', { name: '督办看板' }).waitFor();
    await page.getByRole('link', { name: '方案导入' }).click();
    await page.getByRole('heading', { name: '方案导入' }).waitFor();
    await page.getByLabel('上传方案文件').setInputFiles(REFERENCE_PLAN);
    await page.getByLabel('默认完成时限').fill('2027-06-30');
    await page.getByRole('button', { name: '预览' }).click();
    await page.getByRole('heading', { name: '2. 核对预览' }).waitFor();
    await expect(page.getByText(/80 项任务/).count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('caption', { hasText: '事项(80 项)' }).count()).resolves.toBe(1);

    // Items needing review come first, marked with their reasons; the commit waits for them.
    const firstRow = page.locator('tbody tr').first();
    await expect(firstRow.getAttribute('class')).resolves.toContain('needs-review');
    await expect(firstRow.textContent()).resolves.toContain(DEFAULT_LEAD);
    await expect(firstRow.textContent()).resolves.toContain('需核对');
    // The reader flags every item whose lead it took by default (those with two units or more).
    const flagged = parsePlanText(readFileSync(REFERENCE_PLAN, 'utf8')).items.filter(
      (i) => i.review,
    ).length;
    expect(flagged).toBeGreaterThan(2);
    const pending = page.locator('#rv-count');
    await expect(pending.textContent()).resolves.toContain(`尚有 ${flagged} 项未确认`);
    const commit = page.getByRole('button', { name: '确认导入' });
    await expect(commit.isDisabled()).resolves.toBe(true);
    await expect(page.locator('#commit-why').textContent()).resolves.toMatch(
      new RegExp(`${flagged} 项.*未确认`),
    );
    await pending.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-import-review', false);
    await firstRow.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-import-review-rows', false);

    // One item confirmed as read, one corrected (a correction is a look), then all the rest at once.
    await page.getByLabel('确认无误(第 1 项)').check();
    await expect(pending.textContent()).resolves.toContain(`尚有 ${flagged - 1} 项未确认`);
    await page.getByText('更正单位(第 2 项)').click();
    await page.getByLabel('第 2 项牵头单位').fill('省财政厅');
    await expect(pending.textContent()).resolves.toContain(`尚有 ${flagged - 2} 项未确认`);
    await expect(page.getByLabel('确认无误(第 2 项)').isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: '全部确认' }).click();
    await expect(pending.textContent()).resolves.toContain('已全部核对');
    await expect(commit.isDisabled()).resolves.toBe(false);

    // Committing with units the directory does not know is refused, and says so.
    await page.getByRole('button', { name: '确认导入' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/单位/);
    await screenshot(page, 'admin-import-preview');
    await page.getByRole('heading', { name: '2. 核对预览' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-import-preview-top', false);

    // Leave item 80 out, create the unknown units, commit.
    await page.getByLabel('导入第 80 项').uncheck();
    await page.getByLabel('将下列未处理的单位全部新建为单位').check();
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByRole('status').filter({ hasText: '导入完成' }).waitFor();
    const plan = await t.prisma.plan.findFirstOrThrow({
      where: { documentNumber: '苏办〔2012〕85号' },
    });
    expect(await t.prisma.task.count({ where: { planId: plan.id } })).toBe(79);
    expect(await t.prisma.task.count({ where: { planId: plan.id, no: 80 } })).toBe(0);
    const lead2 = await t.prisma.assignment.findFirstOrThrow({
      where: { task: { planId: plan.id, no: 2 }, role: 'LEAD' },
      include: { department: true },
    });
    expect(lead2.department.name).toBe('省财政厅');
    const audit = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'plan.imported', entityId: plan.id },
    });
    const review = (audit.data as { review: Record<string, number[]> }).review;
    expect(review).toMatchObject({ corrected: [2], skipped: [80], confirmedAll: false });
    expect(review.confirmed).toHaveLength(flagged - 2); // item 2 corrected, item 80 left out
    await page.setViewportSize(PHONE);
    await screenshot(page, 'admin-import-done-phone');
    expect(await pageWidthOverflow(page)).toBe(0);
  });

  it('an administrator adds a department alias and a person', async () => {
    await logIn('admin');
    await page.getByRole('heading', { name: '督办看板' }).waitFor();
    await page.goto(`${t.url}/#/admin/departments`);
    await page.getByRole('heading', { name: '单位与简称' }).waitFor();
    const card = page.locator('li.card', {
      has: page.getByRole('heading', { name: '省民政厅', exact: true }),
    });
    await card.getByLabel('添加简称').fill('民政');
    await card.getByRole('button', { name: '添加' }).click();
    await page.getByRole('status').filter({ hasText: '已为“省民政厅”添加简称“民政”' }).waitFor();
    const aliases = await t.prisma.departmentAlias.findMany({
      where: { departmentId: s.departments.minzheng },
    });
    expect(aliases.map((a) => a.alias).sort()).toEqual(['民政', '民政厅']);

    await page.goto(`${t.url}/#/admin/people`);
    await page.getByRole('heading', { name: '人员与角色' }).waitFor();
    await page.getByLabel('用户名').fill('liaison.new');
    await page.getByLabel('姓名').fill('新联络员');
    await page.getByLabel('初始密码').fill('new-password-1');
    // A liaison without a department is refused; the error sits on the field.
    await page.getByRole('button', { name: '创建' }).click();
    await page.getByRole('alert').waitFor();
    await expect(page.getByLabel('所属单位').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('所属单位').selectOption({ label: '省财政厅' });
    await page.getByRole('button', { name: '创建' }).click();
    await page.getByRole('status').filter({ hasText: '已创建“新联络员”' }).waitFor();
    const person = await t.prisma.person.findUniqueOrThrow({ where: { username: 'liaison.new' } });
    expect(person).toMatchObject({ role: 'LIAISON', departmentId: s.departments.caizheng });
    await screenshot(page, 'admin-people');
  });
  it('the lead liaison reads the supervision notice in the inbox', async () => {
    await t.app.get(EscalationService).sweep(); // idempotent: the notice of the office test
    await logIn('liaison.cz');
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    await page.getByRole('link', { name: '消息' }).click();
    await page.getByRole('heading', { name: '消息' }).waitFor();
    const notice = page.getByRole('button', { name: /督办/ }).first();
    await notice.waitFor();
    await Promise.all([
      page.waitForResponse((r) => /\/me\/inbox\/[^/]+\/read$/.test(r.url()) && r.status() === 204),
      notice.click(),
    ]);
    await expect(notice.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.locator('.message-body').first().waitFor();
    const cz = await t.prisma.person.findUniqueOrThrow({ where: { username: 'liaison.cz' } });
    expect(
      await t.prisma.delivery.count({
        where: { recipientId: cz.id, channel: 'INBOX', readAt: { not: null } },
      }),
    ).toBeGreaterThan(0);
    await page.setViewportSize(PHONE);
    await screenshot(page, 'liaison-inbox-phone');
    expect(await pageWidthOverflow(page)).toBe(0);
  });

  it('a 401 is answered by one refresh and a retry; a second 401 ends the session', async () => {
    await logIn('liaison.mz');
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    let refreshes = 0;
    page.on('request', (r) => r.url().endsWith('/api/v1/auth/refresh') && refreshes++);
    // The server refuses the access token once (as when it has expired).
    let refused = 0;
    await page.route('**/api/v1/me/inbox?*', async (route) => {
      if (refused++ === 0) {
        await route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: '{"code":"UNAUTHENTICATED","message":"请先登录"}',
        });
      } else await route.continue();
    });
    await page.getByRole('link', { name: '消息' }).click();
    await page.getByRole('heading', { name: '消息' }).waitFor();
    await page.getByText('没有消息。').or(page.locator('li.card').first()).waitFor();
    expect(refused).toBe(2);
    expect(refreshes).toBe(1);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);

    // Refused again after the refresh: back to the login form, no loop.
    await page.route('**/api/v1/me/tasks', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: '{"code":"UNAUTHENTICATED","message":"请先登录"}',
      }),
    );
    await page.getByRole('link', { name: '我的任务' }).click();
    await page.getByRole('heading', { name: '督办系统登录' }).waitFor();
    expect(refreshes).toBe(2);
  });

  it('an administrator changes the reminder policy; a bad value is shown on its field', async () => {
    await logIn('admin');
    await page.getByRole('heading', { name: '督办看板' }).waitFor();
    await page.getByRole('link', { name: '提醒与督办策略' }).click();
    await page.getByRole('heading', { name: '提醒与督办策略' }).waitFor();
    await page
      .getByLabel('方案')
      .selectOption({ label: '测办〔2026〕1号 江苏省老龄事业发展规划责任分解方案' });
    const start = page.getByLabel('免打扰开始');
    await start.fill('25:00');
    await page.getByRole('button', { name: '保存策略' }).click();
    await page.getByRole('alert').waitFor();
    await expect(start.getAttribute('aria-invalid')).resolves.toBe('true');
    await start.fill('21:30');
    await page.getByLabel('提醒发送时间(时)').fill('10');
    await page.getByRole('button', { name: '保存策略' }).click();
    await page.getByRole('status').filter({ hasText: '策略已保存' }).waitFor();
    const plan = await t.prisma.plan.findUniqueOrThrow({ where: { id: s.planId } });
    expect(plan.policy).toMatchObject({
      sendHour: 10,
      quietHours: { start: '21:30', end: '08:00' },
    });
    await screenshot(page, 'admin-policy');

    await page.getByRole('link', { name: '工作日历' }).click();
    await page.getByRole('heading', { name: '工作日历' }).waitFor();
    await page.getByRole('button', { name: '编辑 2026' }).click();
    await expect(page.getByLabel('节假日与调休').inputValue()).resolves.toMatch(/2026-10-01 休/);
    await screenshot(page, 'admin-calendar');
  });
  it('an administrator adds two cities, derives their departments and cascades a plan; the task shows the roll-up', async () => {
    // A supporting unit no rule can name a counterpart for: the preview reports it.
    // (The imported reference plan may have created it already.)
    const pboc = await t.prisma.department.upsert({
      where: { name: '人民银行南京分行' },
      create: { name: '人民银行南京分行' },
      update: {},
    });
    await t.prisma.assignment.create({
      data: { taskId: s.tasks.t3, departmentId: pboc.id, role: 'SUPPORT', ordinal: 1 },
    });
    await logIn('admin');
    await page.getByRole('heading', { name: '督办看板' }).waitFor();
    await page.getByRole('link', { name: '地区与分解' }).click();
    await page.getByRole('heading', { name: '地区与分解' }).waitFor();

    // A bad code: the server's field error sits on its field.
    const code = page.getByLabel('地区代码');
    await code.fill('32a');
    await page.getByLabel('地区名称').fill('南京市');
    await page.getByRole('button', { name: '新增地区' }).click();
    await page.getByRole('alert').waitFor();
    await expect(code.getAttribute('aria-invalid')).resolves.toBe('true');
    for (const [c, name] of [
      ['320100', '南京市'],
      ['320200', '无锡市'],
    ] as const) {
      await code.fill(c);
      await page.getByLabel('地区名称').fill(name);
      await page.getByRole('button', { name: '新增地区' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `已新增地区“${name}”` })
        .waitFor();
    }
    await page.getByRole('checkbox', { name: '南京市', exact: true }).check();
    await page.getByRole('checkbox', { name: '无锡市', exact: true }).check();
    await page.getByRole('button', { name: /生成所选地区的对应部门/ }).click();
    await page.getByRole('status').filter({ hasText: '新建对应部门' }).waitFor();
    await page.getByText('南京市未找到对应部门:').waitFor();
    await expect(page.getByText(/南京市未找到对应部门:.*人民银行南京分行/).count()).resolves.toBe(
      1,
    );
    const nanjing = await t.prisma.region.findFirstOrThrow({ where: { name: '南京市' } });
    await expect(
      t.prisma.department.count({ where: { regionId: nanjing.id, name: '南京市民政局' } }),
    ).resolves.toBe(1);

    await page.getByRole('combobox', { name: /^方案/ }).selectOption(s.planId);
    await page.getByRole('checkbox', { name: /^南京市.部门/ }).check();
    await page.getByRole('checkbox', { name: /^无锡市.部门/ }).check();
    await page.getByRole('button', { name: '预览' }).click();
    const preview = page.locator('div', { has: page.getByRole('heading', { name: '分解预览' }) });
    await preview
      .getByText(/人民银行南京分行.配合,第 3 项/)
      .first()
      .waitFor();
    // Every open item of the seed plan, for each city (earlier tests may have closed some).
    const open = await t.prisma.task.count({
      where: { planId: s.planId, status: { notIn: ['WITHDRAWN', 'CLOSED'] } },
    });
    expect(open).toBeGreaterThan(0);
    await expect(preview.getByText(`将新建任务 ${open} 项`).count()).resolves.toBe(2);
    await expect(page.getByRole('button', { name: '确认分解' }).isDisabled()).resolves.toBe(true);
    await screenshot(page, 'admin-cascade-preview');

    await page.getByLabel('配合单位无对应部门时不分解给该单位').check();
    await page.getByRole('button', { name: '预览' }).click();
    await preview.getByText('不分解给该单位').first().waitFor();
    await page.getByRole('button', { name: '确认分解' }).click();
    await page.getByRole('status').filter({ hasText: '分解完成' }).waitFor();
    await page
      .getByText(`新建任务 ${2 * open} 项`)
      .first()
      .waitFor();
    const children = await t.prisma.plan.findMany({ where: { parentPlanId: s.planId } });
    expect(children).toHaveLength(2);
    await expect(
      t.prisma.task.count({ where: { planId: { in: children.map((c) => c.id) } } }),
    ).resolves.toBe(2 * open);
    await page.getByRole('heading', { name: '下级方案(2)' }).waitFor();
    await screenshot(page, 'admin-regions');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'admin-regions-phone');
    expect(await pageWidthOverflow(page)).toBe(0);

    // The province task: both cities' tasks, each a link to its own page.
    await page.setViewportSize(DESKTOP);
    await page.goto(`${t.url}/#/tasks/${s.tasks.t3}`);
    const rollup = page.locator('section', {
      has: page.getByRole('heading', { name: '下级地区办理情况' }),
    });
    await rollup.getByText('共 2 个地区').waitFor();
    await rollup.getByRole('link', { name: '南京市 第 3 项' }).waitFor();
    await rollup.getByRole('link', { name: '无锡市 第 3 项' }).waitFor();
    await screenshot(page, 'office-task-rollup');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'office-task-rollup-phone');
    expect(await pageWidthOverflow(page)).toBe(0);
    await rollup.getByRole('link', { name: '南京市 第 3 项' }).click();
    const child = await t.prisma.task.findFirstOrThrow({
      where: { parentTaskId: s.tasks.t3, plan: { regionId: nanjing.id } },
    });
    await page.waitForURL(`**/#/tasks/${child.id}`);
    await page.getByText('南京市发展改革委').first().waitFor();
  });
});
