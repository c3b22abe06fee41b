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
 * 督办单: a numbered notice to the lead department once a task is overdue 5 working days, or when
 * the office issues one by hand (then possibly before the deadline: workingDaysOverdue 0).
 */
export function renderSupervisionNotice(vars: TemplateVars, ctx: RenderContext): RenderedText {
  const overdue = vars.workingDaysOverdue;
  const notYetDue = overdue === 0;
  const howLate = overdue === undefined ? '已逾期' : `已逾期${overdue}个工作日`;
  const noticeNo = vars.noticeNo?.trim();
  const subject = `【督办单】${noticeNo ? `${noticeNo} ` : ''}第${vars.taskNo}项任务${
    notYetDue ? '请加快办理' : howLate
  }`;
  const role = roleLabel(vars.role);
  const text = composeText({
    heading: ['督 办 单', ...(noticeNo ? [noticeNo] : [])],
    // A notice is addressed to the department, also in the copy the office receives.
    salutation: salutation({ departmentName: vars.departmentName }),
    paragraphs: [
      `${bookTitle(vars.planTitle)}第${vars.taskNo}项任务由${vars.departmentName}${role}承担,完成时限为${chineseDate(vars.dueOn)},目前${notYetDue ? '尚未办结' : `${howLate},仍未办结`}。现予督办。`,
      `请你单位高度重视,${notYetDue ? '加快办理,确保按期完成' : '立即组织办理'},并将办理情况、${
        notYetDue ? '存在问题及下一步措施' : '逾期原因及整改措施'
      }${vars.answerBy ? `于${chineseDate(vars.answerBy)}前` : ''}书面报送督查室。`,
    ],
    fields: [
      ...(noticeNo ? [['督办编号', noticeNo] as [string, string]] : []),
      ['任务编号', `第${vars.taskNo}项`],
      ['任务内容', summarize(vars.taskText)],
      ['所属方案', bookTitle(vars.planTitle)],
      ['责任单位', `${vars.departmentName}(${role}单位)`],
      ['完成时限', chineseDate(vars.dueOn)],
      ...(overdue ? [['逾期时间', `${overdue}个工作日`] as [string, string]] : []),
    ],
    url: taskUrl(ctx.publicUrl, vars.taskId),
    signature: '督查室',
  });
  return { subject, text };
}
