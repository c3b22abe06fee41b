import { get } from '../../api';
import { fmtDateTime } from '../../labels';
import type { AuditEvent } from '../../types';
import { ErrorBox, useLoad } from '../../ui';

/** What the audit trail's actions are called on the task page; others show their code. */
const ACTION: Record<string, string> = {
  'progress.reported': '报送进展',
  'report.entered_on_behalf': '报送进展(由督查室代为录入)',
  'request.closure_requested': '申请办结',
  'review.approved': '审核同意,转下一环节',
  'request.approved': '同意',
  'request.rejected': '退回',
  'task.status_changed': '状态变更',
  'task.deadline_extended': '延长时限',
  'assignment.sub_deadline_set': '设定配合时限',
  'escalation.lagging': '进度滞后预警',
  'escalation.supervision.manual': '下发督办单',
  'access.denied': '越权访问被拒绝',
};

/** Who acted: "张三", or "张三(代李四)" for a deputy (委托). */
function actorOf(e: AuditEvent): string {
  const name = e.actor?.name ?? '系统';
  const actingFor = (e.data as { actingFor?: unknown } | null)?.actingFor;
  return typeof actingFor === 'string' ? `${name}(代${actingFor})` : name;
}

/** The task's audit trail (the office sees it): when, who, what. */
export function History({ id }: { id: string }) {
  const { data, error } = useLoad(() => get<AuditEvent[]>(`/tasks/${id}/history`), [id]);
  return (
    <section aria-labelledby="hist">
      <h2 id="hist">办理记录</h2>
      <ErrorBox error={error} />
      {data && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作人</th>
                <th scope="col">事项</th>
              </tr>
            </thead>
            <tbody>
              {data.map((e) => (
                <tr key={e.id}>
                  <td>{fmtDateTime(e.at)}</td>
                  <td>{actorOf(e)}</td>
                  <td>{ACTION[e.action] ?? e.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
