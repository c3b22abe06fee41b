import { DateTime } from 'luxon';

/**
 * Business dates are calendar days in Asia/Shanghai, written `YYYY-MM-DD`. Instants are UTC `Date`s.
 * PostgreSQL `date` columns come back from Prisma as UTC midnights; these helpers convert both ways.
 */
export const BUSINESS_ZONE = 'Asia/Shanghai';

export type LocalDate = string;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isLocalDate(value: string): boolean {
  return LOCAL_DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** The Shanghai calendar day that contains `instant`. */
export function localDateOf(instant: Date): LocalDate {
  return DateTime.fromJSDate(instant, { zone: BUSINESS_ZONE }).toISODate()!;
}

/** The instant at `hh:mm` Shanghai time on `date`. */
export function instantAt(date: LocalDate, hour: number, minute = 0): Date {
  return DateTime.fromISO(date, { zone: BUSINESS_ZONE }).set({ hour, minute }).toJSDate();
}

/** A deadline is due at the end of its day: the first instant of the next Shanghai day. */
export function endOfLocalDay(date: LocalDate): Date {
  return DateTime.fromISO(date, { zone: BUSINESS_ZONE }).plus({ days: 1 }).toJSDate();
}

const MS_PER_DAY = 86_400_000;

// Plain UTC arithmetic rather than luxon: working-day loops call these millions of times in a sweep.
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(date) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.parse(date)).getUTCDay() || 7;
}

export function toDbDate(date: LocalDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function fromDbDate(value: Date): LocalDate {
  return value.toISOString().slice(0, 10);
}
