import { useState } from 'preact/hooks';
import { currentUser, download, get, saveBlob } from '../api';
import {
  BOARD_EXPORTS,
  BOARD_SECTIONS,
  filterKey,
  listQuery,
  query,
  type BoardFilters,
} from '../board-extensions';
import { toCsv } from '../csv';
import { rowTone } from '../ladder';
import { LEVEL, WORK_SOURCE, fmtDateTime } from '../labels';
import type { Department, OverdueByDepartment, OverdueTask, PlanSummary, Region } from '../types';
import { ErrorBox, Loading, PageTitle, useAction, useLoad } from '../ui';
import { AckBanner } from '../components/ack-banner';
import { SelectField } from '../components/fields';
import { DepartmentOptions, PlanOptions } from '../components/options';
import { SourceChips, sourceParam } from '../components/source-filter';
import {
  LadderCell,
  LastReportCell,
  RegionCell,
  SourceCell,
  TaskTextCell,
} from '../components/task-cells';

/** The supervision office's board: overdue tasks on the ladder, counts by department, exports. */
export function Board() {
  const user = currentUser()!;
  const [filters, setFilters] = useState<BoardFilters>({
    planId: '',
    departmentId: '',
    sources: [],
    regionId: '',
  });
  const plans = useLoad(() => get<PlanSummary[]>('/plans'));
  const depts = useLoad(() => get<Department[]>('/departments'));
  const regions = useLoad(() => get<Region[]>('/regions'));
  const overdue = useLoad(
    () => get<OverdueTask[]>(`/supervision/overdue${listQuery(filters)}`),
    [filterKey(filters)],
  );
  const countsQuery = query({
    planId: filters.planId,
    source: sourceParam(filters.sources),
    regionId: filters.regionId,
  });
  const byDept = useLoad(
    () => get<OverdueByDepartment[]>(`/supervision/overdue/by-department${countsQuery}`),
    [countsQuery],
  );
  const exporter = useAction(async (path: string, name: string) => download(path, name));
  const rows = overdue.data ?? [];
  const red = rows.filter((r) => r.card === 'RED').length;
  const yellow = rows.filter((r) => r.card === 'YELLOW').length;

  const exportOverdue = () =>
    saveBlob(
      toCsv(
        [
          '编号',
          '来源',
          '文号',
          '地区',
          '任务',
          '完成时限',
          '逾期工作日',
          '牵头单位',
          '督办层级',
          '警示',
          '督办单号',
          '最近进展',
          '报送时间',
        ],
        rows.map((r) => [
          r.no,
          WORK_SOURCE[r.source],
          r.planDocumentNumber ?? r.planTitle,
          r.regionName ?? '本级',
          r.text,
          r.dueOn,
          r.workingDaysOverdue,
          r.leadDepartments.join('、'),
          r.escalationLevel ? LEVEL[r.escalationLevel] : '',
          r.card === 'RED' ? '红牌' : r.card === 'YELLOW' ? '黄牌' : '',
          r.noticeNo,
          r.lastReport ? `${r.lastReport.percent}% ${r.lastReport.narrative}` : '',
          r.lastReport ? fmtDateTime(r.lastReport.at) : '',
        ]),
      ),
      '逾期任务.csv',
    );

  return (
    <>
      <PageTitle>督办看板</PageTitle>
      <AckBanner />
      <form class="filters-form" onSubmit={(e) => e.preventDefault()} aria-label="筛选">
        <SelectField
          id="f-plan"
          label="方案"
          value={filters.planId}
          onValue={(planId) => setFilters({ ...filters, planId })}
        >
          <option value="">全部方案</option>
          <PlanOptions plans={plans.data ?? []} />
        </SelectField>
        <SelectField
          id="f-dept"
          label="单位"
          value={filters.departmentId}
          onValue={(departmentId) => setFilters({ ...filters, departmentId })}
        >
          <option value="">全部单位</option>
          <DepartmentOptions departments={depts.data ?? []} />
        </SelectField>
        {(regions.data ?? []).length > 0 && (
          <SelectField
            id="f-region"
            label="地区(含下级)"
            value={filters.regionId}
            onValue={(regionId) => setFilters({ ...filters, regionId })}
          >
            <option value="">本级看板</option>
            {(regions.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </SelectField>
        )}
      </form>
      <SourceChips
        value={filters.sources}
        onValue={(sources) => setFilters({ ...filters, sources })}
      />

      <ul class="stats" aria-label="概况">
        <li>
          <strong>{rows.length}</strong> 项逾期
        </li>
        <li class="yellow">
          <strong>{yellow}</strong> 张黄牌(已发督办单)
        </li>
        <li class="red">
          <strong>{red}</strong> 张红牌
        </li>
      </ul>

      <section aria-labelledby="overdue-h">
        <div class="section-head">
          <h2 id="overdue-h">逾期任务</h2>
          <button
            type="button"
            class="secondary small"
            disabled={rows.length === 0}
            onClick={exportOverdue}
          >
            导出本表(CSV)
          </button>
        </div>
        <ErrorBox error={overdue.error} />
        {overdue.loading && !overdue.data ? (
          <Loading what="逾期任务" />
        ) : (
          <OverdueTable rows={rows} />
        )}
      </section>

      <section aria-labelledby="dept-h">
        <h2 id="dept-h">各单位逾期情况</h2>
        <ErrorBox error={byDept.error} />
        {byDept.data && (
          <div class="table-wrap">
            <table class="stack">
              <caption class="sr-only">各单位牵头和配合的逾期任务数</caption>
              <thead>
                <tr>
                  <th scope="col">单位</th>
                  <th scope="col">牵头逾期</th>
                  <th scope="col">配合逾期</th>
                  <th scope="col">合计</th>
                </tr>
              </thead>
              <tbody>
                {byDept.data.map((d) => (
                  <tr key={d.departmentId}>
                    <th scope="row" data-label="单位">
                      {d.departmentName}
                    </th>
                    <td data-label="牵头逾期">{d.overdueLead}</td>
                    <td data-label="配合逾期">{d.overdueSupport}</td>
                    <td data-label="合计">{d.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {BOARD_SECTIONS.filter((s) => s.roles.includes(user.role)).map((s) => (
        <section key={s.id} aria-labelledby={`${s.id}-h`}>
          <h2 id={`${s.id}-h`}>{s.title}</h2>
          {s.render(filters)}
        </section>
      ))}

      {BOARD_EXPORTS.some((x) => x.roles.includes(user.role)) && (
        <section aria-labelledby="exp-h">
          <h2 id="exp-h">导出</h2>
          <ErrorBox error={exporter.error} />
          <div class="toolbar">
            {BOARD_EXPORTS.filter((x) => x.roles.includes(user.role)).map((x) => (
              <button
                key={x.label}
                type="button"
                class="secondary"
                disabled={exporter.busy}
                onClick={() => void exporter.run(x.path(filters), x.fileName)}
              >
                {x.label}
              </button>
            ))}
          </div>
        </section>
      )}
    </>
  );
}

export function OverdueTable({ rows }: { rows: OverdueTask[] }) {
  if (rows.length === 0) return <p class="muted">没有逾期任务。</p>;
  return (
    <div class="table-wrap">
      <table class="stack">
        <caption class="sr-only">逾期任务,按逾期天数排列</caption>
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">来源</th>
            <th scope="col">地区</th>
            <th scope="col">任务</th>
            <th scope="col">完成时限</th>
            <th scope="col">逾期</th>
            <th scope="col">牵头单位</th>
            <th scope="col">督办层级</th>
            <th scope="col">最近进展</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.taskId} class={rowTone(r.card)}>
              <td data-label="编号">{r.no}</td>
              <SourceCell row={r} />
              <RegionCell row={r} />
              <TaskTextCell row={r} />
              <td data-label="完成时限">{r.dueOn}</td>
              <td data-label="逾期">{r.workingDaysOverdue} 个工作日</td>
              <td data-label="牵头单位">{r.leadDepartments.join('、')}</td>
              <LadderCell row={r} />
              <LastReportCell row={r} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
