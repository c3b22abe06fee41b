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

/** 催办通知: the first step of the escalation ladder, one working day after the deadline. */
export function renderUrgingNotice(vars: TemplateVars, ctx: RenderContext): RenderedText {
  const overdue = vars.workingDaysOverdue;
  const howLate = overdue === undefined ? '已逾期' : `已逾期${overdue}个工作日`;
  const subject = `【催办通知】第${vars.taskNo}项任务${howLate}`;
  const role = roleLabel(vars.role);
  const text = composeText({
    salutation: salutation(vars),
    paragraphs: [
      `您单位${role}承担的${bookTitle(vars.planTitle)}第${vars.taskNo}项任务,完成时限为${chineseDate(vars.dueOn)},截至目前${howLate},尚未办结。` +
        '请抓紧办理,并将办理进展及逾期原因及时报送督查室;确需延期的,请按程序提出延期申请。',
    ],
    fields: [
      ['任务编号', `第${vars.taskNo}项`],
      ['任务内容', summarize(vars.taskText)],
      ['所属方案', bookTitle(vars.planTitle)],
      ['责任单位', `${vars.departmentName}(${role}单位)`],
      ['完成时限', chineseDate(vars.dueOn)],
      ...(overdue !== undefined ? [['逾期时间', `${overdue}个工作日`] as [string, string]] : []),
    ],
    url: taskUrl(ctx.publicUrl, vars.taskId),
    signature: '督查室',
  });
  return { subject, text };
}
