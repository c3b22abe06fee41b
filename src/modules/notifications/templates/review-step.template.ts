import { bookTitle, composeText, salutation, summarize, taskUrl } from './format';
import type { RenderContext, RenderedText, TemplateVars } from './template-types';

/**
 * 审核提醒: a closure request's review step waits for the recipient (the lead department's head, the
 * supervision office or the instructing leader); sent when the step begins, and once more if it
 * still waits some working days later.
 */
export function renderReviewStep(vars: TemplateVars, ctx: RenderContext): RenderedText {
  const review = vars.review ?? { stageLabel: '审核', reminder: false };
  const subject = review.reminder
    ? `【审核提醒】第${vars.taskNo}项任务的办结申请仍待您${review.stageLabel}`
    : `【待审核】第${vars.taskNo}项任务的办结申请待您${review.stageLabel}`;
  const waited =
    review.reminder && review.workingDays !== undefined
      ? `已等待${review.workingDays}个工作日,`
      : '';
  const text = composeText({
    salutation: salutation(vars),
    paragraphs: [
      `${vars.departmentName}就${bookTitle(vars.planTitle)}第${vars.taskNo}项任务提出办结销号申请,` +
        `现处于“${review.stageLabel}”环节,${waited}请登录督办系统审核:同意的,申请转入下一环节或办结;` +
        '不同意的,请说明理由退回重办。',
    ],
    fields: [
      ['任务编号', `第${vars.taskNo}项`],
      ['任务内容', summarize(vars.taskText)],
      ['所属事项', bookTitle(vars.planTitle)],
      ['申请单位', vars.departmentName],
      ['审核环节', review.stageLabel],
    ],
    url: taskUrl(ctx.publicUrl, vars.taskId),
    signature: '督查室',
  });
  return { subject, text };
}
