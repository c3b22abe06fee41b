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
 * 进度滞后预警 (yellow warning): reported progress far behind the share of working time elapsed
 * (序时进度), or no progress report for too long.
 */
export function renderLaggingWarning(vars: TemplateVars, ctx: RenderContext): RenderedText {
  const subject = `【进度预警】第${vars.taskNo}项任务进度滞后`;
  const role = roleLabel(vars.role);
  const why =
    vars.lagging?.reason === 'no-report'
      ? `已连续${vars.lagging.workingDaysSinceReport}个工作日未报送进展`
      : `报送进度为${vars.lagging?.percent ?? 0}%,低于序时进度${vars.lagging?.expectedPercent ?? 0}%`;
  const text = composeText({
    salutation: salutation(vars),
    paragraphs: [
      `您单位${role}承担的${bookTitle(vars.planTitle)}第${vars.taskNo}项任务(完成时限${chineseDate(vars.dueOn)}),${why},现予黄色预警。` +
        '请加快推进,并及时报送工作进展。',
    ],
    fields: [
      ['任务编号', `第${vars.taskNo}项`],
      ['任务内容', summarize(vars.taskText)],
      ['责任单位', `${vars.departmentName}(${role}单位)`],
      ['完成时限', chineseDate(vars.dueOn)],
      ['预警原因', why],
    ],
    url: taskUrl(ctx.publicUrl, vars.taskId),
    signature: '督查室',
  });
  return { subject, text };
}
