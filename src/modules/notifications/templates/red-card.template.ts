import { bookTitle, chineseDate, composeText, roleLabel, summarize, taskUrl } from './format';
import type { RenderContext, RenderedText, TemplateVars } from './template-types';

/**
 * 红牌警示: the last step of the ladder (10 working days overdue by default). Goes to the responsible
 * leader and the office; the task is listed for the next bulletin (通报).
 */
export function renderRedCard(vars: TemplateVars, ctx: RenderContext): RenderedText {
  const overdue = vars.workingDaysOverdue;
  const howLate = overdue === undefined ? '严重逾期' : `已逾期${overdue}个工作日`;
  const subject = `【红牌警示】第${vars.taskNo}项任务${howLate},将列入通报`;
  const role = roleLabel(vars.role);
  const name = vars.recipientName?.trim();
  const text = composeText({
    salutation: name ? `${name}同志:` : '您好:',
    paragraphs: [
      `${vars.departmentName}${role}承担的${bookTitle(vars.planTitle)}第${vars.taskNo}项任务,完成时限为${chineseDate(vars.dueOn)},` +
        `截至目前${howLate},${vars.noticeNo ? `经督办(${vars.noticeNo})后` : ''}仍未办结,现予红牌警示,并列入下一期督查通报。` +
        '请督促责任单位立即整改,限期办结。',
    ],
    fields: [
      ['任务编号', `第${vars.taskNo}项`],
      ['任务内容', summarize(vars.taskText)],
      ['所属方案', bookTitle(vars.planTitle)],
      ['责任单位', `${vars.departmentName}(${role}单位)`],
      ['完成时限', chineseDate(vars.dueOn)],
      ...(overdue !== undefined ? [['逾期时间', `${overdue}个工作日`] as [string, string]] : []),
      ...(vars.noticeNo ? [['督办编号', vars.noticeNo] as [string, string]] : []),
    ],
    url: taskUrl(ctx.publicUrl, vars.taskId),
    signature: '督查室',
  });
  return { subject, text };
}
