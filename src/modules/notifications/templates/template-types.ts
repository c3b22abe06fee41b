/** What every notification template is rendered from. Dates are Asia/Shanghai business dates. */
export type TemplateName = 'deadline-reminder' | 'urging-notice' | 'supervision-notice';

export const TEMPLATE_NAMES: readonly TemplateName[] = [
  'deadline-reminder',
  'urging-notice',
  'supervision-notice',
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
  recipientName?: string;
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
}
