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

/** 督办提醒: sent T-5 and T-1 working days before a deadline to the assigned departments' liaisons. */
export function renderDeadlineReminder(vars: TemplateVars, ctx: RenderContext): RenderedText {
  const left = vars.workingDaysLeft;
  const when = left === undefined ? '即将到期' : left <= 0 ? '今天到期' : `还有${left}个工作日到期`;
  const remaining = left === undefined || left <= 0 ? when : `距到期还有${left}个工作日`;
  const subject = `【督办提醒】第${vars.taskNo}项任务${when}`;
  const role = roleLabel(vars.role);
  const ask =
    vars.role === 'LEAD'
      ? '请抓紧推进,确保按期完成,并及时报送进展情况;确需延期的,请在到期前按程序提出延期申请。'
      : '请按照职责分工抓紧推进,配合牵头单位按期完成,并及时向牵头单位报送进展情况。';
  const text = composeText({
    salutation: salutation(vars),
    paragraphs: [
      `您单位${role}承担的${bookTitle(vars.planTitle)}第${vars.taskNo}项任务完成时限为${chineseDate(vars.dueOn)},${remaining}。${ask}`,
    ],
    fields: [
      ['任务编号', `第${vars.taskNo}项`],
      ['任务内容', summarize(vars.taskText)],
      ['所属方案', bookTitle(vars.planTitle)],
      ['责任单位', `${vars.departmentName}(${role}单位)`],
      ['完成时限', chineseDate(vars.dueOn)],
      ...(left !== undefined && left > 0
        ? [['剩余时间', `${left}个工作日`] as [string, string]]
        : []),
    ],
    url: taskUrl(ctx.publicUrl, vars.taskId),
    signature: '督查室',
  });
  return { subject, text };
}
