import {
  chineseDate,
  collapse,
  composeText,
  daysPhrase,
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
  const subject = `【督办提醒】${digestHeadline(vars)}`;
  const name = vars.recipientName?.trim();
  const window = vars.windowLabel?.trim() ? `截至${vars.windowLabel.trim()},` : '';
  const reports = vars.items.filter((i) => i.report).length;
  const acks = vars.items.filter((i) => i.ack).length;
  const opening =
    acks === n
      ? `您有${n}项交办任务尚未签收,清单如下。请登录督办系统签收;如认为不属于本单位职责,请在签收时限内退回并说明理由。`
      : acks > 0
        ? `您有${n}项督办事项需要处理(签收、任务到期或进展报送),清单如下。请及时签收并抓紧推进。`
        : reports === 0
          ? `您有${n}项督办任务即将到期,清单如下。请抓紧推进,确保按期完成,并及时报送进展情况;确需延期的,请在到期前按程序提出延期申请。`
          : reports === n
            ? `您有${n}项督办任务需要按期报送进展情况,清单如下。请在报送截止日前登录督办系统填报;已逾期未报的,请尽快补报。`
            : `您有${n}项督办事项需要处理(任务到期或进展报送),清单如下。请抓紧推进并按时报送进展情况。`;
  const text = composeText({
    salutation: name ? `${name}同志:` : '您好:',
    paragraphs: [`${window}${opening}`],
    fields: [],
    blocks: vars.items.map((item, i) => itemFields(item, i, ctx)),
    signature: '督查室',
  });
  return { subject, text };
}

/** `您有N项任务即将到期`, or the wording for progress reports due or missed. */
export function digestHeadline(vars: DigestVars): string {
  const n = vars.items.length;
  const reports = vars.items.filter((i) => i.report).length;
  const acks = vars.items.filter((i) => i.ack).length;
  if (acks === n) {
    return vars.items.some((i) => i.ack === 'overdue')
      ? `您有${n}项交办任务逾期未签收`
      : `您有${n}项交办任务今天签收到期`;
  }
  if (acks > 0) return `您有${n}项督办事项需要处理`;
  if (reports === 0) return `您有${n}项任务即将到期`;
  if (reports === n) {
    return vars.items.some((i) => i.report === 'missed')
      ? `您有${n}项任务的进展报告需要报送(含逾期未报)`
      : `您有${n}项任务需报送进展`;
  }
  return `您有${n}项督办事项需要处理`;
}

function itemFields(
  item: TemplateVars,
  index: number,
  ctx: RenderContext,
): Array<[string, string]> {
  if (item.ack) {
    return [
      ['序号', `${index + 1}`],
      ['任务编号', `第${item.taskNo}项`],
      ['任务内容', summarize(item.taskText)],
      ['责任单位', `${item.departmentName}(${roleLabel(item.role)}单位)`],
      [
        '签收事项',
        item.ack === 'overdue'
          ? `签收时限${chineseDate(item.dueOn)}已过,目前仍未签收,请立即签收或退回`
          : `请于${chineseDate(item.dueOn)}当天内签收或退回`,
      ],
      ['查看详情', taskUrl(ctx.publicUrl, item.taskId)],
    ];
  }
  if (item.report) {
    return [
      ['序号', `${index + 1}`],
      ['任务编号', `第${item.taskNo}项`],
      ['任务内容', summarize(item.taskText)],
      ['责任单位', `${item.departmentName}(${roleLabel(item.role)}单位)`],
      [
        '报送事项',
        item.report === 'missed'
          ? `本期进展报告应于${chineseDate(item.dueOn)}前报送,目前尚未收到,请尽快补报`
          : `本期进展报告请于${chineseDate(item.dueOn)}前报送`,
      ],
      ['查看详情', taskUrl(ctx.publicUrl, item.taskId)],
    ];
  }
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
    `### 【督办提醒】${digestHeadline(vars)}`,
    `${name ? `${name}同志` : '您好'},以下任务即将到期,请抓紧推进并及时报送进展:`,
  ];
  const lines: string[] = [];
  let size = utf8Length(head.join('\n'));
  for (const [i, item] of vars.items.entries()) {
    const days = daysPhrase(item);
    const when = item.ack
      ? item.ack === 'overdue'
        ? ` 签收时限${chineseDate(item.dueOn)}已过,请立即签收或退回`
        : ` 请于${chineseDate(item.dueOn)}当天内签收`
      : item.report
        ? ` 进展报告${item.report === 'missed' ? '逾期未报,应于' : '请于'}${chineseDate(item.dueOn)}前报送`
        : ` ${chineseDate(item.dueOn)}到期${days && days !== '今天到期' ? `,${days}` : ''}`;
    const line =
      `${i + 1}. **第${item.taskNo}项** ${mdSafe(summarize(item.taskText, 30))}` +
      `(${mdSafe(collapse(item.departmentName))} ${roleLabel(item.role)})` +
      when +
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
