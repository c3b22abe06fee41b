/**
 * 等保2.0 三级, accounts (issue 15 item 5): the second factor (TOTP, RFC 6238, with recovery
 * codes) and the security administrator's routes (disable, unlock, reset, roles, policy). TOTP
 * codes are computed with the library from the secret at the AuthClock's time.
 */
import { AccountsService } from '../../src/modules/security/accounts.service';
import { AuthService } from '../../src/modules/auth/auth.service';
import { totpCode } from '../../src/modules/auth/totp';
import { PASSWORD } from '../support/fixtures';
import {
  AccountsCtx,
  accountsApp,
  attempt,
  auditActions,
  auditText,
  resetAccounts,
  setPolicy,
  signIn,
  tokens,
} from './accounts-fixtures';

describe('accounts: second factor and the security administrator (e2e)', () => {
  let c: AccountsCtx;
  let sec: string;

  beforeAll(async () => {
    c = await accountsApp();
  });
  beforeEach(async () => {
    await setPolicy(c.t);
    await resetAccounts(c);
    c.clock.set(new Date());
    sec = (await tokens(c.t, 'sec.admin', PASSWORD)).accessToken;
  });
  afterAll(async () => {
    await setPolicy(c.t);
    await c.t?.close();
  });

  const business = (token: string) => c.api.call('GET', '/me/tasks', { token });
  const secondStep = (challengeToken: string, code: string) =>
    attempt(() => c.t.app.get(AuthService).loginSecondStep(challengeToken, code));

  /** Enrols `username` and returns the secret and recovery codes. */
  async function enrol(token: string) {
    const setup = await c.api.call('POST', '/auth/totp/setup', { token });
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(setup.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const secret: string = setup.body.secret;
    const wrong = await c.api.call('POST', '/auth/totp/confirm', {
      token,
      body: { code: '000000' },
    });
    expect(wrong).toMatchObject({ status: 400, body: { code: 'TOTP_CODE_INVALID' } });
    const confirm = await c.api.call('POST', '/auth/totp/confirm', {
      token,
      body: { code: totpCode(secret, c.clock.now()) },
    });
    expect(confirm.status).toBe(200);
    return { secret, recoveryCodes: confirm.body.recoveryCodes as string[] };
  }

  it('requires a second factor of supervision staff by policy: enrol, then sign in with a code once', async () => {
    await setPolicy(c.t, { twoFactorRequiredRoles: ['SUPERVISOR'] });
    const first = await tokens(c.t, 'acc.supervisor', PASSWORD);
    expect(first).toMatchObject({
      totpEnrolmentRequired: true,
      user: { sessionScope: 'totp_enrol' },
    });
    expect(await business(first.accessToken)).toMatchObject({
      status: 403,
      body: { code: 'TOTP_ENROLMENT_REQUIRED' },
    });
    const { secret, recoveryCodes } = await enrol(first.accessToken);
    expect(recoveryCodes).toHaveLength(10);
    expect((await business(first.accessToken)).status).toBe(200);
    const stored = await c.t.prisma.recoveryCode.findMany({
      where: { personId: c.people.supervisor },
    });
    expect(stored.map((r) => r.codeHash)).not.toContain(recoveryCodes[0]);

    // The next sign-in asks for the second step; the password alone gives no token.
    c.clock.advance(60_000);
    const challenge = await signIn(c.t, 'acc.supervisor', PASSWORD);
    expect(challenge.body).toEqual({
      secondFactorRequired: true,
      challengeToken: expect.any(String),
      expiresIn: 300,
    });
    const challengeToken = (challenge.body as { challengeToken: string }).challengeToken;
    // The challenge is no access token.
    expect((await business(challengeToken)).status).toBe(401);
    expect(await secondStep(challengeToken, '123456')).toMatchObject({
      status: 401,
      code: 'SECOND_FACTOR_INVALID',
    });
    const code = totpCode(secret, c.clock.now());
    expect(await secondStep(challengeToken, code)).toMatchObject({ status: 200 });
    // The same code again (a replay within its window): refused.
    expect(await secondStep(challengeToken, code)).toMatchObject({ status: 401 });
    // A recovery code works once.
    expect(await secondStep(challengeToken, recoveryCodes[3].toLowerCase())).toMatchObject({
      status: 200,
    });
    expect(await secondStep(challengeToken, recoveryCodes[3])).toMatchObject({ status: 401 });
    const actions = await auditActions(c.t, c.people.supervisor);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.totp.enabled', 'auth.recovery_code.used', 'auth.login.failed']),
    );
    const text = await auditText(c.t, c.people.supervisor);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(recoveryCodes[0]);

    // The security administrator resets the second factor: enrolment is asked again.
    const reset = await c.api.call('POST', `/security/accounts/${c.people.supervisor}/reset-totp`, {
      token: sec,
    });
    expect(reset).toMatchObject({ status: 200, body: { totpEnabled: false } });
    expect(await tokens(c.t, 'acc.supervisor', PASSWORD)).toMatchObject({
      totpEnrolmentRequired: true,
    });
  });

  it('lets a person without the requirement enrol of their own accord', async () => {
    const { accessToken } = await tokens(c.t, 'acc.liaison', PASSWORD);
    await enrol(accessToken);
    expect((await signIn(c.t, 'acc.liaison', PASSWORD)).body).toMatchObject({
      secondFactorRequired: true,
    });
    await c.api.call('POST', `/security/accounts/${c.people.liaison}/reset-totp`, { token: sec });
  });

  it('disables an account: its access token is refused on the very next request, its refresh too', async () => {
    const pair = await tokens(c.t, 'acc.liaison', PASSWORD);
    expect((await business(pair.accessToken)).status).toBe(200);
    const res = await c.api.call('POST', `/security/accounts/${c.people.liaison}/disable`, {
      token: sec,
    });
    expect(res).toMatchObject({ status: 200, body: { active: false } });
    expect((await business(pair.accessToken)).status).toBe(401);
    expect((await attempt(() => c.t.app.get(AuthService).refresh(pair.refreshToken))).status).toBe(
      401,
    );
    expect(await signIn(c.t, 'acc.liaison', PASSWORD)).toMatchObject({ code: 'ACCOUNT_DISABLED' });
    await c.api.call('POST', `/security/accounts/${c.people.liaison}/enable`, { token: sec });
    expect((await signIn(c.t, 'acc.liaison', PASSWORD)).status).toBe(200);
    expect(await auditActions(c.t, c.people.liaison)).toEqual(
      expect.arrayContaining(['person.disabled', 'person.enabled']),
    );
  });

  it('unlocks a locked account and resets a password to a temporary one that must be changed', async () => {
    for (let i = 0; i < 5; i++) await signIn(c.t, 'acc.admin', 'wrong-Password-1');
    const list = await c.api.call('GET', '/security/accounts', { token: sec });
    const locked = list.body.find((a: { id: string }) => a.id === c.people.admin);
    expect(locked.lockedUntil).toEqual(expect.any(String));
    expect(Object.keys(locked).sort()).toEqual(
      [
        'active',
        'department',
        'displayName',
        'failedLogins',
        'id',
        'lockedUntil',
        'mustChangePassword',
        'passwordChangedAt',
        'role',
        'totpEnabled',
        'username',
      ].sort(),
    );
    const unlocked = await c.api.call('POST', `/security/accounts/${c.people.admin}/unlock`, {
      token: sec,
    });
    expect(unlocked).toMatchObject({ status: 200, body: { lockedUntil: null } });
    const before = await tokens(c.t, 'acc.admin', PASSWORD);

    const reset = await c.api.call('POST', `/security/accounts/${c.people.admin}/reset-password`, {
      token: sec,
    });
    expect(reset.status).toBe(200);
    const temporary: string = reset.body.temporaryPassword;
    expect((await business(before.accessToken)).status).toBe(401);
    expect(await signIn(c.t, 'acc.admin', PASSWORD)).toMatchObject({ status: 401 });
    const after = await tokens(c.t, 'acc.admin', temporary);
    expect(after.passwordChangeRequired).toBe(true);
    expect(await auditActions(c.t, c.people.admin)).toEqual(
      expect.arrayContaining(['auth.locked', 'auth.unlocked', 'auth.password.reset']),
    );
    const events = await auditText(c.t, c.people.admin);
    expect(events).not.toContain(temporary);
  });

  it('changes roles: never one’s own, never to security administrator; audited with before and after', async () => {
    const own = await c.api.call('PUT', `/security/accounts/${c.people.secAdmin}/role`, {
      token: sec,
      body: { role: 'AUDITOR' },
    });
    expect(own).toMatchObject({ status: 403, body: { code: 'OWN_ACCOUNT' } });
    const appoint = await c.api.call('PUT', `/security/accounts/${c.people.supervisor}/role`, {
      token: sec,
      body: { role: 'SECURITY_ADMIN' },
    });
    expect(appoint.status).toBe(403);
    const pair = await tokens(c.t, 'acc.supervisor', PASSWORD);
    const res = await c.api.call('PUT', `/security/accounts/${c.people.supervisor}/role`, {
      token: sec,
      body: { role: 'LEADER' },
    });
    expect(res).toMatchObject({ status: 200, body: { role: 'LEADER' } });
    expect((await business(pair.accessToken)).status).toBe(401);
    const event = await c.t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'person.role.changed', entityId: c.people.supervisor },
    });
    expect(event).toMatchObject({
      actorId: c.people.secAdmin,
      before: { role: 'SUPERVISOR' },
      after: { role: 'LEADER' },
    });
    await c.t.prisma.person.update({
      where: { id: c.people.supervisor },
      data: { role: 'SUPERVISOR' },
    });
  });

  it('keeps one active security administrator', async () => {
    const accounts = c.t.app.get(AccountsService);
    await expect(
      accounts.setActive(c.people.admin, c.people.secAdmin, false),
    ).rejects.toMatchObject({
      code: 'LAST_SECURITY_ADMIN',
    });
    await expect(
      accounts.setRole(c.people.admin, c.people.secAdmin, 'AUDITOR'),
    ).rejects.toMatchObject({
      code: 'LAST_SECURITY_ADMIN',
    });
  });

  it('opens the security routes to the security administrator only', async () => {
    const admin = (await tokens(c.t, 'acc.admin', PASSWORD)).accessToken;
    for (const [method, path] of [
      ['GET', '/security/accounts'],
      ['GET', '/security/policy'],
      ['POST', `/security/accounts/${c.people.liaison}/disable`],
      ['POST', `/security/accounts/${c.people.liaison}/unlock`],
    ]) {
      expect({ path, status: (await c.api.call(method, path, { token: admin })).status }).toEqual({
        path,
        status: 403,
      });
    }
  });

  it('sets the security policy: validated, applied at once, audited with before and after', async () => {
    const current = await c.api.call('GET', '/security/policy', { token: sec });
    expect(current.body).toMatchObject({
      lockoutMaxFailures: 5,
      passwordMinLength: 8,
      sessionIdleMinutes: 30,
    });
    const bad = await c.api.call('PUT', '/security/policy', {
      token: sec,
      body: { ...current.body, passwordMinLength: 4, twoFactorRequiredRoles: ['ROOT'] },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const put = await c.api.call('PUT', '/security/policy', {
      token: sec,
      body: { ...current.body, lockoutMaxFailures: 2 },
    });
    expect(put).toMatchObject({ status: 200, body: { lockoutMaxFailures: 2 } });
    await signIn(c.t, 'acc.liaison', 'wrong-Password-1');
    expect(await signIn(c.t, 'acc.liaison', 'wrong-Password-1')).toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    const event = await c.t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'security.policy.changed' },
    });
    expect(event).toMatchObject({
      actorId: c.people.secAdmin,
      before: { lockoutMaxFailures: 5 },
      after: { lockoutMaxFailures: 2 },
    });
  });
});
