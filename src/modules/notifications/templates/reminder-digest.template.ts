import {
  chineseDate,
  collapse,
  composeText,
  daysPhrase,
  renderHtml,
  roleLabel,
  summarize,
  taskUrl,
  utf8Length,
} from './format';
import type { DigestVars, RenderContext, RenderedText, TemplateVars } from './template-types';

/** WeCom refuses markdown over 4,096 bytes; keep a margin for the closing line. */
const MARKDOWN_BUDGET = 3_800;

/**
 * 督办提醒(汇总): every task one person is reminded of in one sending window, as one message, so a
 * liaison with 30 tasks due gets one message, not 30.
 */
export function renderReminderDigest(vars: DigestVars, ctx: RenderContext): RenderedText {
  const n = vars.items.length;
  const subject = `【督办提醒】您有${n}项任务即将到期`;
  const name = vars.recipientName?.trim();
  const window = vars.windowLabel?.trim() ? `截至${vars.windowLabel.trim()},` : '';
  const text = composeText({
    salutation: name ? `${name}同志:` : '您好:',
    paragraphs: [
      `${window}您有${n}项督办任务即将到期,清单如下。请抓紧推进,确保按期完成,并及时报送进展情况;确需延期的,请在到期前按程序提出延期申请。`,
    ],
    fields: [],
    blocks: vars.items.map((item, i) => itemFields(item, i, ctx)),
    signature: '督查室',
  });
  return { subject, text, html: renderHtml(subject, text) };
}

function itemFields(
  item: TemplateVars,
  index: number,
  ctx: RenderContext,
): Array<[string, string]> {
  const days = daysPhrase(item);
  return [
    ['序号', `${index + 1}`],
    ['任务编号', `第${item.taskNo}项`],
    ['任务内容', summarize(item.taskText)],
    ['责任单位', `${item.departmentName}(${roleLabel(item.role)}单位)`],
    ['完成时限', chineseDate(item.dueOn)],
    ...(days ? [['剩余时间', days] as [string, string]] : []),
    ['查看详情', taskUrl(ctx.publicUrl, item.taskId)],
  ];
}

/** The robot form: one compact line per task, as many as fit the smallest platform limit. */
export function renderReminderDigestMarkdown(vars: DigestVars, ctx: RenderContext): string {
  const n = vars.items.length;
  const name = vars.recipientName?.trim();
  const head = [
    `### 【督办提醒】您有${n}项任务即将到期`,
    `${name ? `${name}同志` : '您好'},以下任务即将到期,请抓紧推进并及时报送进展:`,
  ];
  const lines: string[] = [];
  let size = utf8Length(head.join('\n'));
  for (const [i, item] of vars.items.entries()) {
    const days = daysPhrase(item);
    const line =
      `${i + 1}. **第${item.taskNo}项** ${mdSafe(summarize(item.taskText, 30))}` +
      `(${mdSafe(collapse(item.departmentName))} ${roleLabel(item.role)})` +
      ` ${chineseDate(item.dueOn)}到期${days && days !== '今天到期' ? `,${days}` : ''}` +
      ` [查看](${taskUrl(ctx.publicUrl, item.taskId)})`;
    if (size + utf8Length(line) + 1 > MARKDOWN_BUDGET) {
      lines.push(`……另有${n - i}项,请登录督办系统查看全部任务。`);
      break;
    }
    lines.push(line);
    size += utf8Length(line) + 1;
  }
  return [...head, ...lines, '> 督查室'].join('\n');
}

function mdSafe(text: string): string {
  return text.replace(/([\\`*[\]])/g, '\\$1');
}
