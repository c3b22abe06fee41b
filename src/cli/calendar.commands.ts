import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Command } from 'commander';
import { Client } from 'pg';
import { AppConfigModule } from '../config/config.module';
import { ClockModule } from '../infra/clock/clock.module';
import { PrismaModule } from '../infra/prisma/prisma.module';
import { AuditModule } from '../modules/audit/audit.module';
import { bundledCalendar, bundledWorkingDayCalendar } from '../modules/calendar/calendar-seed';
import { CalendarModule } from '../modules/calendar/calendar.module';
import { CalendarService } from '../modules/calendar/calendar.service';
import { isLocalDate, LocalDate } from '../common/time/local-date';
import type { WorkingDayCalendar } from '../modules/calendar/working-day-calendar';
import { invalidCountArg, invalidDateArg } from './cli.errors';

/** How far `calendar add` may count: about forty years of working days. */
const MAX_COUNT = 10_000;

/**
 * Just what the calendar needs (PostgreSQL, no Redis): working-day questions must not wait on the
 * queue connection that the full CliModule opens.
 */
@Module({ imports: [AppConfigModule, ClockModule, PrismaModule, AuditModule, CalendarModule] })
class CalendarCliModule {}

function dateArg(name: string, value: string): LocalDate {
  if (!isLocalDate(value)) {
    throw invalidDateArg(name, value);
  }
  return value;
}

function countArg(value: string): number {
  if (!/^[+-]?\d+$/.test(value) || Math.abs(Number(value)) > MAX_COUNT) {
    throw invalidCountArg(value, MAX_COUNT);
  }
  return Number(value);
}

/** Why the database cannot answer, or null when it can (reachable and migrated). */
async function databaseProblem(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ ok: boolean }>(
      `SELECT to_regclass('calendar_year') IS NOT NULL AS ok`,
    );
    return rows[0]?.ok ? null : '数据库尚未迁移';
  } catch (err) {
    return `数据库不可用:${(err as Error).message || (err as { code?: string }).code}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs `fn` on the PostgreSQL calendar when the database answers (seeding it first if empty, as the
 * service does at boot), else on the data bundled with `chinese-days`. Says which on stderr, so that
 * stdout stays the bare answer.
 */
async function withCalendar(
  years: (answer: LocalDate | null) => number[],
  fn: (calendar: WorkingDayCalendar) => string,
): Promise<void> {
  const problem = await databaseProblem(process.env.DATABASE_URL!);
  let calendar: WorkingDayCalendar;
  let source: string;
  if (problem === null) {
    const ctx = await NestFactory.createApplicationContext(CalendarCliModule, {
      logger: ['error', 'warn'],
    });
    try {
      calendar = ctx.get(CalendarService).current();
    } finally {
      await ctx.close();
    }
    source = 'PostgreSQL 数据库';
  } else {
    calendar = bundledWorkingDayCalendar();
    source = `内置 ${bundledCalendar().source}(${problem})`;
  }
  const answer = fn(calendar);
  const asDate = isLocalDate(answer) ? answer : null;
  const provisional = [...new Set(years(asDate))]
    .sort((a, b) => a - b)
    .filter((y) => calendar.isProvisional(`${y}-01-01`));
  const note = provisional.length
    ? `;${provisional.join('、')} 年为暂定(尚无放假安排,只按周末计算或为估计)`
    : '';
  process.stderr.write(`日历数据来源:${source}${note}\n`);
  process.stdout.write(`${answer}\n`);
}

function yearsBetween(a: LocalDate, b: LocalDate): number[] {
  const [from, to] = [Number(a.slice(0, 4)), Number(b.slice(0, 4))].sort((x, y) => x - y);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** `duban calendar …`: working-day arithmetic for operators. */
export function registerCalendarCommands(program: Command): void {
  const calendar = program
    .command('calendar')
    .description(
      'working days (legal holidays and make-up working days): PostgreSQL, or the bundled chinese-days data without a database',
    );

  calendar
    .command('add <date> <n>')
    .description(
      'the n-th working day after <date> (n < 0: before), the date itself not counted; prints YYYY-MM-DD',
    )
    .action(async (rawDate: string, rawN: string) => {
      const date = dateArg('日期', rawDate);
      const n = countArg(rawN);
      await withCalendar(
        (answer) => yearsBetween(date, answer ?? date),
        (cal) => cal.addWorkingDays(date, n),
      );
    });

  calendar
    .command('is-working-day <date>')
    .description('prints true or false')
    .action(async (rawDate: string) => {
      const date = dateArg('日期', rawDate);
      await withCalendar(
        () => yearsBetween(date, date),
        (cal) => String(cal.isWorkingDay(date)),
      );
    });

  calendar
    .command('between <from> <to>')
    .description('the number of working days in (from, to]: 0 when to is not after from')
    .action(async (rawFrom: string, rawTo: string) => {
      const from = dateArg('起始日期', rawFrom);
      const to = dateArg('截止日期', rawTo);
      await withCalendar(
        () => yearsBetween(from, to),
        (cal) => String(cal.workingDaysAfter(from, to)),
      );
    });
}
