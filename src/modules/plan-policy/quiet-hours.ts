import { DateTime } from 'luxon';
import {
  addCalendarDays,
  BUSINESS_ZONE,
  instantAt,
  LocalDate,
  localDateOf,
} from '../../common/time/local-date';
import { QuietHoursRules } from './plan-policy';

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

function localMinutes(instant: Date): number {
  const t = DateTime.fromJSDate(instant, { zone: BUSINESS_ZONE });
  return t.hour * 60 + t.minute;
}

/** Whether `instant` falls in the policy's quiet hours (Asia/Shanghai). */
export function inQuietHours(instant: Date, policy: QuietHoursRules): boolean {
  const start = minutesOf(policy.quietHours.start);
  const end = minutesOf(policy.quietHours.end);
  const now = localMinutes(instant);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The end of the quiet period `instant` is in (when a held message may go out), or null if not quiet. */
export function quietHoursEnd(instant: Date, policy: QuietHoursRules): Date | null {
  if (!inQuietHours(instant, policy)) return null;
  const end = minutesOf(policy.quietHours.end);
  const today: LocalDate = localDateOf(instant);
  const endToday = instantAt(today, Math.floor(end / 60), end % 60);
  return endToday.getTime() > instant.getTime()
    ? endToday
    : instantAt(addCalendarDays(today, 1), Math.floor(end / 60), end % 60);
}
