import { download, get } from '../../api';
import { useAction, useLoad, ErrorBox } from '../../ui';
import { SOURCE, type TaskSource as Source } from './work-types';

/**
 * Where the task comes from (a leader's instruction, a meeting, a matter from above, a proposal),
 * with the instruction's document to download; nothing for an item of a plan.
 */
export function TaskSource({ taskId }: { taskId: string }) {
  const source = useLoad(() => get<Source>(`/tasks/${taskId}/source`), [taskId]);
  const fetchDocument = useAction(() =>
    download(`/tasks/${taskId}/source-document`, source.data?.document?.fileName ?? '批示原件'),
  );
  const s = source.data;
  if (!s || s.source === 'PLAN') return null;
  return (
    <section aria-labelledby="source-h">
      <h2 id="source-h">来源</h2>
      <dl class="facts">
        <dt>来源</dt>
        <dd>{SOURCE[s.source]}</dd>
        <dt>{s.source === 'MEETING' ? '会议' : '标题'}</dt>
        <dd>{s.title}</dd>
        {s.documentNumber && (
          <>
            <dt>文号</dt>
            <dd>{s.documentNumber}</dd>
          </>
        )}
        {s.issuedOn && (
          <>
            <dt>日期</dt>
            <dd>{s.issuedOn}</dd>
          </>
        )}
        {s.leaderName && (
          <>
            <dt>批示领导</dt>
            <dd>{s.leaderName}</dd>
          </>
        )}
      </dl>
      {s.document && (
        <p>
          <button
            type="button"
            class="secondary small"
            disabled={fetchDocument.busy}
            onClick={() => void fetchDocument.run()}
          >
            下载批示原件({s.document.fileName})
          </button>
        </p>
      )}
      <ErrorBox error={fetchDocument.error} />
    </section>
  );
}
