import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { get } from '../api';
import { AckActions } from '../components/ack-actions';
import { SourceChips, sourceParam } from '../components/source-filter';
import {
  ACK_STATE,
  ASSIGNMENT_ROLE,
  TASK_STATUS,
  dueText,
  fmtDateTime,
  needsAction,
  originText,
  tone,
} from '../labels';
import type { MyTask, WorkSource } from '../types';
import { Badge, ErrorBox, Loading, PageTitle, StatusMessage, useLoad } from '../ui';

/** Statuses in which new work still waits for its 签收. */
const OPEN = new Set(['ASSIGNED', 'IN_PROGRESS', 'DISPUTED']);

export function MyTasks() {
  const [role, setRole] = useState<'' | 'LEAD' | 'SUPPORT'>('');
  const [sources, setSources] = useState<WorkSource[]>([]);
  const [notice, setNotice] = useState('');
  const params = new URLSearchParams(
    Object.entries({ role, source: sourceParam(sources) }).filter(([, v]) => v),
  ).toString();
  const { data, error, loading, reload } = useLoad(
    () => get<MyTask[]>(`/me/tasks${params ? `?${params}` : ''}`),
    [params],
  );
  const tasks = data ?? [];
  const urgent = tasks.filter((t) => needsAction(t));
  // New work first: what the department has not yet acknowledged (签收) or returned (退回).
  const toAcknowledge = tasks.filter((t) => t.ackState === 'PENDING' && OPEN.has(t.status));
  const returned = tasks.filter((t) => t.ackState === 'RETURNED');
  const done = (message: string) => {
    setNotice(message);
    reload();
  };
  return (
    <>
      <PageTitle>我的任务</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
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
          {toAcknowledge.length + returned.length > 0 && (
            <section aria-labelledby="to-ack">
              <h2 id="to-ack">待签收({toAcknowledge.length})</h2>
              <p class="muted">
                新交办的任务请在签收时限内签收;不属于本部门职责的,请在时限内退回并说明理由。
              </p>
              <ul class="cards">
                {toAcknowledge.map((t) => (
                  <TaskCard key={t.id} t={t}>
                    <AckActions taskId={t.id} label={`第 ${t.no} 项`} onDone={done} />
                  </TaskCard>
                ))}
                {returned.map((t) => (
                  <TaskCard key={t.id} t={t}>
                    <p class="action">已退回,等待督查室处理。退回理由:{t.returnReason}</p>
                  </TaskCard>
                ))}
              </ul>
            </section>
          )}
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

function TaskCard({
  t,
  action,
  children,
}: {
  t: MyTask;
  action?: string;
  children?: ComponentChildren;
}) {
  return (
    <li class={`card ${tone(t)}`}>
      <a class="card-title" href={`#/tasks/${t.id}`}>
        第 {t.no} 项 · {t.text.length > 60 ? `${t.text.slice(0, 60)}…` : t.text}
      </a>
      <div class="meta">
        <Badge tone={t.source === 'PLAN' ? 'grey' : 'blue'}>{originText(t)}</Badge>
        <Badge tone={t.role === 'LEAD' ? 'blue' : 'grey'}>{ASSIGNMENT_ROLE[t.role]}</Badge>
        <Badge tone={tone(t)}>{TASK_STATUS[t.status]}</Badge>
        {t.ackState !== 'ACKNOWLEDGED' && (
          <Badge tone={t.ackState === 'RETURNED' ? 'red' : 'yellow'}>{ACK_STATE[t.ackState]}</Badge>
        )}
        {t.ackState === 'PENDING' && t.ackDueOn && <span>签收时限:{t.ackDueOn}</span>}
        <span>时限:{dueText(t)}</span>
        <span>进度 {t.percent}%</span>
        <span>上次报送:{fmtDateTime(t.lastReportAt)}</span>
      </div>
      {action && <p class="action">{action}</p>}
      {children}
    </li>
  );
}
