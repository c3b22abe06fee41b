import { Injectable } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import {
  deleteYearDays,
  insertYearDays,
  lockYear,
  selectYearSummaries,
  upsertAdminYear,
} from './calendar-admin.sql';
import { CalendarChangeListeners } from './calendar-change';
import { invalidCalendarYear, invalidYear } from './calendar.errors';
import { calendarYearProblems, parseYear } from './calendar-year.validation';
import { CalendarService } from './calendar.service';
import {
  CalendarDayDto,
  CalendarYearDto,
  CalendarYearSummaryDto,
  ReplaceCalendarYearDto,
  ReplaceCalendarYearResultDto,
} from './dto/calendar.dto';
import { fromDbDate, localDateOf } from '../../common/time/local-date';

/** The first year of the bundled data; the list always shows every year from here. */
const FIRST_LISTED_YEAR = 2004;
/** How far past the current year a plan can reach, so the list shows those years as provisional. */
const YEARS_AHEAD = 2;

function yearOrFail(raw: string): number {
  const year = parseYear(raw);
  if (year === null) throw invalidYear();
  return year;
}

/** The administrator's view of the calendar: list the years, read one, replace one, reload. */
@Injectable()
export class CalendarAdminService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly calendar: CalendarService,
    private readonly listeners: CalendarChangeListeners,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Every stored year, plus every year from 2004 to two years ahead (missing ones provisional, empty). */
  async listYears(): Promise<CalendarYearSummaryDto[]> {
    const rows = await this.prisma.$queryRaw<CalendarYearSummaryDto[]>(selectYearSummaries());
    const stored = new Map(rows.map((r) => [r.year, r]));
    const lastYear = Number(localDateOf(this.clock.now()).slice(0, 4)) + YEARS_AHEAD;
    for (let year = FIRST_LISTED_YEAR; year <= lastYear; year++) {
      if (!stored.has(year)) stored.set(year, missingYear(year));
    }
    return [...stored.values()].sort((a, b) => a.year - b.year);
  }

  async getYear(rawYear: string): Promise<CalendarYearDto> {
    const year = yearOrFail(rawYear);
    const row = await this.prisma.calendarYear.findUnique({
      where: { year },
      include: { days: { orderBy: { date: 'asc' } } },
    });
    if (!row) return { ...missingYear(year), days: [] };
    const days: CalendarDayDto[] = row.days.map((d) => ({
      date: fromDbDate(d.date),
      kind: d.kind,
      name: d.name,
    }));
    return {
      year,
      provisional: row.provisional,
      source: row.source,
      updatedAt: row.updatedAt,
      holidays: days.filter((d) => d.kind === 'HOLIDAY').length,
      makeupWorkdays: days.filter((d) => d.kind === 'MAKEUP_WORKDAY').length,
      days,
    };
  }

  /**
   * Replaces a year's exceptions in one transaction (audited), reloads the snapshot, then has every
   * registered listener re-plan what moved. Idempotent: after a failed re-plan, sending it again
   * re-plans again.
   */
  async replaceYear(
    actorId: string,
    rawYear: string,
    dto: ReplaceCalendarYearDto,
  ): Promise<ReplaceCalendarYearResultDto> {
    const year = yearOrFail(rawYear);
    const problems = calendarYearProblems(year, dto.days);
    if (problems.length > 0) throw invalidCalendarYear(problems);
    const days = [...dto.days].sort((a, b) => a.date.localeCompare(b.date));
    const holidays = days.filter((d) => d.kind === 'HOLIDAY').length;
    const makeupWorkdays = days.length - holidays;

    await this.prisma.$transaction(async (tx) => {
      // The upsert locks the year row: concurrent replacements of one year run one after the other.
      const before = await tx.$queryRaw<{ provisional: boolean; source: string }[]>(lockYear(year));
      await tx.$executeRaw(upsertAdminYear(year, dto.provisional));
      const removed = await tx.$queryRaw<{ date: string; kind: string }[]>(deleteYearDays(year));
      await tx.$executeRaw(insertYearDays(year, days));
      await this.audit.record(tx, {
        actorId,
        action: 'calendar.year.replaced',
        entityType: 'calendar_year',
        entityId: String(year),
        data: {
          provisional: dto.provisional,
          holidays,
          makeupWorkdays,
          before: before[0]
            ? { ...before[0], days: removed.length }
            : { provisional: true, source: null, days: 0 },
          ...dayChanges(removed, days),
        },
      });
    });

    await this.calendar.refresh(true);
    const moved = await this.listeners.calendarChanged();
    return { year, provisional: dto.provisional, holidays, makeupWorkdays, moved };
  }

  async reload(): Promise<{ reloaded: boolean }> {
    return { reloaded: await this.calendar.refresh(true) };
  }
}

function missingYear(year: number): CalendarYearSummaryDto {
  return {
    year,
    provisional: true,
    source: null,
    holidays: 0,
    makeupWorkdays: 0,
    updatedAt: null,
  };
}

/** Which dates the replacement added, removed or turned into the other kind (for the audit trail). */
function dayChanges(
  before: readonly { date: string; kind: string }[],
  after: readonly { date: string; kind: string }[],
): { added: string[]; removed: string[]; changed: string[] } {
  const old = new Map(before.map((d) => [d.date, d.kind]));
  const now = new Map(after.map((d) => [d.date, d.kind]));
  return {
    added: after.filter((d) => !old.has(d.date)).map((d) => `${d.date} ${d.kind}`),
    removed: before.filter((d) => !now.has(d.date)).map((d) => `${d.date} ${d.kind}`),
    changed: after
      .filter((d) => old.has(d.date) && old.get(d.date) !== d.kind)
      .map((d) => `${d.date} ${d.kind}`),
  };
}
