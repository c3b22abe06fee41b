import { DateTime } from 'luxon';
import { BUSINESS_ZONE } from '../../common/time/local-date';
import { HEARTBEAT } from '../../infra/heartbeat/heartbeat.service';
import { QueueName } from '../../infra/queue/job-catalogue';

/**
 * When is a component stale? Pure rules, judged on real time (the heartbeat clock), except the
 * wave, whose reminders are due on the business clock.
 *
 * - The tick beats on every tick: cadence TICK_SECONDS.
 * - The overdue sweep beats when a sweep finishes; the tick enqueues at most one per business
 *   minute: cadence max(TICK_SECONDS, one business minute in real time).
 * - The worker of each queue beats every watchdog period while it runs, idle or not: cadence
 *   WATCHDOG_INTERVAL_SECONDS. A dead process stops beating; an idle one does not.
 * - A component is judged on its freshest process: one live worker of a queue is enough (the
 *   queue is worked); a process that died while another carries on is no incident.
 * - Stale = silent longer than its cadence + WATCHDOG_STALE_SECONDS. Never seen at all: stale once
 *   the watch has lasted that long (a deployment without workers is an incident too).
 * - The wave runs only when reminders fall due, so its silence means nothing: it is stale when
 *   reminders due more than TICK_SECONDS + WATCHDOG_STALE_SECONDS ago are still pending.
 */

/** The components every installation must have alive (the wave is judged by its reminders). */
export const WATCHED: readonly string[] = [
  HEARTBEAT.tick,
  HEARTBEAT.sweep,
  ...Object.values(QueueName).map((q) => HEARTBEAT.worker(q)),
];

/** Real milliseconds between beats of each kind of component, and the grace beyond them. */
export interface Cadences {
  tickMs: number;
  sweepMs: number;
  workerMs: number;
  graceMs: number;
}

export function cadencesOf(s: {
  tickSeconds: number;
  intervalSeconds: number;
  staleSeconds: number;
  /** Real milliseconds of one business minute (60,000 unless the demo's clock runs faster). */
  businessMinuteMs: number;
}): Cadences {
  const tickMs = s.tickSeconds * 1000;
  return {
    tickMs,
    sweepMs: Math.max(tickMs, s.businessMinuteMs),
    workerMs: s.intervalSeconds * 1000,
    graceMs: s.staleSeconds * 1000,
  };
}

/** How long `component` may stay silent before it is stale (real milliseconds). */
export function silenceAllowedMs(component: string, c: Cadences): number {
  if (component === HEARTBEAT.tick) return c.tickMs + c.graceMs;
  if (component === HEARTBEAT.sweep) return c.sweepMs + c.graceMs;
  return c.workerMs + c.graceMs;
}

/** How long a due reminder may stay pending before the wave is stale (real milliseconds). */
export const waveLatenessAllowedMs = (c: Cadences): number => c.tickMs + c.graceMs;

export type StaleCode = 'SILENT' | 'NEVER_SEEN' | 'REMINDERS_PENDING';

/** One stale component: why, and since when. */
export interface StaleComponent {
  component: string;
  code: StaleCode;
  /** Last heartbeat (SILENT), the start of the watch (NEVER_SEEN), the oldest due reminder. */
  since: Date;
  lastBeatAt: Date | null;
  /** REMINDERS_PENDING: how many are late (counted up to a cap). */
  pendingReminders?: number;
  /** The reason in Chinese, as the alarm states it. */
  message: string;
}

export interface WatchInput {
  /** Real now (heartbeat clock). */
  now: Date;
  /** When this process began watching (real). */
  watchingSince: Date;
  /** The freshest beat of each component (any process). */
  latestBeats: ReadonlyMap<string, Date>;
  /** Pending reminders due before the wave's allowance: how many, and the oldest due instant. */
  lateReminders: { count: number; oldestFireAt: Date | null };
  cadences: Cadences;
}

/** Every stale component, in WATCHED order, the wave last. */
export function staleComponents(input: WatchInput): StaleComponent[] {
  const { now, cadences } = input;
  const stale: StaleComponent[] = [];
  for (const component of WATCHED) {
    const allowed = silenceAllowedMs(component, cadences);
    const last = input.latestBeats.get(component) ?? null;
    if (last && now.getTime() - last.getTime() > allowed) {
      stale.push({
        component,
        code: 'SILENT',
        since: last,
        lastBeatAt: last,
        message: `${labelOf(component)}自${clockText(last)}起没有心跳(超过${seconds(allowed)}秒)`,
      });
    } else if (!last && now.getTime() - input.watchingSince.getTime() > allowed) {
      stale.push({
        component,
        code: 'NEVER_SEEN',
        since: input.watchingSince,
        lastBeatAt: null,
        message: `${labelOf(component)}从未记录心跳(监测已${seconds(now.getTime() - input.watchingSince.getTime())}秒)`,
      });
    }
  }
  const { count, oldestFireAt } = input.lateReminders;
  if (count > 0 && oldestFireAt) {
    stale.push({
      component: HEARTBEAT.wave,
      code: 'REMINDERS_PENDING',
      since: oldestFireAt,
      lastBeatAt: input.latestBeats.get(HEARTBEAT.wave) ?? null,
      pendingReminders: count,
      message:
        `${count}条提醒已到期超过${seconds(waveLatenessAllowedMs(cadences))}秒仍未发送` +
        `(最早一条应于${clockText(oldestFireAt)}发送)`,
    });
  }
  return stale;
}

const LABELS: Record<string, string> = {
  [HEARTBEAT.tick]: '调度节拍',
  [HEARTBEAT.sweep]: '逾期巡检',
  [HEARTBEAT.wave]: '提醒批次发送',
  [HEARTBEAT.worker(QueueName.Scheduler)]: '调度队列的工作进程',
  [HEARTBEAT.worker(QueueName.Reminders)]: '提醒队列的工作进程',
  [HEARTBEAT.worker(QueueName.Deliveries)]: '消息发送队列的工作进程',
};

/** The component's name in Chinese (the code name for one without a label). */
export const labelOf = (component: string): string => LABELS[component] ?? component;

/** `2026-12-07 16:05:09` in Asia/Shanghai. */
export const clockText = (instant: Date): string =>
  DateTime.fromJSDate(instant, { zone: BUSINESS_ZONE }).toFormat('yyyy-MM-dd HH:mm:ss');

const seconds = (ms: number): number => Math.round(ms / 1000);
