/**
 * ─── PLUG-IN POINT for the supervision board ─────────────────────────────────────────────────
 *
 * The board (pages/board.tsx) renders, after its built-in sections (overdue list, overdue counts
 * by department), every entry of BOARD_SECTIONS the signed-in role may see, and offers every
 * entry of BOARD_EXPORTS as a download button. More supervision views plug in here without
 * touching the board itself:
 *
 *   - task lists with filters (due soon, stalled, disputed …) → a BoardSection whose render()
 *     returns a component that calls get('/supervision/…' + query(filters)) and shows a table
 *     (see LaggingList below, the row cells in components/task-cells.tsx, LadderLevel in
 *     ladder.tsx and labels.ts for the Chinese labels);
 *   - a form → a BoardSection (see pages/task/request-form.tsx for the accessible form pattern:
 *     ActionForm, the fields of components/fields.tsx, useAction; pages/task/issue-notice.tsx
 *     issues a supervision notice by hand);
 *   - exports → a BoardExport { label, path, fileName }: the button downloads path (an API GET
 *     that streams a file) with the session's token, refreshing it once on 401, and saves it
 *     under the server's file name (fileName when the server gives none).
 *
 * The board passes each section the filters the user chose at the top (plan, department, sources,
 * region), so the lists follow the same filters: `listQuery(filters)` is a task list's query.
 */
import type { JSX } from 'preact';
import { get } from './api';
import { sourceParam } from './components/source-filter';
import {
  LadderCell,
  LastReportCell,
  RegionCell,
  SourceCell,
  TaskTextCell,
} from './components/task-cells';
import { rowTone } from './ladder';
import type { AssessmentRow, DepartmentStats, Role, SupervisionTask, WorkSource } from './types';
import { ErrorBox, Loading, useLoad } from './ui';
import { WorkItemsBoard } from './pages/work-items/work-board';

export interface BoardFilters {
  planId: string;
  departmentId: string;
  /** The sources chosen (none: every source). */
  sources: WorkSource[];
  /** A region of the office's subtree ('' = the board's own levels). */
  regionId: string;
}

export interface BoardSection {
  id: string;
  title: string;
  roles: Role[];
  render: (filters: BoardFilters) => JSX.Element;
}

export interface BoardExport {
  label: string;
  roles: Role[];
  /** API path under /api/v1, given the board's filters. */
  path: (filters: BoardFilters) => string;
  fileName: string;
}

/** `?a=1&b=2` of the non-empty values, or nothing. */
export function query(values: Record<string, string>): string {
  const p = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
  return p.toString() ? `?${p}` : '';
}

/** The query of a task list under the board's filters (plan, department, sources, region). */
export const listQuery = (f: BoardFilters): string =>
  query({
    planId: f.planId,
    departmentId: f.departmentId,
    source: sourceParam(f.sources),
    regionId: f.regionId,
  });

/** The filters' key, for reloading when one changes. */
export const filterKey = (f: BoardFilters): string => listQuery(f);

