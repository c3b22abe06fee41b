/** Formatting shared by the notification templates: Chinese dates, role labels, summaries, HTML. */

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-03-05` → `2026年3月5日` (the form used in official documents). */
export function chineseDate(localDate: string): string {
  const m = LOCAL_DATE.exec(localDate);
  if (!m) return localDate;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

export function roleLabel(role: 'LEAD' | 'SUPPORT'): '牵头' | '配合' {
  return role === 'LEAD' ? '牵头' : '配合';
}

/** Wraps a plan title in 《》 unless the document already did. */
export function bookTitle(title: string): string {
  const t = collapse(title);
  return t.startsWith('《') ? t : `《${t}》`;
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const SENTENCE_BREAK = /[。;,、\uFF1B\uFF0C]/;

/**
 * Shortens a task text for a one-line field: whole sentences or clauses when one ends in the last
 * quarter of the budget, otherwise a hard cut; counts code points so no character is split.
 */
export function summarize(text: string, max = 80): string {
  const chars = Array.from(collapse(text));
  if (chars.length <= max) return chars.join('');
  const head = chars.slice(0, max);
  for (let i = head.length - 1; i >= Math.floor(max * 0.75); i--) {
    if (SENTENCE_BREAK.test(head[i]!)) return `${head.slice(0, i).join('')}……`;
  }
  return `${head.join('')}……`;
}

export function taskUrl(publicUrl: string, taskId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/v1/tasks/${encodeURIComponent(taskId)}`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

/** Escapes `text` and turns http(s) URLs into links, as a plain-text mail client would. */
function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    out += escapeHtml(text.slice(last, m.index));
    const url = escapeHtml(m[0]);
    out += `<a href="${url}" style="color:#1a5fb4">${url}</a>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/** A field line of a template body: `任务编号:第12项` (a short Chinese label, a colon). */
const FIELD_LINE = /^(\p{Script=Han}{2,6})[:\uFF1A](.+)$/u;

/**
 * The HTML part of a message, derived from its text part so that the two always say the same thing
 * and the delivery log (which stores the text) can rebuild it exactly. Paragraphs are separated by
 * blank lines; a paragraph made only of `标签:内容` lines becomes a table. Everything is escaped.
 */
export function renderHtml(subject: string, text: string): string {
  const blocks = text
    .split(/\n{2,}/)
    .map((b) => b.split('\n'))
    .filter((lines) => lines.some((l) => l.trim() !== ''));
  const body = blocks
    .map((lines) => {
      const fields = lines.map((l) => FIELD_LINE.exec(l));
      if (fields.every((f) => f !== null)) {
        const rows = fields
          .map(
            (f) =>
              `<tr><th style="text-align:left;vertical-align:top;white-space:nowrap;padding:4px 12px 4px 0;color:#555;font-weight:normal">${escapeHtml(f![1]!)}</th>` +
              `<td style="padding:4px 0">${linkify(f![2]!)}</td></tr>`,
          )
          .join('');
        return `<table style="border-collapse:collapse;margin:12px 0">${rows}</table>`;
      }
      // An indented paragraph is body prose (indented as on paper); the rest are short lines.
      const indent = /^\s/.test(lines[0]!) ? ';text-indent:2em' : '';
      const html = lines.map((l) => linkify(l.trim())).join('<br>');
      return `<p style="margin:12px 0${indent}">${html}</p>`;
    })
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    "<body style=\"margin:0;padding:16px;font-family:'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;line-height:1.7;color:#222\">",
    '<div style="max-width:680px;margin:0 auto">',
    `<h2 style="font-size:18px;color:#b3261e;margin:0 0 12px">${escapeHtml(subject)}</h2>`,
    body,
    '</div></body></html>',
  ].join('\n');
}

export interface BodyParts {
  /** Lines above the salutation (a notice's title and number). */
  heading?: string[];
  salutation: string;
  paragraphs: string[];
  /** `[label, value]` rows; labels are 2–6 Chinese characters. */
  fields: Array<[string, string]>;
  /** Further field paragraphs after `fields` (a digest's tasks, one paragraph each). */
  blocks?: Array<Array<[string, string]>>;
  /** The `查看详情` link; omitted when the blocks carry their own. */
  url?: string;
  signature: string;
}

/** The plain-text layout every template shares (and that renderHtml understands). */
export function composeText(parts: BodyParts): string {
  const blocks = [
    ...(parts.heading?.length ? [parts.heading.join('\n')] : []),
    parts.salutation,
    ...parts.paragraphs.map((p) => `    ${p}`),
    ...[parts.fields, ...(parts.blocks ?? [])]
      .filter((fields) => fields.length > 0)
      .map((fields) => fields.map(([label, value]) => `${label}:${collapse(value)}`).join('\n')),
    ...(parts.url ? [`查看详情:${parts.url}`] : []),
    `${parts.signature}\n(本邮件由督办系统自动发送,请勿直接回复。)`,
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** `张三同志:` when the recipient is known by name, otherwise the department, as on a paper notice. */
export function salutation(vars: { recipientName?: string; departmentName: string }): string {
  const name = vars.recipientName?.trim();
  return name ? `${name}同志:` : `${collapse(vars.departmentName)}:`;
}

/** The mail-only closing line of composeText, left out of the inbox and robot forms. */
const MAIL_FOOTER = /\n?(本邮件由督办系统自动发送,请勿直接回复。)\n?/;

/** The text of a message as the in-app inbox shows it (no "this email…" line). */
export function inboxText(text: string): string {
  return `${text.replace(MAIL_FOOTER, '\n').trimEnd()}\n`;
}

/** Characters that would change the meaning of a markdown line on the robot platforms. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*[\]])/g, '\\$1');
}

/**
 * The robot (markdown) form of a message, derived from its text part like renderHtml: the subject as
 * a heading, `标签:内容` lines as bold labels, `查看详情:URL` as a link. Used by WeCom, DingTalk and
 * Feishu, whose markdown dialects share this subset.
 */
export function renderMarkdown(subject: string, text: string): string {
  const lines = inboxText(text)
    .split('\n')
    .map((line) => {
      const field = FIELD_LINE.exec(line);
      if (!field) return escapeMarkdown(line.trim());
      const [, label, value] = field as unknown as [string, string, string];
      if (/^https?:\/\/\S+$/.test(value.trim())) return `[${label}](${value.trim()})`;
      return `**${label}**:${escapeMarkdown(value)}`;
    });
  return `### ${escapeMarkdown(subject)}\n${lines.join('\n').replace(/\n{3,}/g, '\n\n')}`.trimEnd();
}

/** `还有5个工作日` / `今天到期` / `已逾期3个工作日` / `` (unknown). */
export function daysPhrase(vars: {
  workingDaysLeft?: number;
  workingDaysOverdue?: number;
}): string {
  if (vars.workingDaysOverdue !== undefined) return `已逾期${vars.workingDaysOverdue}个工作日`;
  if (vars.workingDaysLeft === undefined) return '';
  return vars.workingDaysLeft <= 0 ? '今天到期' : `还有${vars.workingDaysLeft}个工作日`;
}

/** Byte length as the robot platforms count it (UTF-8). */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
