import { readFileSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { CalendarChangeListeners } from '../../src/modules/calendar/calendar-change';
import { bundledCalendar, seedCalendar } from '../../src/modules/calendar/calendar-seed';
import { CalendarService } from '../../src/modules/calendar/calendar.service';
import { createPerson, login } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

interface YearSummary {
  year: number;
  provisional: boolean;
  source: string | null;
  holidays: number;
  makeupWorkdays: number;
  updatedAt: string | null;
}
interface ErrorBody {
  code: string;
  message: string;
  details?: { field: string; reason: string }[];
}

/** 2027 has no notice in the bundled data: the administrator publishes it when it comes out. */
const NOTICE_2027 = {
  provisional: false,
  days: [
    { date: '2027-01-01', kind: 'HOLIDAY', name: '元旦' },
    ...['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10'].map((date) => ({
      date,
      kind: 'HOLIDAY',
      name: '春节',
    })),
    { date: '2027-02-20', kind: 'MAKEUP_WORKDAY', name: '春节' },
  ],
};

describe('the working-day calendar (seeding, admin API, re-planning)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let supervisor: Record<string, string>;
  let liaison: Record<string, string>;
  const api = (
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${t.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.headers ?? admin) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const calendar = () => t.app.get(CalendarService).current();
  const bundled = bundledCalendar();
  const bundledDays = (year: number) =>
    bundled.days.filter((d) => d.date.startsWith(`${year}-`)).length;

  /** Leaves calendar_year as seeding left it, for the suites that run after this one. */
  async function restoreSeededYears(): Promise<void> {
    await t.prisma
      .$executeRaw`DELETE FROM calendar_year WHERE year = 2027 OR source NOT LIKE 'chinese-days@%'`;
    await seedCalendar(t.prisma);
    await t.app.get(CalendarService).refresh(true);
  }

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-23T01:00:00Z' });
    await resetDatabase(t.prisma);
    await restoreSeededYears();
    await createPerson(t.prisma, { username: 'admin', role: 'ADMIN' });
    await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    await createPerson(t.prisma, { username: 'mz', role: 'LIAISON', departmentName: '省民政厅' });
    admin = await login(t.url, 'admin');
    supervisor = await login(t.url, 'sup');
    liaison = await login(t.url, 'mz');
  });
  afterAll(async () => {
    await restoreSeededYears();
    await t.close();
  });

  describe('seeding', () => {
    it('stores every bundled year at boot, published (not provisional), from chinese-days', async () => {
      const years = await t.prisma.calendarYear.findMany({ orderBy: { year: 'asc' } });
      expect(years.map((y) => y.year)).toEqual(bundled.years);
      for (const y of years) {
        expect(y).toMatchObject({ provisional: false, source: bundled.source });
      }
      const pkg = JSON.parse(readFileSync(require.resolve('chinese-days/package.json'), 'utf8'));
      expect(bundled.source).toBe(`chinese-days@${pkg.version}`);
      expect(await t.prisma.calendarDay.count()).toBe(bundled.days.length);
      const cal = calendar();
      expect(cal.isWorkingDay('2026-02-14')).toBe(true); // make-up Saturday
      expect(cal.isWorkingDay('2026-02-16')).toBe(false); // Spring Festival
      expect(cal.isProvisional('2026-02-16')).toBe(false);
      expect(cal.isProvisional('2027-02-16')).toBe(true);
    });

    it('seeding again inserts nothing; two instances seeding at once insert a missing year once', async () => {
      expect(await seedCalendar(t.prisma)).toEqual({ years: 0, days: 0 });
      await t.prisma.calendarYear.deleteMany({ where: { year: { in: [2005, 2006] } } });
      const other = new PrismaClient({
        adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
      });
      try {
        const results = await Promise.all([
          seedCalendar(t.prisma),
          seedCalendar(other),
          seedCalendar(t.prisma),
        ]);
        expect(results.reduce((n, r) => n + r.years, 0)).toBe(2);
        expect(results.reduce((n, r) => n + r.days, 0)).toBe(bundledDays(2005) + bundledDays(2006));
      } finally {
        await other.$disconnect();
      }
      expect(await t.prisma.calendarDay.count({ where: { year: 2005 } })).toBe(bundledDays(2005));
    });

    it('never overwrites a year an administrator corrected', async () => {
      const put = await api('/calendar/years/2004', {
        method: 'PUT',
        body: {
          provisional: false,
          days: [{ date: '2004-10-01', kind: 'HOLIDAY', name: '国庆节' }],
        },
      });
      expect(put.status).toBe(200);
      expect(await seedCalendar(t.prisma)).toEqual({ years: 0, days: 0 });
      const corrected = await t.prisma.calendarYear.findUniqueOrThrow({
        where: { year: 2004 },
        include: { days: true },
      });
      expect(corrected.source).toBe('admin');
      expect(corrected.days.map((d) => d.date.toISOString().slice(0, 10))).toEqual(['2004-10-01']);
      expect(calendar().isWorkingDay('2004-10-04')).toBe(true); // a Monday, off before the correction
    });
  });

  describe('GET /calendar/years', () => {
    it('lists 2004 to two years ahead; years without data are provisional and empty', async () => {
      const res = await api('/calendar/years', { headers: supervisor });
      expect(res.status).toBe(200);
      const years = (await res.json()) as YearSummary[];
      expect(years.map((y) => y.year)).toEqual(
        Array.from({ length: 2028 - 2004 + 1 }, (_, i) => 2004 + i),
      );
      const y2026 = years.find((y) => y.year === 2026)!;
      expect(y2026).toMatchObject({
        provisional: false,
        source: bundled.source,
        makeupWorkdays: 6,
      });
      expect(y2026.holidays).toBe(
        bundled.days.filter((d) => d.date.startsWith('2026-') && d.kind === 'HOLIDAY').length,
      );
      expect(y2026.updatedAt).toEqual(expect.any(String));
      expect(years.find((y) => y.year === 2028)).toEqual({
        year: 2028,
        provisional: true,
        source: null,
        holidays: 0,
        makeupWorkdays: 0,
        updatedAt: null,
      });
    });

    it('gives one year with its days, and refuses a liaison (403)', async () => {
      const res = await api('/calendar/years/2026');
      expect(res.status).toBe(200);
      const year = (await res.json()) as YearSummary & {
        days: { date: string; kind: string; name: string }[];
      };
      expect(year.days).toContainEqual({
        date: '2026-02-14',
        kind: 'MAKEUP_WORKDAY',
        name: '春节',
      });
      expect(year.days).toContainEqual({ date: '2026-10-01', kind: 'HOLIDAY', name: '国庆节' });
      expect((await api('/calendar/years', { headers: liaison })).status).toBe(403);
      expect((await api('/calendar/years/2026', { headers: liaison })).status).toBe(403);
      const bad = await api('/calendar/years/26');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ErrorBody).details?.[0].field).toBe('year');
    });
  });

  describe('PUT /calendar/years/:year', () => {
    it('publishes a provisional year: the snapshot changes and every listener re-plans', async () => {
      expect(calendar().isWorkingDay('2027-02-08')).toBe(true); // a Monday, weekends only so far
      expect(calendar().isWorkingDay('2027-02-20')).toBe(false);
      const calls: string[] = [];
      const listeners = t.app.get(CalendarChangeListeners);
      listeners.register({
        onCalendarChanged: async () => {
          // Listeners run after the snapshot was reloaded: they re-plan with the new days.
          calls.push(`reminders:${calendar().isWorkingDay('2027-02-08')}`);
          return { kind: 'reminders', moved: 7 };
        },
      });
      listeners.register({
        onCalendarChanged: async () => {
          calls.push('escalations');
          return { kind: 'escalations', moved: 2 };
        },
      });

      const res = await api('/calendar/years/2027', { method: 'PUT', body: NOTICE_2027 });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        year: 2027,
        provisional: false,
        holidays: 6,
        makeupWorkdays: 1,
        moved: { reminders: 7, escalations: 2 },
      });
      expect(calls).toEqual(['reminders:false', 'escalations']);
      const cal = calendar();
      expect(cal.isWorkingDay('2027-02-08')).toBe(false);
      expect(cal.isWorkingDay('2027-02-20')).toBe(true);
      expect(cal.isProvisional('2027-06-01')).toBe(false);
      expect(cal.addWorkingDays('2027-02-05', 1)).toBe('2027-02-11');

      const audit = await t.prisma.auditEvent.findFirstOrThrow({
        where: { action: 'calendar.year.replaced', entityId: '2027' },
      });
      expect(audit.data).toMatchObject({
        provisional: false,
        holidays: 6,
        makeupWorkdays: 1,
        before: { provisional: true, source: null, days: 0 },
        removed: [],
      });

      // Replacing again replaces (not adds): Spring Festival moved by one day, provisional again.
      const again = await api('/calendar/years/2027', {
        method: 'PUT',
        body: {
          provisional: true,
          days: [{ date: '2027-02-11', kind: 'HOLIDAY' }],
        },
      });
      expect(await again.json()).toMatchObject({
        holidays: 1,
        makeupWorkdays: 0,
        provisional: true,
      });
      expect(calendar().isWorkingDay('2027-02-08')).toBe(true);
      expect(calendar().isWorkingDay('2027-02-11')).toBe(false);
      expect(calendar().isProvisional('2027-06-01')).toBe(true);
      const listed = (await (await api('/calendar/years')).json()) as YearSummary[];
      expect(listed.find((y) => y.year === 2027)).toMatchObject({
        provisional: true,
        source: 'admin',
        holidays: 1,
      });
    });

    it('names the field and the reason of every problem (VALIDATION_FAILED), changing nothing', async () => {
      const before = await t.prisma.calendarDay.count({ where: { year: 2026 } });
      const res = await api('/calendar/years/2026', {
        method: 'PUT',
        body: {
          provisional: false,
          days: [
            { date: '2027-01-01', kind: 'HOLIDAY' },
            { date: '2026-05-01', kind: 'HOLIDAY' },
            { date: '2026-05-01', kind: 'HOLIDAY' },
            { date: '2026-05-06', kind: 'MAKEUP_WORKDAY' },
            { date: '2026-02-30', kind: 'HOLIDAY' },
          ],
        },
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details?.map((d) => d.field)).toEqual([
        'days.0.date',
        'days.2.date',
        'days.3.kind',
        'days.4.date',
      ]);
      expect(body.message).toContain('不在 2026 年内');
      expect(body.message).toContain('重复');
      expect(body.message).toContain('星期三');
      expect(await t.prisma.calendarDay.count({ where: { year: 2026 } })).toBe(before);

      const shape = await api('/calendar/years/2026', {
        method: 'PUT',
        body: { days: [{ date: '1 May', kind: 'DAY_OFF' }] },
      });
      expect(shape.status).toBe(400);
      const shapeBody = (await shape.json()) as ErrorBody;
      expect(shapeBody.code).toBe('VALIDATION_FAILED');
      expect(shapeBody.details?.map((d) => d.field).sort()).toEqual([
        'days.0.date',
        'days.0.kind',
        'provisional',
      ]);
      expect(shapeBody.message).toMatch(/[\u4e00-\u9fff]/);
    });

    it('is for administrators only: a liaison and a supervisor get 403', async () => {
      for (const headers of [liaison, supervisor]) {
        expect(
          (await api('/calendar/years/2027', { method: 'PUT', body: NOTICE_2027, headers })).status,
        ).toBe(403);
        expect((await api('/calendar/reload', { method: 'POST', headers })).status).toBe(403);
      }
    });
  });

  it('POST /calendar/reload picks up a year changed behind the service', async () => {
    await t.prisma.$executeRaw`
      INSERT INTO calendar_year (year, provisional, source, updated_at)
      VALUES (2027, false, 'admin', clock_timestamp())
      ON CONFLICT (year) DO UPDATE SET updated_at = clock_timestamp()`;
    await t.prisma.$executeRaw`
      INSERT INTO calendar_day (date, year, kind, name) VALUES ('2027-03-01', 2027, 'HOLIDAY', NULL)`;
    expect(calendar().isWorkingDay('2027-03-01')).toBe(true);
    const res = await api('/calendar/reload', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reloaded: true });
    expect(calendar().isWorkingDay('2027-03-01')).toBe(false);
  });
});
