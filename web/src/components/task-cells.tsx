import { LadderLevel } from '../ladder';
import { fmtDateTime } from '../labels';
import type { SupervisionTask } from '../types';

/** Cells of a row of the supervision lists (overdue, lagging): one task each. */

const short = (text: string) => (text.length > 50 ? `${text.slice(0, 50)}…` : text);

/** The task's text, cut to 50 characters, linking to its page. */
export function TaskTextCell({ row }: { row: Pick<SupervisionTask, 'taskId' | 'text'> }) {
  return (
    <td data-label="任务">
      <a href={`#/tasks/${row.taskId}`}>{short(row.text)}</a>
    </td>
  );
}

type LadderRow = Pick<SupervisionTask, 'escalationLevel' | 'card' | 'noticeNo'>;

/** The task's place on the ladder; `none` when it has none yet. */
export function LadderCell({ row, none }: { row: LadderRow; none?: string }) {
  return (
    <td data-label="督办层级">
      <LadderLevel
        level={row.escalationLevel}
        card={row.card}
        noticeNo={row.noticeNo}
        none={none}
      />
    </td>
  );
}

/** The lead's last report: percent and when, or that there is none. */
export function LastReportCell({ row }: { row: Pick<SupervisionTask, 'lastReport'> }) {
  return (
    <td data-label="最近进展">
      {row.lastReport ? `${row.lastReport.percent}%,${fmtDateTime(row.lastReport.at)}` : '未报送'}
    </td>
  );
}
