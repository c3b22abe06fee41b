/**
 * 等保2.0 三级, accounts (issue 15 item 5): each finding of the probe is a test here — lockout per
 * account, password rules, change/reset/expiry/history, disable, revocation at logout, idle and
 * absolute session limits. Security times run on the AuthClock, moved by the tests (no sleeps).
 */
import { AuthService } from '../../src/modules/auth/auth.service';
import { PASSWORD } from '../support/fixtures';
import {
  AccountsCtx,
  accountsApp,
  attempt,
  auditActions,
  resetAccounts,
  setPolicy,
  signIn,
  SOURCE_IP,
  tokens,
} from './accounts-fixtures';

const MINUTE = 60_000;

describe('accounts: sign-in, passwords and sessions (e2e)', () => {
  let c: AccountsCtx;

  beforeAll(async () => {
    c = await accountsApp();
  });
  beforeEach(async () => {
    await setPolicy(c.t);
    await resetAccounts(c);
    c.clock.set(new Date());
  });
  afterAll(async () => {
    await setPolicy(c.t);
    await c.t?.close();
  });

  const me = (token: string) => c.api.call('GET', '/auth/me', { token });
  const business = (token: string) => c.api.call('GET', '/me/tasks', { token });

  it('locks the account after five wrong passwords: the right one is then refused until the lock ends', async () => {
    for (let i = 0; i < 4; i++) {
      expect(await signIn(c.t, 'acc.liaison', 'wrong-Password-1')).toMatchObject({
        status: 401,
        code: 'INVALID_CREDENTIALS',
      });
    }
    const fifth = await signIn(c.t, 'acc.liaison', 'wrong-Password-1');
    expect(fifth).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED' });
    // The sixth attempt, with the right password: refused, saying until when.
    const sixth = await signIn(c.t, 'acc.liaison', PASSWORD);
    expect(sixth).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED' });
    const until = new Date((sixth.details as { lockedUntil: string }).lockedUntil);
    expect(until.getTime() - c.clock.now().getTime()).toBe(30 * MINUTE);
    // A wrong password while locked gets the same answer: nothing is revealed.
    expect(await signIn(c.t, 'acc.liaison', 'wrong-Password-1')).toMatchObject({ status: 423 });

    c.clock.advance(30 * MINUTE);
    expect(await signIn(c.t, 'acc.liaison', PASSWORD)).toMatchObject({ status: 200 });

    const actions = await auditActions(c.t, c.people.liaison);
    expect(actions.filter((a) => a === 'auth.login.failed')).toHaveLength(7);
    expect(actions).toContain('auth.locked');
    expect(actions.at(-1)).toBe('auth.login.succeeded');
    const failed = await c.t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'auth.login.failed', entityId: c.people.liaison },
    });
    expect(failed).toMatchObject({ sourceIp: SOURCE_IP, data: { reason: 'bad_password' } });
  });

  it('counts failures in the window only: four, a pause longer than the window, four more do not lock', async () => {
    for (let i = 0; i < 4; i++) await signIn(c.t, 'acc.admin', 'wrong-Password-1');
    c.clock.advance(16 * MINUTE);
    for (let i = 0; i < 4; i++) {
      expect(await signIn(c.t, 'acc.admin', 'wrong-Password-1')).toMatchObject({ status: 401 });
    }
    expect(await signIn(c.t, 'acc.admin', PASSWORD)).toMatchObject({ status: 200 });
  });

  it('records an unknown username as typed, without an actor', async () => {
    expect(await signIn(c.t, 'no.such.person', 'whatever-1A')).toMatchObject({ status: 401 });
    const row = await c.t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'auth.login.failed', entityId: 'no.such.person' },
    });
    expect(row).toMatchObject({ actorId: null, data: { reason: 'unknown_user' } });
  });

  it('refuses 12345678, eight spaces and the username as a new password, each naming its rule', async () => {
    const { accessToken: token } = await tokens(c.t, 'acc.supervisor', PASSWORD);
    const change = (newPassword: string, currentPassword = PASSWORD) =>
      c.api.call('POST', '/auth/password', { token, body: { currentPassword, newPassword } });
    const cases: [string, string][] = [
      ['12345678', 'PASSWORD_TOO_SIMPLE'],
      ['        ', 'PASSWORD_TOO_SIMPLE'],
      ['acc.supervisor', 'PASSWORD_TOO_SIMPLE'],
      ['Acc.Supervisor-1', 'PASSWORD_CONTAINS_USERNAME'],
      ['Ab1-', 'PASSWORD_TOO_SHORT'],
      [PASSWORD, 'PASSWORD_REUSED'],
    ];
    for (const [password, code] of cases) {
      const res = await change(password);
      expect({ password, status: res.status, code: res.body.code }).toEqual({
        password,
        status: 400,
        code,
      });
      expect(res.body.message).toMatch(/密码/);
    }
    expect((await change('New-Password-2', 'not-my-password')).body.code).toBe(
      'CURRENT_PASSWORD_WRONG',
    );
  });

  it('counts wrong current passwords at a password change like failed sign-ins (a stolen token guesses little)', async () => {
    const { accessToken: token } = await tokens(c.t, 'acc.liaison', PASSWORD);
    const change = () =>
      c.api.call('POST', '/auth/password', {
        token,
        body: { currentPassword: 'guess-Password-1', newPassword: 'New-Password-2' },
      });
    for (let i = 0; i < 4; i++) expect((await change()).body.code).toBe('CURRENT_PASSWORD_WRONG');
    expect(await change()).toMatchObject({ status: 423, body: { code: 'ACCOUNT_LOCKED' } });
    expect(await signIn(c.t, 'acc.liaison', PASSWORD)).toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('changes the own password: other sessions end, this one goes on, the last five cannot come back', async () => {
    const first = await tokens(c.t, 'acc.admin', PASSWORD);
    const other = await tokens(c.t, 'acc.admin', PASSWORD);
    const history = ['Second-Pass-2', 'Third-Pass-3', 'Fourth-Pass-4', 'Fifth-Pass-5'];
    let current = PASSWORD;
    for (const next of history) {
      const res = await c.api.call('POST', '/auth/password', {
        token: first.accessToken,
        body: { currentPassword: current, newPassword: next },
      });
      expect(res.status).toBe(200);
      current = next;
    }
    expect((await me(first.accessToken)).status).toBe(200);
    const refused = await me(other.accessToken);
    expect(refused).toMatchObject({ status: 401, body: { code: 'SESSION_ENDED' } });
    // The original is one of the last five: refused. After one more change it is the sixth: allowed.
    const back = { currentPassword: current, newPassword: PASSWORD };
    expect(
      (await c.api.call('POST', '/auth/password', { token: first.accessToken, body: back })).body
        .code,
    ).toBe('PASSWORD_REUSED');
    await c.api.call('POST', '/auth/password', {
      token: first.accessToken,
      body: { currentPassword: current, newPassword: 'Sixth-Pass-6' },
    });
    const again = await c.api.call('POST', '/auth/password', {
      token: first.accessToken,
      body: { currentPassword: 'Sixth-Pass-6', newPassword: PASSWORD },
    });
    expect(again.status).toBe(200);
    expect(await auditActions(c.t, c.people.admin)).toContain('auth.password.changed');
  });

  it('expires a password after 90 days: the sign-in says so and the token only reaches the password change', async () => {
    c.clock.advance(91 * 24 * 60 * MINUTE);
    const signedIn = await tokens(c.t, 'acc.liaison', PASSWORD);
    expect(signedIn).toMatchObject({
      passwordChangeRequired: true,
      user: { sessionScope: 'password' },
    });
    const token = signedIn.accessToken;
    expect(await business(token)).toMatchObject({
      status: 403,
      body: { code: 'PASSWORD_CHANGE_REQUIRED' },
    });
    expect((await me(token)).status).toBe(200);
    const changed = await c.api.call('POST', '/auth/password', {
      token,
      body: { currentPassword: PASSWORD, newPassword: 'Renewed-Pass-1' },
    });
    expect(changed.status).toBe(200);
    expect((await business(token)).status).toBe(200);
  });

  it('forces a change at first sign-in of an account created under a policy that says so', async () => {
    await setPolicy(c.t, { passwordChangeAtFirstSignIn: true });
    const { accessToken: admin } = await tokens(c.t, 'acc.admin', PASSWORD);
    const created = await c.api.call('POST', '/people', {
      token: admin,
      body: {
        username: 'fresh.one',
        displayName: '新人',
        role: 'LEADER',
        password: 'Initial-Pass-1',
      },
    });
    expect(created.status).toBe(201);
    expect(await tokens(c.t, 'fresh.one', 'Initial-Pass-1')).toMatchObject({
      passwordChangeRequired: true,
    });
    // Fixture and migrated accounts are not forced.
    expect(await tokens(c.t, 'acc.supervisor', PASSWORD)).toMatchObject({
      passwordChangeRequired: false,
    });
  });

  it('revokes the access token at logout, and records it', async () => {
    const pair = await tokens(c.t, 'acc.supervisor', PASSWORD);
    expect((await business(pair.accessToken)).status).toBe(200);
    expect(
      (await c.api.call('POST', '/auth/logout', { body: { refreshToken: pair.refreshToken } }))
        .status,
    ).toBe(204);
    expect(await business(pair.accessToken)).toMatchObject({
      status: 401,
      body: { code: 'SESSION_ENDED' },
    });
    const refresh = await c.api.call('POST', '/auth/refresh', {
      body: { refreshToken: pair.refreshToken },
    });
    expect(refresh.status).toBe(401);
    expect(await auditActions(c.t, c.people.supervisor)).toContain('auth.logout');
  });

  it('ends a session after 30 minutes without a request, token and refresh alike', async () => {
    const pair = await tokens(c.t, 'acc.supervisor', PASSWORD);
    c.clock.advance(29 * MINUTE);
    expect((await business(pair.accessToken)).status).toBe(200);
    c.clock.advance(29 * MINUTE); // 29 minutes after the last request: still alive
    expect((await business(pair.accessToken)).status).toBe(200);
    c.clock.advance(31 * MINUTE);
    expect(await business(pair.accessToken)).toMatchObject({
      status: 401,
      body: { code: 'SESSION_EXPIRED', details: { limit: 'idle' } },
    });
    const refresh = await c.api.call('POST', '/auth/refresh', {
      body: { refreshToken: pair.refreshToken },
    });
    expect(refresh.status).toBe(401);
    expect(await auditActions(c.t, c.people.supervisor)).toContain('auth.session.expired');
  });

  it('ends a session 12 hours after sign-in however active, and refuses its refresh', async () => {
    const pair = await tokens(c.t, 'acc.liaison', PASSWORD);
    for (let i = 0; i < 35; i++) {
      c.clock.advance(20 * MINUTE);
      expect((await business(pair.accessToken)).status).toBe(200);
    }
    c.clock.advance(21 * MINUTE); // 12 h 01 min after sign-in, 21 min after the last request
    expect(await business(pair.accessToken)).toMatchObject({
      status: 401,
      body: { code: 'SESSION_EXPIRED', details: { limit: 'absolute' } },
    });
    const refresh = await attempt(() => c.t.app.get(AuthService).refresh(pair.refreshToken));
    expect(refresh.status).toBe(401);
  });

  it('writes last_seen_at at most once a minute', async () => {
    const pair = await tokens(c.t, 'acc.admin', PASSWORD);
    const seen = async () =>
      (
        await c.t.prisma.authSession.findFirstOrThrow({
          where: { personId: c.people.admin, endedAt: null },
        })
      ).lastSeenAt;
    const start = await seen();
    c.clock.advance(30_000);
    await business(pair.accessToken);
    expect(await seen()).toEqual(start);
    c.clock.advance(31_000);
    await business(pair.accessToken);
    expect((await seen()).getTime()).toBe(start.getTime() + 61_000);
  });

  it('records the reuse of a rotated refresh token and ends the session', async () => {
    const pair = await tokens(c.t, 'acc.liaison', PASSWORD);
    const auth = c.t.app.get(AuthService);
    const next = await auth.refresh(pair.refreshToken);
    expect((await business(next.accessToken)).status).toBe(200);
    expect(await attempt(() => auth.refresh(pair.refreshToken))).toMatchObject({
      code: 'REFRESH_TOKEN_REUSED',
    });
    expect(await business(next.accessToken)).toMatchObject({
      status: 401,
      body: { code: 'SESSION_ENDED' },
    });
    expect(await auditActions(c.t, c.people.liaison)).toContain('auth.refresh.reused');
  });
});
