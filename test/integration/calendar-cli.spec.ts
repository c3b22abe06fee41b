import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { runDuban } from '../support/cli-process';
import { bundledCalendar, seedCalendar } from '../../src/modules/calendar/calendar-seed';

/** `duban calendar …` run as a real process, as an operator runs it. */
const NO_DATABASE = 'postgresql://root@127.0.0.1:1/duban';

const duban = runDuban;

describe('duban calendar (CLI)', () => {
  let prisma: PrismaClient;

  beforeAll(async () => {
    prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
    });
    await seedCalendar(prisma);
  });
  afterAll(async () => {
    await prisma.calendarYear.deleteMany({ where: { year: 2027 } });
    await seedCalendar(prisma);
    await prisma.$disconnect();
  });

  const examples: [string[], string][] = [
    [['calendar', 'add', '2026-02-13', '-5'], '2026-02-06'],
    [['calendar', 'add', '2026-02-13', '1'], '2026-02-14'], // make-up Saturday
    [['calendar', 'add', '2026-02-13', '+2'], '2026-02-24'], // over the Spring Festival break
    [['calendar', 'add', '2026-02-24', '-1'], '2026-02-14'],
    [['calendar', 'add', '2025-12-31', '1'], '2026-01-04'], // over New Year
    [['calendar', 'add', '2026-02-21', '0'], '2026-02-21'],
    [['calendar', 'is-working-day', '2026-02-14'], 'true'],
    [['calendar', 'is-working-day', '2026-02-16'], 'false'],
    [['calendar', 'is-working-day', '2026-10-08'], 'true'],
    [['calendar', 'between', '2026-02-13', '2026-02-24'], '2'],
    [['calendar', 'between', '2026-09-30', '2026-10-12'], '4'],
    [['calendar', 'between', '2026-02-24', '2026-02-13'], '0'],
  ];

  it('answers from PostgreSQL when the database is reachable: bare answer on stdout, source on stderr', async () => {
    const results = await Promise.all(examples.map(([args]) => duban(args)));
    results.forEach((r, i) => {
      expect({ args: examples[i][0], code: r.code, stdout: r.stdout }).toEqual({
        args: examples[i][0],
        code: 0,
        stdout: `${examples[i][1]}\n`,
      });
      expect(r.stderr).toMatch(/^日历数据来源:PostgreSQL 数据库\n$/);
    });
  });

  it('answers from the bundled chinese-days data without a database, saying so on stderr', async () => {
    const results = await Promise.all(
      examples.map(([args]) => duban(args, { DATABASE_URL: NO_DATABASE })),
    );
    results.forEach((r, i) => {
      expect({ args: examples[i][0], code: r.code, stdout: r.stdout }).toEqual({
        args: examples[i][0],
        code: 0,
        stdout: `${examples[i][1]}\n`,
      });
      expect(r.stderr).toContain(`日历数据来源:内置 ${bundledCalendar().source}`);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  });

  it('seeds an empty calendar first, and follows what the administrator stored', async () => {
    await prisma.calendarYear.deleteMany({ where: { year: 2026 } });
    const seeded = await duban(['calendar', 'is-working-day', '2026-02-14']);
    expect(seeded.stdout).toBe('true\n');
    expect(await prisma.calendarDay.count({ where: { year: 2026 } })).toBe(
      bundledCalendar().days.filter((d) => d.date.startsWith('2026-')).length,
    );

    // 2027: no data, provisional (weekends only) until the administrator stores the notice.
    const before = await duban(['calendar', 'is-working-day', '2027-02-08']);
    expect(before.stdout).toBe('true\n');
    expect(before.stderr).toContain('2027 年为暂定');
    await prisma.calendarYear.create({
      data: {
        year: 2027,
        provisional: false,
        source: 'admin',
        days: { create: [{ date: new Date('2027-02-08T00:00:00Z'), kind: 'HOLIDAY' }] },
      },
    });
    const after = await duban(['calendar', 'is-working-day', '2027-02-08']);
    expect(after.stdout).toBe('false\n');
    expect(after.stderr).not.toContain('暂定');
    const offline = await duban(['calendar', 'is-working-day', '2027-02-08'], {
      DATABASE_URL: NO_DATABASE,
    });
    expect(offline.stdout).toBe('true\n');
    expect(offline.stderr).toContain('2027 年为暂定');
  });

  it.each([
    [['calendar', 'add', '2026-02-30', '3'], '2026-02-30'],
    [['calendar', 'add', '13.2.2026', '3'], '13.2.2026'],
    [['calendar', 'add', '2026-02-13', '1.5'], '1.5'],
    [['calendar', 'add', '2026-02-13', 'five'], 'five'],
    [['calendar', 'is-working-day', 'tomorrow'], 'tomorrow'],
    [['calendar', 'between', '2026-02-13', '2026-13-01'], '2026-13-01'],
  ])('refuses %j with exit 2 and a coded Chinese message', async (args, bad) => {
    const r = await duban(args, { DATABASE_URL: NO_DATABASE });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^错误 \[VALIDATION_FAILED\]: /);
    expect(r.stderr).toContain(`“${bad}”`);
  });
});
