import { LadderLevel } from '../ladder';
import { fmtDateTime, WORK_SOURCE_SHORT } from '../labels';
import type { SupervisionTask } from '../types';
import { Badge } from '../ui';

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

type OriginRow = Pick<SupervisionTask, 'source' | 'planTitle' | 'planDocumentNumber'>;

/** Where the task comes from: the source's badge and its document (批示件 · 苏政批〔2026〕3号). */
export function SourceCell({ row }: { row: OriginRow }) {
  return (
    <td data-label="来源" title={row.planTitle}>
      <Badge tone={row.source === 'PLAN' ? 'grey' : 'blue'}>{WORK_SOURCE_SHORT[row.source]}</Badge>{' '}
      {row.planDocumentNumber ?? row.planTitle}
    </td>
  );
}

/** The region whose work the task is; the top office's own work is 本级. */
export function RegionCell({ row }: { row: Pick<SupervisionTask, 'regionName'> }) {
  return <td data-label="地区">{row.regionName ?? '本级'}</td>;
}
