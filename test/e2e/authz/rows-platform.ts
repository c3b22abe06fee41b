import { randomBytes, randomUUID } from 'node:crypto';
import { CalendarFeedService } from '../../../src/modules/supervision/calendar-feed.service';
import { Actor, OFFICE_AND_LEADERS, USERNAMES } from './actors';
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
      webhookUrl: 'https://robot.example.test/hook',
      departmentId: await robotDepartment(c),
    },
  });
  return r.id;
}

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
    route: 'POST /robots',
    where: ['-'],
    request: async (c) => ({
      method: 'POST',
      path: '/robots',
      body: {
        kind: 'WECOM',
        name: `矩阵机器人${next()}`,
        webhookUrl: 'https://robot.example.test/hook',
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
