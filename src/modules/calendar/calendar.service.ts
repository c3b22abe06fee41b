import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { fromDbDate, LocalDate } from './local-date';
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
  private version: string | null = null;

  constructor(private readonly prisma: PrismaService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
  }

  /** The calendar as last loaded. */
  current(): WorkingDayCalendar {
    return this.snapshot;
  }

  /** Reloads the exceptions if any year changed since the last load; returns whether it did. */
  async refresh(): Promise<boolean> {
    const [{ version }] = await this.prisma.$queryRaw<{ version: string | null }[]>`
      SELECT (count(*)::text || ':' || coalesce(max(updated_at)::text, '')) AS version FROM calendar_year`;
    if (version === this.version) return false;
    const days = await this.prisma.calendarDay.findMany({ select: { date: true, kind: true } });
    const exceptions = new Map<LocalDate, boolean>(
      days.map((d) => [fromDbDate(d.date), d.kind === 'MAKEUP_WORKDAY']),
    );
    this.snapshot = new WorkingDayCalendar(exceptions);
    this.version = version;
    this.logger.log({ exceptions: exceptions.size }, 'working-day calendar loaded');
    return true;
  }
}
