import { useState } from 'preact/hooks';
import { currentUser, get } from '../../api';
import { TASK_STATUS, tone } from '../../labels';
import type { TaskDetail, TaskRequest } from '../../types';
import { Badge, ErrorBox, Loading, PageTitle, StatusMessage, useLoad } from '../../ui';
import { AckActions } from '../../components/ack-actions';
import { History } from './history';
import { IssueNotice } from './issue-notice';
import { Notices } from './notices';
import { OnBehalfForm } from './on-behalf-form';
import { ReportForm } from './report-form';
import { ReportTimeline } from './report-timeline';
import { RequestForms } from './request-forms';
import { RequestList } from './request-list';
import { Rollup } from './rollup';
import { TaskSource } from '../work-items/task-source';
import { TaskFacts } from './task-facts';

const OPEN = new Set(['ASSIGNED', 'IN_PROGRESS']);

/**
 * A task: its facts, then what the reader may do with it (the office: a supervision notice and the
 * regions below; the assigned department: reports and requests), its requests, reports, history.
 */
export function TaskPage({ id }: { id: string }) {
  const user = currentUser()!;
  const [notice, setNotice] = useState('');
  const task = useLoad(() => get<TaskDetail>(`/tasks/${id}`), [id]);
  const requests = useLoad(() => get<TaskRequest[]>(`/tasks/${id}/requests`), [id]);
  const office = user.role === 'SUPERVISOR' || user.role === 'ADMIN';
  const reload = (msg: string) => {
    setNotice(msg);
    task.reload();
    requests.reload();
  };
  if (task.error) {
    return (
      <>
        <PageTitle>任务详情</PageTitle>
        <ErrorBox error={task.error} />
      </>
    );
  }
  const t = task.data;
  if (!t) return <Loading what="任务" />;
  const mine = t.assignments.find((a) => a.departmentId === user.department?.id);
  const pending = (requests.data ?? []).some((r) => r.status === 'PENDING');
  return (
    <>
      <p class="crumbs">
        <a href={office || user.role === 'LEADER' ? '#/board' : '#/tasks'}>← 返回</a>
      </p>
      <PageTitle>
        第 {t.no} 项任务 <Badge tone={tone(t)}>{TASK_STATUS[t.status]}</Badge>
      </PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <TaskFacts t={t} />
      <TaskSource taskId={t.id} />
      {office && OPEN.has(t.status) && (
        <p>
          <a href={`#/tasks/${t.id}/edit`}>编辑事项(内容、承办单位、时限)</a>
        </p>
      )}
      <Notices taskId={t.id} />

      {office && <IssueNotice t={t} onDone={reload} />}
      {office && OPEN.has(t.status) && <OnBehalfForm t={t} onDone={reload} />}
      {(office || user.role === 'LEADER') && <Rollup taskId={t.id} />}

      {mine && mine.ackState === 'PENDING' && OPEN.has(t.status) && (
        <section class="panel" aria-labelledby="ack">
          <h2 id="ack">签收</h2>
          <p class="muted">
            本部门尚未签收该任务{mine.ackDueOn ? `,签收时限 ${mine.ackDueOn}` : ''}
            。报送进展也视为签收。
          </p>
          <AckActions taskId={t.id} label={`第 ${t.no} 项`} onDone={reload} />
        </section>
      )}
      {mine && OPEN.has(t.status) && (
        <ReportForm
          taskId={t.id}
          version={mine.reportVersion}
          percent={mine.percent}
          onDone={reload}
        />
      )}
      {mine && OPEN.has(t.status) && !pending && (
        <RequestForms t={t} lead={mine.role === 'LEAD'} onDone={reload} />
      )}

      <RequestList requests={requests.data} error={requests.error} />
      <ReportTimeline reports={t.reports} />
      {office && <History id={t.id} />}
    </>
  );
}
