/** What every notification template is rendered from. Dates are Asia/Shanghai business dates. */
export type TemplateName =
  | 'deadline-reminder'
  | 'urging-notice'
  | 'supervision-notice'
  | 'red-card'
  | 'lagging-warning'
  | 'reminder-digest'
  | 'assignment-notice'
  | 'review-step'
  | 'ack-insisted';

export const TEMPLATE_NAMES: readonly TemplateName[] = [
  'deadline-reminder',
  'urging-notice',
  'supervision-notice',
  'red-card',
  'lagging-warning',
  'reminder-digest',
  'assignment-notice',
  'review-step',
  'ack-insisted',
];

export interface TemplateVars {
  taskId: string;
  taskNo: number;
  taskText: string;
  planTitle: string;
  departmentName: string;
  role: 'LEAD' | 'SUPPORT';
  /** YYYY-MM-DD, Asia/Shanghai business date. */
  dueOn: string;
  /** deadline-reminder */
  workingDaysLeft?: number;
  /** urging-notice, supervision-notice */
  workingDaysOverdue?: number;
  /** supervision-notice, e.g. 督〔2026〕12号 */
  noticeNo?: string;
  /** supervision-notice: the date by which the written answer is due (YYYY-MM-DD). */
  answerBy?: string;
  recipientName?: string;
  /** A periodic progress report rather than the task's deadline: `dueOn` is then the report's due date. */
  report?: 'due' | 'missed';
  /** assignment-notice: its number, every task it covers, the acknowledgement deadline. */
  notice?: {
    number: string;
    tasks: {
      taskId: string;
      taskNo: number;
      taskText: string;
      role: 'LEAD' | 'SUPPORT';
      dueOn: string | null;
    }[];
    ackDueOn?: string;
  };
  /** review-step: the stage that waits, and whether this is the reminder (after `workingDays`). */
  review?: { stageLabel: string; reminder: boolean; workingDays?: number };
  /** 签收: acknowledgement due today (`dueOn` is its deadline), or overdue (urging). */
  ack?: 'due' | 'overdue';
  /** ack-insisted: the department's return reason and the office's answer. */
  returnReason?: string;
  insistReason?: string;
  /** lagging-warning: why the task is lagging. */
  lagging?: {
    reason: 'behind-schedule' | 'no-report';
    percent?: number;
    expectedPercent?: number;
    workingDaysSinceReport?: number;
  };
}

/** `reminder-digest`: one message listing every task a person is reminded of in a sending window. */
export interface DigestVars {
  recipientName?: string;
  /** Optional wording of the window, e.g. `11月23日` (shown in the opening sentence). */
  windowLabel?: string;
  /** One entry per task, in the order to list them (each with its own `workingDaysLeft`). */
  items: TemplateVars[];
}

export function isDigestVars(vars: TemplateVars | DigestVars): vars is DigestVars {
  return Array.isArray((vars as DigestVars).items);
}

export interface RenderContext {
  /** Base URL of the service, without a trailing slash (AppConfig PUBLIC_URL). */
  publicUrl: string;
}

/** A rendered message: `html` is derived from `text` (see renderHtml), so storing the text loses nothing. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** The body for group robots (WeCom, DingTalk, Feishu markdown); at most ~4 KB (WeCom's limit). */
  markdown: string;
  /** Short values for an SMS template (see SmsParams). */
  sms: SmsParams;
}

/** What a template function renders; index.ts adds the HTML, robot and SMS forms. */
export type RenderedText = Pick<RenderedMessage, 'subject' | 'text'>;

/** What a delivery row stores: all but the HTML, which the email channel derives from the text. */
export type StoredMessage = Omit<RenderedMessage, 'html'>;

/**
 * Parameters of the SMS template registered with the provider, all strings (what cloud SMS
 * services accept), e.g. `${name}同志,您有${count}项督办任务(${kind}),最近一项第${taskNo}项
 * ${dueOn}到期,${days}。请登录督办系统查看。`
 */
export interface SmsParams {
  /** 张伟 (or the department when the person is unknown). */
  name: string;
  /** 督办提醒 | 催办通知 | 督办单 */
  kind: string;
  /** How many tasks the message is about (1 unless a digest). */
  count: string;
  /** Number of the (first) task, e.g. `12`. */
  taskNo: string;
  /** Its deadline, `2026年11月30日`. */
  dueOn: string;
  /** `还有5个工作日` / `今天到期` / `已逾期3个工作日`. */
  days: string;
}
