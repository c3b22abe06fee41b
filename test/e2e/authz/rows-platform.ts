import { randomBytes, randomUUID } from 'node:crypto';
import { CalendarFeedService } from '../../../src/modules/supervision/calendar-feed.service';
import { SecondFactorService } from '../../../src/modules/auth/second-factor.service';
import { SecurityPolicyService } from '../../../src/modules/auth/security-policy.service';
import { createPerson } from '../../support/fixtures';
import { Actor, OFFICE_AND_LEADERS, ROLE_OF, USERNAMES } from './actors';
import { Ctx, login, next } from './context';
import type { Row } from './row';
import { always, anyone, business, only } from './rules';

/** A fresh refresh token of the actor. */
const refreshTokenOf = async (c: Ctx, actor: Actor): Promise<string> =>
  actor === 'anon' ? 'not-a-refresh-token' : (await login(c, actor)).refreshToken;

/** A department of its own for each robot (one robot per department and kind). */
const robotDepartment = async (c: Ctx) =>
  (await c.t.prisma.department.create({ data: { name: `矩阵机器人单位${next()}` } })).id;

async function robot(c: Ctx): Promise<string> {
  const r = await c.t.prisma.robot.create({
    data: {
      kind: 'WECOM',
      name: `矩阵机器人${next()}`,
      webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=matrix',
      departmentId: await robotDepartment(c),
    },
  });
  return r.id;
}

/** A liaison of its own for one call of a security administrator's action. */
const securityTarget = async (c: Ctx) =>
  (await createPerson(c.t.prisma, { username: `sec.target.${next()}`, role: 'LIAISON' })).id;

const ADMIN_ONLY = 'administrators only: an administrator sees every region';
const get = (path: string) => () => ({ method: 'GET', path });