/** Tasks not yet due whose reported progress lags expected progress (序时进度), furthest behind first. */
export function LaggingList({ filters }: { filters: BoardFilters }) {
  const list = useLoad(
    () => get<SupervisionTask[]>(`/supervision/lagging${listQuery(filters)}`),
    [filterKey(filters)],
  );
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading what="进度滞后任务" />;
  if (list.data.length === 0) return <p class="muted">没有进度滞后的任务。</p>;
  return (
    <div class="table-wrap">
      <table class="stack">
        <caption class="sr-only">进度滞后任务,按落后序时进度的幅度排列</caption>
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">来源</th>
            <th scope="col">地区</th>
            <th scope="col">任务</th>
            <th scope="col">完成时限</th>
            <th scope="col">报告进度</th>
            <th scope="col">序时进度</th>
            <th scope="col">牵头单位</th>
            <th scope="col">督办层级</th>
            <th scope="col">最近进展</th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((r) => (
            <tr key={r.taskId} class={rowTone(r.card)}>
              <td data-label="编号">{r.no}</td>
              <SourceCell row={r} />
              <RegionCell row={r} />
              <TaskTextCell row={r} />
              <td data-label="完成时限">
                {r.dueOn ?? '持续推进'}
                {r.workingDaysLeft !== null && `(还剩 ${r.workingDaysLeft} 个工作日)`}
              </td>
              <td data-label="报告进度">{r.percent}%</td>
              <td data-label="序时进度">
                {r.expectedPercent === null ? '—' : `${r.expectedPercent}%`}
              </td>
              <td data-label="牵头单位">{r.leadDepartments.join('、')}</td>
              <LadderCell row={r} none="未警示" />
              <LastReportCell row={r} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

/**
 * Each department's tasks (lead or supporting), the on-time rate and this year's assessment score
 * and rank; by rank, then name. The department filter narrows it to that department's row.
 */
export function DepartmentTable({ filters }: { filters: BoardFilters }) {
  const source = sourceParam(filters.sources);
  const stats = useLoad(
    () =>
      get<DepartmentStats[]>(
        `/supervision/stats${query({ groupBy: 'department', planId: filters.planId, source, regionId: filters.regionId })}`,
      ),
    [filters.planId, source, filters.regionId],
  );
  const scores = useLoad(
    () =>
      get<AssessmentRow[]>(`/supervision/assessment${query({ planId: filters.planId, source })}`),
    [filters.planId, source],
  );
  if (stats.error || scores.error) return <ErrorBox error={stats.error ?? scores.error} />;
  if (!stats.data || !scores.data) return <Loading what="各单位统计" />;
  const byId = new Map(scores.data.map((a) => [a.departmentId, a]));
  const rows = stats.data
    .filter((d) => !filters.departmentId || d.id === filters.departmentId)
    .map((d) => ({ ...d, score: byId.get(d.id) }))
    .sort(
      (a, b) =>
        (a.score?.rank ?? Infinity) - (b.score?.rank ?? Infinity) ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
  if (rows.length === 0) return <p class="muted">没有单位的统计。</p>;
  return (
    <div class="table-wrap">
      <table class="stack">
        <caption class="sr-only">
          各单位承担任务数、按期办结率与本年度考核得分、排名(按排名排列)
        </caption>
        <thead>
          <tr>
            <th scope="col">单位</th>
            <th scope="col">任务</th>
            <th scope="col">在办</th>
            <th scope="col">已办结</th>
            <th scope="col">逾期</th>
            <th scope="col">按期办结率</th>
            <th scope="col">考核得分</th>
            <th scope="col">排名</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <th scope="row" data-label="单位">
                {d.name}
              </th>
              <td data-label="任务">{d.total}</td>
              <td data-label="在办">{d.open}</td>
              <td data-label="已办结">{d.closed}</td>
              <td data-label="逾期">{d.overdue}</td>
              <td data-label="按期办结率">{percent(d.onTimeRate)}</td>
              <td data-label="考核得分">{d.score ? d.score.score : '—'}</td>
              <td data-label="排名">{d.score ? `第 ${d.score.rank} 名` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">
        考核得分按本年 1 月 1 日至今计:100
        分减去牵头、配合任务逾期和未回应督办通知的扣分(扣分规则见方案策略)。
      </p>
    </div>
  );
}

/** Each source's tasks under the board's filters: open, closed, overdue and the on-time rate. */
export function SourceTable({ filters }: { filters: BoardFilters }) {
  const q = query({
    groupBy: 'source',
    planId: filters.planId,
    source: sourceParam(filters.sources),
    regionId: filters.regionId,
  });
  const stats = useLoad(() => get<DepartmentStats[]>(`/supervision/stats${q}`), [q]);
  if (stats.error) return <ErrorBox error={stats.error} />;
  if (!stats.data) return <Loading what="各来源统计" />;
  if (stats.data.length === 0) return <p class="muted">没有任务。</p>;
  return (
    <div class="table-wrap">
      <table class="stack">
        <caption class="sr-only">各来源的任务数、在办、已办结、逾期与按期办结率</caption>
        <thead>
          <tr>
            <th scope="col">来源</th>
            <th scope="col">任务</th>
            <th scope="col">在办</th>
            <th scope="col">已办结</th>
            <th scope="col">逾期</th>
            <th scope="col">按期办结率</th>
          </tr>
        </thead>
        <tbody>
          {stats.data.map((r) => (
            <tr key={r.id}>
              <th scope="row" data-label="来源">
                {r.name}
              </th>
              <td data-label="任务">{r.total}</td>
              <td data-label="在办">{r.open}</td>
              <td data-label="已办结">{r.closed}</td>
              <td data-label="逾期">{r.overdue}</td>
              <td data-label="按期办结率">{percent(r.onTimeRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const OFFICE: Role[] = ['SUPERVISOR', 'ADMIN', 'LEADER'];

/** Sections after the built-in ones, in this order. */
export const BOARD_SECTIONS: BoardSection[] = [
  {
    id: 'lagging',
    title: '进度滞后任务',
    roles: OFFICE,
    render: (f) => <LaggingList filters={f} />,
  },
  {
    id: 'by-source',
    title: '各来源办理情况',
    roles: OFFICE,
    render: (f) => <SourceTable filters={f} />,
  },
  {
    id: 'dept-scores',
    title: '各单位办理情况与考核',
    roles: OFFICE,
    render: (f) => <DepartmentTable filters={f} />,
  },
  {
    id: 'work-items',
    title: '批示件、会议议定事项等督办事项',
    roles: ['SUPERVISOR', 'ADMIN'],
    render: () => <WorkItemsBoard />,
  },
];

/** Server-side exports: the ledger follows the plan, department and source filters, the bulletin the plan and sources. */
export const BOARD_EXPORTS: BoardExport[] = [
  {
    label: '督查台账(Excel)',
    roles: OFFICE,
    path: (f) =>
      `/supervision/ledger${query({ format: 'xlsx', planId: f.planId, departmentId: f.departmentId, source: sourceParam(f.sources) })}`,
    fileName: '督查台账.xlsx',
  },
  {
    label: '督查台账(CSV)',
    roles: OFFICE,
    path: (f) =>
      `/supervision/ledger${query({ format: 'csv', planId: f.planId, departmentId: f.departmentId, source: sourceParam(f.sources) })}`,
    fileName: '督查台账.csv',
  },
  {
    label: '通报草稿(本年至今,Markdown)',
    roles: OFFICE,
    path: (f) =>
      `/supervision/bulletin${query({ format: 'markdown', planId: f.planId, source: sourceParam(f.sources) })}`,
    fileName: '通报草稿.md',
  },
  {
    // The official layout (公文格式), its number left blank until it is issued.
    label: '下载通报(.docx)',
    roles: OFFICE,
    path: (f) => `/supervision/bulletin.docx${query({ planId: f.planId })}`,
    fileName: '督查通报(草稿).docx',
  },
];
