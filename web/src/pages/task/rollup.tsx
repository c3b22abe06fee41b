import { get } from '../../api';
import { CHILD_STATE, CHILD_STATE_TONE, fmtDateTime } from '../../labels';
import type { ChildState, TaskRollup } from '../../types';
import { Badge, ErrorBox, useLoad } from '../../ui';

const STATE_ORDER = Object.keys(CHILD_STATE) as ChildState[];

/** The regions' tasks below this one (a cascaded plan), worst first; each links to its own page. */
export function Rollup({ taskId }: { taskId: string }) {
  const roll = useLoad(() => get<TaskRollup>(`/tasks/${taskId}/rollup?limit=200`), [taskId]);
  if (roll.error) return <ErrorBox error={roll.error} />;
  const r = roll.data;
  if (!r || r.counts.total === 0) return null;
  return (
    <section aria-labelledby="rollup-h">
      <h2 id="rollup-h">下级地区办理情况</h2>
      <ul class="tags" aria-label="按状态统计">
        <li>共 {r.counts.total} 个地区</li>
        {STATE_ORDER.filter((s) => r.counts[s] > 0).map((s) => (
          <li key={s}>
            {CHILD_STATE[s]} {r.counts[s]}
          </li>
        ))}
      </ul>
      <ul class="cards">
        {r.children.map((c) => (
          <li key={c.taskId} class={`card ${CHILD_STATE_TONE[c.state]}`}>
            <h3 class="card-title">
              <a href={`#/tasks/${c.taskId}`}>
                {c.regionName ?? '下级地区'} 第 {c.no} 项
              </a>{' '}
              <Badge tone={CHILD_STATE_TONE[c.state]}>{CHILD_STATE[c.state]}</Badge>
            </h3>
            <p>
              时限 {c.dueOn ?? '持续推进'} · 进度 {c.percent}% · 牵头{' '}
              {c.leadDepartments.join('、') || '—'}
            </p>
            <p class="muted">
              最近报送 {fmtDateTime(c.lastReportAt)}
              {c.childCount > 0 ? ` · 再下级 ${c.childCount} 个地区` : ''}
            </p>
          </li>
        ))}
      </ul>
      {r.children.length < r.counts.total && (
        <p class="muted">仅列出最需关注的 {r.children.length} 个地区。</p>
      )}
    </section>
  );
}