/** Sign-in, the caller's own things, the directory, people, calendar and robots. */
export const PLATFORM_ROWS: Row[] = [
  {
    route: 'GET /health',
    where: ['-'],
    serial: 'its checks answer within a timeout',
    request: get('/health'),
    expect: always(200),
  },
  {
    route: 'POST /auth/login',
    where: ['-'],
    request: (_c, actor) => ({
      method: 'POST',
      path: '/auth/login',
      body:
        actor === 'anon'
          ? { username: 'nobody', password: 'wrong-password' }
          : { username: USERNAMES[actor], password: 'test-password-1' },
    }),
    expect: anyone(200),
  },
  {
    route: 'POST /auth/refresh',
    where: ['-'],
    request: async (c, actor) => ({
      method: 'POST',
      path: '/auth/refresh',
      body: { refreshToken: await refreshTokenOf(c, actor) },
    }),
    expect: anyone(200),
  },
  {
    route: 'POST /auth/logout',
    where: ['-'],
    request: async (c, actor) => ({
      method: 'POST',
      path: '/auth/logout',
      body: { refreshToken: await refreshTokenOf(c, actor) },
    }),
    expect: always(204),
  },
  { route: 'GET /auth/me', where: ['-'], request: get('/auth/me'), expect: anyone(200) },
  {
    route: 'POST /auth/login/totp',
    where: ['-'],
    request: () => ({
      method: 'POST',
      path: '/auth/login/totp',
      body: { challengeToken: 'not-a-challenge', code: '123456' },
    }),
    expect: always(401),
  },
  {
    // No new password (400 before any hashing): the fixture passwords stay as they are. Open to
    // the auditor too: it is the caller's own account (@OwnAccount).
    route: 'POST /auth/password',
    where: ['-'],
    request: () => ({
      method: 'POST',
      path: '/auth/password',
      body: { currentPassword: 'not-the-password' },
    }),
    expect: anyone(400),
  },
  {
    route: 'POST /auth/totp/setup',
    where: ['-'],
    serial: 'each setup replaces the pending secret the confirm row reads',
    request: () => ({ method: 'POST', path: '/auth/totp/setup' }),
    expect: anyone(200),
  },
  {
    // After a setup (made here, so that the row does not depend on the order): a wrong code.
    route: 'POST /auth/totp/confirm',
    where: ['-'],
    serial: 'each setup replaces the pending secret',
    request: async (c, actor) => {
      if (actor !== 'anon') {
        await c.t.app.get(SecondFactorService).setup({
          id: c.people[actor],
          username: USERNAMES[actor],
          role: ROLE_OF[actor],
          departmentId: null,
        });
      }
      return { method: 'POST', path: '/auth/totp/confirm', body: { code: '000000' } };
    },
    expect: anyone(400),
  },
  {
    route: 'GET /security/policy',
    where: ['-'],
    request: get('/security/policy'),
    expect: only(200, ['SECURITY_ADMIN']),
  },
  {
    // The stored policy unchanged (a PUT of the current values).
    route: 'PUT /security/policy',
    where: ['-'],
    request: async (c) => ({
      method: 'PUT',
      path: '/security/policy',
      body: await c.t.app.get(SecurityPolicyService).get(),
    }),
    expect: only(200, ['SECURITY_ADMIN']),
  },
  {
    route: 'GET /security/accounts',
    where: ['-'],
    unscanned: 'the security administrator lists every account (names and roles, no business data)',
    request: get('/security/accounts'),
    expect: only(200, ['SECURITY_ADMIN']),
  },
  // The security administrator's actions, each on a liaison of its own (accounts have no region).
  ...(
    [
      ['POST', 'unlock', undefined],
      ['POST', 'reset-password', undefined],
      ['POST', 'reset-totp', undefined],
      ['POST', 'disable', undefined],
      ['POST', 'enable', undefined],
      ['PUT', 'role', { role: 'LEADER' }],
    ] as const
  ).map(([method, action, body]): Row => ({
    route: `${method} /security/accounts/:id/${action}`,
    where: ['-'],
    regionless: 'the security administrator manages accounts, which have no region',
    request: async (c) => ({
      method,
      path: `/security/accounts/${await securityTarget(c)}/${action}`,
      body,
    }),
    expect: only(200, ['SECURITY_ADMIN']),
  })),
  {
    // The directory of the caller's region subtree: X's people never see Y's departments.
    route: 'GET /departments',
    where: ['-'],
    request: get('/departments'),
    expect: business(200),
    shows: (c, a) =>
      a === 'X_SUPERVISOR' || a === 'X_LIAISON' ? [c.departments.xa, c.departments.x1a] : [],
  },
  {
    route: 'POST /departments',
    where: ['-'],
    request: () => ({
      method: 'POST',
      path: '/departments',
      body: { name: `矩阵新部门${next()}` },
    }),
    expect: only(201, ['ADMIN']),
  },
  {
    route: 'POST /departments/:id/aliases',
    where: ['-'],
    regionless: ADMIN_ONLY,
    request: (c) => ({
      method: 'POST',
      path: `/departments/${c.departments.b}/aliases`,
      body: { alias: `财政别名${next()}` },
    }),
    expect: only(204, ['ADMIN']),
  },
  {
    route: 'DELETE /departments/:id/aliases/:alias',
    where: ['-'],
    regionless: ADMIN_ONLY,
    request: async (c) => {
      const alias = `待删别名${next()}`;
      await c.t.prisma.departmentAlias.create({ data: { alias, departmentId: c.departments.b } });
      return {
        method: 'DELETE',
        path: `/departments/${c.departments.b}/aliases/${encodeURIComponent(alias)}`,
      };
    },
    expect: only(204, ['ADMIN']),
  },
  {
    route: 'PUT /departments/:id/members',
    where: ['-'],
    regionless: ADMIN_ONLY,
    request: (c) => ({
      method: 'PUT',
      path: `/departments/${c.departments.collective}/members`,
      body: { memberIds: [c.departments.a, c.departments.b] },
    }),
    expect: only(200, ['ADMIN']),
  },
  { route: 'GET /people', where: ['-'], request: get('/people'), expect: only(200, ['ADMIN']) },
  {
    route: 'GET /admin/watchdog',
    where: ['-'],
    request: get('/admin/watchdog'),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /people',
    where: ['-'],
    request: () => ({
      method: 'POST',
      path: '/people',
      body: {
        username: `matrix.p${next()}`,
        displayName: '矩阵人员',
        password: 'matrix-pass-1',
        role: 'SUPERVISOR',
      },
    }),
    expect: only(201, ['ADMIN']),
  },
  {
    route: 'PUT /people/:id/departments',
    where: ['-'],
    regionless: ADMIN_ONLY,
    request: (c) => ({
      method: 'PUT',
      path: `/people/${c.people.target}/departments`,
      body: { departmentIds: [c.departments.b] },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'PUT /people/:id/region',
    where: ['-'],
    regionless: ADMIN_ONLY,
    request: (c) => ({
      method: 'PUT',
      path: `/people/${c.people.target}/region`,
      body: { regionId: null },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    // The queue board's sign-in cookie (its protection is tested in queue-board.e2e.spec.ts).
    route: 'POST /admin/queue-board/session',
    where: ['-'],
    request: () => ({ method: 'POST', path: '/admin/queue-board/session' }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'GET /calendar/years',
    where: ['-'],
    request: get('/calendar/years'),
    expect: only(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'GET /calendar/years/:year',
    where: ['-'],
    regionless: 'the legal holidays are national',
    request: get('/calendar/years/2026'),
    expect: only(200, OFFICE_AND_LEADERS),
  },
  {
    route: 'PUT /calendar/years/:year',
    where: ['-'],
    regionless: 'the legal holidays are national; administrators only',
    request: async (c) => {
      // The year as stored, written back unchanged.
      const days = await c.t.prisma.calendarDay.findMany({
        where: { date: { gte: new Date('2026-01-01'), lte: new Date('2026-12-31') } },
      });
      return {
        method: 'PUT',
        path: '/calendar/years/2026',
        body: {
          provisional: false,
          days: days.map((d) => ({
            date: d.date.toISOString().slice(0, 10),
            kind: d.kind,
            name: d.name,
          })),
        },
      };
    },
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /calendar/reload',
    where: ['-'],
    request: () => ({ method: 'POST', path: '/calendar/reload' }),
    expect: only(200, ['ADMIN']),
  },
  { route: 'GET /me/inbox', where: ['-'], request: get('/me/inbox'), expect: anyone(200) },
  {
    route: 'GET /me/inbox/unread-count',
    where: ['-'],
    request: get('/me/inbox/unread-count'),
    expect: anyone(200),
  },
  {
    route: 'POST /me/inbox/read-all',
    where: ['-'],
    request: () => ({ method: 'POST', path: '/me/inbox/read-all' }),
    expect: anyone(200),
  },
  {
    // own = a message to the caller; other = a message to someone else (404, not revealed).
    route: 'POST /me/inbox/:id/read',
    where: ['own', 'other', 'missing'],
    regionless: "a message is its recipient's own: anyone else's answers 404",
    request: async (c, actor, where) => {
      let id: string = randomUUID();
      if (where !== 'missing') {
        const recipientId =
          where === 'own' && actor !== 'anon' ? c.people[actor] : c.people.outsider;
        id = (
          await c.t.prisma.delivery.create({
            data: {
              dedupeKey: `matrix-${next()}`,
              recipientId,
              channel: 'INBOX',
              template: 'matrix',
              subject: '矩阵测试消息',
              body: '矩阵测试消息',
              status: 'SENT',
            },
          })
        ).id;
      }
      return { method: 'POST', path: `/me/inbox/${id}/read` };
    },
    expect: (a, w) => (a === 'anon' ? 401 : w === 'own' ? 204 : 404),
  },
  { route: 'GET /me/channels', where: ['-'], request: get('/me/channels'), expect: anyone(200) },
  {
    route: 'PUT /me/channels',
    where: ['-'],
    request: () => ({
      method: 'PUT',
      path: '/me/channels',
      body: { channels: ['INBOX', 'EMAIL'] },
    }),
    expect: anyone(200),
  },
  { route: 'GET /robots', where: ['-'], request: get('/robots'), expect: only(200, ['ADMIN']) },
  {
    route: 'GET /robots/allowed-hosts',
    where: ['-'],
    request: get('/robots/allowed-hosts'),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'PUT /robots/allowed-hosts',
    where: ['-'],
    request: () => ({
      method: 'PUT',
      path: '/robots/allowed-hosts',
      body: { hosts: ['robot-gw.example.gov.cn'] },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'POST /robots',
    where: ['-'],
    request: async (c) => ({
      method: 'POST',
      path: '/robots',
      body: {
        kind: 'WECOM',
        name: `矩阵机器人${next()}`,
        webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=matrix',
        departmentId: await robotDepartment(c),
      },
    }),
    expect: only(201, ['ADMIN']),
  },
  {
    route: 'PATCH /robots/:id',
    where: ['-'],
    regionless: ADMIN_ONLY,
    request: async (c) => ({
      method: 'PATCH',
      path: `/robots/${await robot(c)}`,
      body: { name: `改名${next()}` },
    }),
    expect: only(200, ['ADMIN']),
  },
  {
    route: 'DELETE /robots/:id',
    where: ['-'],
    regionless: ADMIN_ONLY,
    request: async (c) => ({ method: 'DELETE', path: `/robots/${await robot(c)}` }),
    expect: only(204, ['ADMIN']),
  },
  {
    route: 'POST /supervision/calendar-feeds/:departmentId/rotate',
    where: ['own', 'missing'],
    regionless: ADMIN_ONLY,
    request: (c, _a, where) => ({
      method: 'POST',
      path: `/supervision/calendar-feeds/${where === 'own' ? c.departments.a : randomUUID()}/rotate`,
    }),
    expect: (a, w) => (a === 'anon' ? 401 : a !== 'ADMIN' ? 403 : w === 'own' ? 201 : 404),
  },
  {
    // Public: the private token in the address is the credential (own = a live token).
    route: 'GET /supervision/calendar-feeds/:token/deadlines.ics',
    where: ['own', 'missing'],
    regionless: "the token is the department's private credential",
    unscanned: 'public: the answer is the feed of the token, whoever sends it',
    serial: "each cell rotates department A's one token",
    request: async (c, _a, where) => {
      const token =
        where === 'own'
          ? (await c.t.app.get(CalendarFeedService).rotate(c.people.ADMIN, c.departments.a)).token
          : randomBytes(32).toString('base64url');
      return { method: 'GET', path: `/supervision/calendar-feeds/${token}/deadlines.ics` };
    },
    expect: (_a, w) => (w === 'own' ? 200 : 404),
  },
];
