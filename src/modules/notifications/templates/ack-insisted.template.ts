import {
  bookTitle,
  chineseDate,
  composeText,
  roleLabel,
  salutation,
  summarize,
  taskUrl,
} from './format';
import type { RenderContext, RenderedText, TemplateVars } from './template-types';

/**
 * 坚持交办: the office keeps a returned assignment with the department; `dueOn` is the new
 * acknowledgement deadline.
 */
export function renderAckInsisted(vars: TemplateVars, ctx: RenderContext): RenderedText {
  const role = roleLabel(vars.role);
  const subject = `【坚持交办】第${vars.taskNo}项任务请于${chineseDate(vars.dueOn)}前签收`;
  const answer = vars.insistReason?.trim() ? `督查室意见:${vars.insistReason.trim()}。` : '';
  const text = composeText({
    salutation: salutation(vars),
    paragraphs: [
      `您单位退回的${bookTitle(vars.planTitle)}第${vars.taskNo}项任务,经督查室研究,仍由您单位${role}承办。${answer}` +
        `请于${chineseDate(vars.dueOn)}前登录督办系统签收,并抓紧办理。`,
    ],
    fields: [
      ['任务编号', `第${vars.taskNo}项`],
      ['任务内容', summarize(vars.taskText)],
      ['责任单位', `${vars.departmentName}(${role}单位)`],
      ...(vars.returnReason ? [['退回理由', vars.returnReason] as [string, string]] : []),
      ['签收时限', chineseDate(vars.dueOn)],
    ],
    url: taskUrl(ctx.publicUrl, vars.taskId),
    signature: '督查室',
  });
  return { subject, text };
}
