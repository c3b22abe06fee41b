import { download, get } from '../../api';
import { fmtDateTime } from '../../labels';
import type { TaskNotices } from '../../types';
import { ErrorBox, useAction, useLoad } from '../../ui';

const ROLE = { LEAD: '牵头', SUPPORT: '配合' } as const;

/**
 * The task's numbered notices, each downloadable as the official .docx: the 交办通知 of every
 * department the reader may see (a department sees its own), and the 督办单 once issued.
 */
export function Notices({ taskId }: { taskId: string }) {
  const notices = useLoad(() => get<TaskNotices>(`/tasks/${taskId}/notices`), [taskId]);
  const saver = useAction(async (path: string, name: string) => download(path, name));
  const n = notices.data;
  if (notices.error) return <ErrorBox error={notices.error} />;
  if (!n || (n.assignmentNotices.length === 0 && n.supervisionNotices.length === 0)) return null;
  return (
    <section aria-labelledby="notices-h" class="panel">
      <h2 id="notices-h">交办通知与督办单</h2>
      <ErrorBox error={saver.error} />
      <ul class="plain">
        {n.assignmentNotices.map((a) => (
          <li key={a.id}>
            交办通知 {a.number}({a.departmentName},{ROLE[a.role]},{fmtDateTime(a.issuedAt)}){' '}
            <button
              type="button"
              class="link"
              disabled={saver.busy}
              onClick={() => void saver.run(a.documentPath, `交办通知-${a.number}.docx`)}
            >
              下载 .docx<span class="sr-only">:交办通知 {a.number}</span>
            </button>
          </li>
        ))}
        {n.supervisionNotices.slice(0, 1).map((s) => (
          <li key={s.escalationId}>
            督办单 {s.number}(完成时限 {s.dueOn},{fmtDateTime(s.issuedAt)}){' '}
            <button
              type="button"
              class="link"
              disabled={saver.busy}
              onClick={() => void saver.run(s.documentPath, `督办单-${s.number}.docx`)}
            >
              下载 .docx<span class="sr-only">:督办单 {s.number}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
