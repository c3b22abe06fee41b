import { documentDate, renderOfficialDocument } from './official-layout';

/** What a 督办单 says (the escalation's supervision step and its task). */
export interface SupervisionNoticeInput {
  issuer: string;
  /** 督〔2026〕3号 */
  number: string;
  /** Issue date, YYYY-MM-DD. */
  issuedOn: string;
  /** The lead departments the notice is addressed to. */
  leadDepartments: string[];
  containerTitle: string;
  taskNo: number;
  taskText: string;
  /** The deadline the notice is about (YYYY-MM-DD). */
  dueOn: string;
  /** Working days overdue at issue (0 = issued by hand before the deadline). */
  workingDaysOverdue: number;
  /** The date the written answer is due (YYYY-MM-DD). */
  answerBy: string;
}

/** The 督办单 as .docx: the task, how overdue, what is required and by when. */
export function renderSupervisionNotice(n: SupervisionNoticeInput): Promise<Buffer> {
  const late = n.workingDaysOverdue > 0;
  const units = n.leadDepartments.join('、') || '牵头单位';
  return renderOfficialDocument({
    issuer: n.issuer,
    headerSuffix: '督办单',
    number: n.number,
    year: Number(n.issuedOn.slice(0, 4)),
    title: `关于督促办理《${n.containerTitle}》第${n.taskNo}项任务的督办单`,
    addressee: units,
    body: [
      {
        kind: 'paragraph',
        text: `《${n.containerTitle}》第${n.taskNo}项任务由你单位牵头办理,完成时限为${documentDate(n.dueOn)}。${
          late
            ? `截至${documentDate(n.issuedOn)},该任务已逾期${n.workingDaysOverdue}个工作日,仍未办结。`
            : '目前该任务尚未办结。'
        }现予督办。`,
      },
      { kind: 'heading', text: '一、督办事项' },
      {
        kind: 'table',
        header: ['任务编号', '任务内容', '完成时限', '逾期情况'],
        widths: [12, 56, 16, 16],
        rows: [
          [
            `第${n.taskNo}项`,
            n.taskText,
            documentDate(n.dueOn),
            late ? `逾期${n.workingDaysOverdue}个工作日` : '尚未到期',
          ],
        ],
      },
      { kind: 'heading', text: '二、办理要求' },
      {
        kind: 'paragraph',
        text: `请你单位高度重视,${late ? '立即组织办理' : '加快办理,确保按期完成'},并将办理情况、${
          late ? '逾期原因及整改措施' : '存在问题及下一步措施'
        }于${documentDate(n.answerBy)}前书面报送${n.issuer}。`,
      },
    ],
    date: n.issuedOn,
    subject: `督办单 ${n.number}`,
  });
}
