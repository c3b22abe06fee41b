import { Injectable, Logger } from '@nestjs/common';

/** What a listener re-planned after a calendar change: `kind` is e.g. `reminders`, `escalations`. */
export interface CalendarChangeResult {
  kind: string;
  moved: number;
}

/** A module whose pending work depends on working days (reminders, escalation). */
export interface CalendarChangeListener {
  onCalendarChanged(): Promise<CalendarChangeResult>;
}

/** How many pending items each kind moved; `reminders` and `escalations` are always present. */
export type MovedByKind = { reminders: number; escalations: number } & Record<string, number>;

/**
 * Who must re-plan when a year's holidays change. Calendar stays a leaf module: reminders and
 * escalation register themselves here (in their `onModuleInit`) instead of calendar importing them.
 */
@Injectable()
export class CalendarChangeListeners {
  private readonly logger = new Logger(CalendarChangeListeners.name);
  private readonly listeners: CalendarChangeListener[] = [];

  register(listener: CalendarChangeListener): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  /** Runs every listener, one after the other (each re-plans in its own transactions). */
  async calendarChanged(): Promise<MovedByKind> {
    const moved: MovedByKind = { reminders: 0, escalations: 0 };
    for (const listener of this.listeners) {
      const result = await listener.onCalendarChanged();
      moved[result.kind] = (moved[result.kind] ?? 0) + result.moved;
    }
    this.logger.log({ moved }, 'calendar change re-planned');
    return moved;
  }
}
