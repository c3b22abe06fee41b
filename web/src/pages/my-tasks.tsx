import { useState } from 'preact/hooks';
import { get } from '../api';
import { SourceChips, sourceParam } from '../components/source-filter';
import {
  ASSIGNMENT_ROLE,
  TASK_STATUS,
  dueText,
  fmtDateTime,
  needsAction,
  originText,
  tone,
} from '../labels';
import type { MyTask, WorkSource } from '../types';
import { Badge, ErrorBox, Loading, PageTitle, useLoad } from '../ui';

export function MyTasks() {
  const [role, setRole] = useState<'' | 'LEAD' | 'SUPPORT'>('');
  const [sources, setSources] = useState<WorkSource[]>([]);
  const params = new URLSearchParams(
    Object.entries({ role, source: sourceParam(sources) }).filter(([, v]) => v),
  ).toString();
  const { data, error, loading } = useLoad(
    () => get<MyTask[]>(`/me/tasks${params ? `?${params}` : ''}`),
    [params],
  );
  const tasks = data ?? [];
  const urgent = tasks.filter((t) => needsAction(t));
  return (
    <>
      <PageTitle>我的任务</PageTitle>
      <ErrorBox error={error} />
      <div class="filters" role="group" aria-label="按承担方式筛选">
        {(['', 'LEAD', 'SUPPORT'] as const).map((r) => (
          <button
            key={r}
            type="button"
            class={role === r ? 'chip active' : 'chip'}
            aria-pressed={role === r}
            onClick={() => setRole(r)}
          >
            {r ? `${ASSIGNMENT_ROLE[r]}任务` : '全部'}
          </button>
        ))}
      </div>
      <SourceChips value={sources} onValue={setSources} />
      {loading && !data ? (
        <Loading what="任务" />
      ) : (
        <>
          <section aria-labelledby="week">
            <h2 id="week">本周需要办理({urgent.length})</h2>
            {urgent.length === 0 ? (
              <p class="muted">本周没有到期或逾期的任务。</p>
            ) : (
              <ul class="cards">
                {urgent.map((t) => (
                  <TaskCard key={t.id} t={t} action={needsAction(t)!} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="all">
            <h2 id="all">全部任务({tasks.length})</h2>
            <ul class="cards">
              {tasks.map((t) => (
                <TaskCard key={t.id} t={t} />
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}

function TaskCard({ t, action }: { t: MyTask; action?: string }) {
  return (
    <li class={`card ${tone(t)}`}>
      <a class="card-title" href={`#/tasks/${t.id}`}>
        第 {t.no} 项 · {t.text.length > 60 ? `${t.text.slice(0, 60)}…` : t.text}
      </a>
      <div class="meta">
        <Badge tone={t.source === 'PLAN' ? 'grey' : 'blue'}>{originText(t)}</Badge>
        <Badge tone={t.role === 'LEAD' ? 'blue' : 'grey'}>{ASSIGNMENT_ROLE[t.role]}</Badge>
        <Badge tone={tone(t)}>{TASK_STATUS[t.status]}</Badge>
        <span>时限:{dueText(t)}</span>
        <span>进度 {t.percent}%</span>
        <span>上次报送:{fmtDateTime(t.lastReportAt)}</span>
      </div>
      {action && <p class="action">{action}</p>}
    </li>
  );
}
