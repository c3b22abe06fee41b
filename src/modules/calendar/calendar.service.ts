import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { exceptionsOf, seedCalendar } from './calendar-seed';
import { fromDbDate } from '../../common/time/local-date';
import { selectCalendarVersion } from './calendar.sql';
import { WorkingDayCalendar } from './working-day-calendar';

/**
 * The working-day calendar every service computes with: weekends, plus the holidays and make-up
 * working days stored in PostgreSQL. Held in memory as an immutable snapshot; `refresh()` reloads it
 * (after an administrator changes a year, and on every scheduler tick when another instance did).
 */
@Injectable()
export class CalendarService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CalendarService.name);
  private snapshot = new WorkingDayCalendar();
  private before: WorkingDayCalendar = new WorkingDayCalendar();
  private version: string | null = null;

  constructor(private readonly prisma: PrismaService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seed();
    await this.refresh();
  }

  /** Stores the bundled years that PostgreSQL does not have yet; never overwrites a stored year. */
  async seed(): Promise<{ years: number; days: number }> {
    const inserted = await seedCalendar(this.prisma);
    if (inserted.years > 0) this.logger.log(inserted, 'working-day calendar seeded');
    return inserted;
  }

  /** The calendar as last loaded. */
  current(): WorkingDayCalendar {
    return this.snapshot;
  }

  /** The calendar before the last reload, so that listeners can tell what a change moved. */
  previous(): WorkingDayCalendar {
    return this.before;
  }

  /**
   * Reloads the exceptions if any year changed since the last load (or always, with `force`);
   * returns whether it did.
   */
  async refresh(force = false): Promise<boolean> {
    const [{ version }] =
      await this.prisma.$queryRaw<{ version: string | null }[]>(selectCalendarVersion());
    if (version === this.version && !force) return false;
    const [years, days] = await Promise.all([
      this.prisma.calendarYear.findMany({ select: { year: true, provisional: true } }),
      this.prisma.calendarDay.findMany({ select: { date: true, kind: true } }),
    ]);
    this.before = this.snapshot;
    this.snapshot = new WorkingDayCalendar(
      exceptionsOf(days.map((d) => ({ date: fromDbDate(d.date), kind: d.kind }))),
      new Map(years.map((y) => [y.year, y.provisional])),
    );
    this.version = version;
    this.logger.log(
      { years: years.length, exceptions: days.length },
      'working-day calendar loaded',
    );
    return true;
  }
}
