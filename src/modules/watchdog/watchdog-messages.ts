import type { SystemMessage } from '../notifications/system-messages.service';
import type { IncidentComponent } from './watchdog.sql';
import { clockText } from './watchdog-rules';

/** Template names of the watchdog's deliveries (the delivery log's `template`). */
export const WATCHDOG_TEMPLATES = { alarm: 'watchdog-alarm', recovered: 'watchdog-recovered' };

const SIGNATURE = '督办系统';

/** The alarm of an incident: what is stale, since when; sent once per incident. */
export function alarmMessage(
  incidentId: string,
  openedAt: Date,
  components: IncidentComponent[],
): SystemMessage {
  const lines = components.map((c, i) => `${i + 1}. ${c.message}`);
  const text = [
    '系统管理员:',
    '',
    '督办系统监测到以下后台组件异常,逾期督办、到期提醒和消息发送可能已经停止:',
    ...lines,
    '',
    `发现时间:${clockText(openedAt)}`,
    '请尽快检查工作进程(PROCESS_ROLE=worker 或 all)和调度是否在运行,以及 /health 的详细结果。',
    '本次异常只告警这一次;恢复正常后系统会另行通知。',
    '',
    SIGNATURE,
    '',
  ].join('\n');
  return {
    key: `watchdog-${incidentId}-alarm`,
    template: WATCHDOG_TEMPLATES.alarm,
    subject: '【系统告警】督办系统后台任务异常',
    text,
  };
}

/** The "recovered" message closing an incident. */
export function recoveredMessage(
  incidentId: string,
  openedAt: Date,
  closedAt: Date,
  components: IncidentComponent[],
): SystemMessage {
  const text = [
    '系统管理员:',
    '',
    `督办系统于${clockText(openedAt)}发现的后台组件异常已于${clockText(closedAt)}恢复正常,` +
      `持续约${durationText(closedAt.getTime() - openedAt.getTime())}。`,
    '异常期间涉及的组件:',
    ...components.map((c, i) => `${i + 1}. ${c.message}`),
    '',
    '停顿期间到期的提醒和逾期督办由系统自动补办,每项只发送一次。',
    '',
    SIGNATURE,
    '',
  ].join('\n');
  return {
    key: `watchdog-${incidentId}-recovered`,
    template: WATCHDOG_TEMPLATES.recovered,
    subject: '【系统恢复】督办系统后台任务已恢复正常',
    text,
  };
}

/** `3分20秒`, `2小时5分`, `45秒`. */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}小时${m}分`;
  if (m > 0) return `${m}分${s % 60}秒`;
  return `${s}秒`;
}
