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
 * 交办通知: work reached the department (an import, a publish, a new item, a reassignment). One
 * message per department and batch lists every task of it (`vars.notice.tasks`; without them, the
 * vars' own task); the numbered document itself is attached to the email (.docx).
 */
export function renderAssignmentNotice(vars: TemplateVars, ctx: RenderContext): RenderedText {
  const notice = vars.notice;
  const tasks = notice?.tasks.length
    ? notice.tasks
    : [{ taskNo: vars.taskNo, taskText: vars.taskText, role: vars.role, dueOn: vars.dueOn }];
  // An ongoing task's dueOn is ONGOING_DUE_ON (9999-12-31) in the vars of one task.
  const number = notice?.number?.trim();
  const subject = `【交办通知】${number ? `${number} ` : ''}请签收交办的${tasks.length}项任务`;
  const ack = notice?.ackDueOn ? `于${chineseDate(notice.ackDueOn)}前` : '及时';
  const text = composeText({
    heading: ['交 办 通 知', ...(number ? [number] : [])],
    salutation: salutation({ departmentName: vars.departmentName }),
    paragraphs: [
      `根据${bookTitle(vars.planTitle)},现将由你单位承担的${tasks.length}项任务交由你单位办理${
        number ? '(交办通知正式文件见附件)' : ''
      }。`,
      `请${ack}登录督办系统签收;如认为有关任务不属于你单位职责,请在签收期限内退回并说明理由。`,
    ],
    fields: [
      ...(number ? [['交办编号', number] as [string, string]] : []),
      ['所属方案', bookTitle(vars.planTitle)],
      ['承办单位', vars.departmentName],
    ],
    blocks: tasks.map((t): Array<[string, string]> => [
      ['任务编号', `第${t.taskNo}项`],
      ['任务内容', summarize(t.taskText)],
      ['承担方式', `${roleLabel(t.role)}单位`],
      ['完成时限', t.dueOn && !t.dueOn.startsWith('9999') ? chineseDate(t.dueOn) : '持续推进'],
    ]),
    url: taskUrl(ctx.publicUrl, vars.taskId),
    signature: '督查室',
  });
  return { subject, text };
}
