import { renderDeadlineReminder } from './deadline-reminder.template';
import { chineseDate, collapse, daysPhrase, renderHtml, renderMarkdown } from './format';
import { renderReminderDigest, renderReminderDigestMarkdown } from './reminder-digest.template';
import { renderSupervisionNotice } from './supervision-notice.template';
import {
  isDigestVars,
  type DigestVars,
  type RenderContext,
  type RenderedMessage,
  type RenderedText,
  type SmsParams,
  type StoredMessage,
  type TemplateName,
  type TemplateVars,
} from './template-types';
import { renderUrgingNotice } from './urging-notice.template';
import { renderRedCard } from './red-card.template';
import { renderLaggingWarning } from './lagging-warning.template';
import { renderAssignmentNotice } from './assignment-notice.template';
import { renderReviewStep } from './review-step.template';
import { renderAckInsisted } from './ack-insisted.template';

export * from './template-types';
export { inboxText, renderHtml } from './format';

type SingleTaskTemplate = Exclude<TemplateName, 'reminder-digest'>;

const RENDERERS: Record<
  SingleTaskTemplate,
  (vars: TemplateVars, ctx: RenderContext) => RenderedText
> = {
  'deadline-reminder': renderDeadlineReminder,
  'urging-notice': renderUrgingNotice,
  'supervision-notice': renderSupervisionNotice,
  'red-card': renderRedCard,
  'lagging-warning': renderLaggingWarning,
  'assignment-notice': renderAssignmentNotice,
  'review-step': renderReviewStep,
  'ack-insisted': renderAckInsisted,
};

const SMS_KIND: Record<TemplateName, string> = {
  'deadline-reminder': '督办提醒',
  'reminder-digest': '督办提醒',
  'urging-notice': '催办通知',
  'supervision-notice': '督办单',
  'red-card': '红牌警示',
  'lagging-warning': '进度预警',
  'assignment-notice': '交办通知',
  'review-step': '审核提醒',
  'ack-insisted': '坚持交办',
};

/**
 * Renders a Simplified Chinese message (subject, text, HTML, robot markdown, SMS parameters) from a
 * template and its variables. `reminder-digest` takes DigestVars (a single TemplateVars is read as
 * a digest of one task); the other templates take the TemplateVars of one task.
 */
export function renderTemplate(
  name: TemplateName,
  vars: TemplateVars | DigestVars,
  ctx: RenderContext,
): RenderedMessage {
  const message = renderStoredForm(name, vars, ctx);
  return { ...message, html: renderHtml(message.subject, message.text) };
}

/**
 * renderTemplate without the HTML: what a delivery row stores (the email channel derives the HTML
 * from the text when it sends). A 50-task digest's HTML is ~75 KB, 2 ms to build: 4 s of a wave of
 * 2,000 digests, inside its transaction, for nothing.
 */
export function renderStoredForm(
  name: TemplateName,
  vars: TemplateVars | DigestVars,
  ctx: RenderContext,
): StoredMessage {
  if (name === 'reminder-digest') {
    const digest = isDigestVars(vars) ? vars : { recipientName: vars.recipientName, items: [vars] };
    const base = renderReminderDigest(digest, ctx);
    return {
      ...base,
      markdown: renderReminderDigestMarkdown(digest, ctx),
      sms: smsParams(name, digest.items, digest.recipientName),
    };
  }
  const render = RENDERERS[name];
  if (!render) throw new Error(`Unknown notification template: ${String(name)}`);
  if (isDigestVars(vars)) throw new Error(`Template ${name} renders one task, not a digest`);
  const base = render(vars, ctx);
  return {
    ...base,
    markdown: renderMarkdown(base.subject, base.text),
    sms: smsParams(name, [vars], vars.recipientName),
  };
}

/** The SMS form: about the most urgent task (the earliest deadline), and how many there are. */
function smsParams(name: TemplateName, items: TemplateVars[], recipientName?: string): SmsParams {
  const first = [...items].sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
  return {
    name: collapse(recipientName ?? first?.departmentName ?? ''),
    kind: SMS_KIND[name],
    count: String(items.length),
    taskNo: first ? String(first.taskNo) : '',
    dueOn: first ? chineseDate(first.dueOn) : '',
    days: first ? daysPhrase(first) : '',
  };
}
