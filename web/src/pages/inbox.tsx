import { useState } from 'preact/hooks';
import { download, get, post } from '../api';
import { fmtDateTime } from '../labels';
import type { InboxMessage } from '../types';
import { Badge, ErrorBox, Loading, PageTitle, StatusMessage, useAction, useLoad } from '../ui';

export function Inbox() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const { data, error, loading, reload } = useLoad(
    () => get<InboxMessage[]>(`/me/inbox?limit=100${unreadOnly ? '&unread=true' : ''}`),
    [unreadOnly],
  );
  const readAll = useAction(async () => {
    const r = await post<{ count: number }>('/me/inbox/read-all');
    setNotice(`已将 ${r.count} 条消息标为已读。`);
    dispatchEvent(new Event('duban:inbox'));
    reload();
  });
  const [readNow, setReadNow] = useState<Set<string>>(new Set());
  const isRead = (m: InboxMessage) => Boolean(m.readAt) || readNow.has(m.id);
  const toggle = async (m: InboxMessage) => {
    setOpen(open === m.id ? null : m.id);
    if (!isRead(m)) {
      await post(`/me/inbox/${m.id}/read`).catch(() => undefined);
      setReadNow((prev) => new Set(prev).add(m.id));
      dispatchEvent(new Event('duban:inbox'));
    }
  };
  const unread = (data ?? []).filter((m) => !isRead(m)).length;
  const saver = useAction(async (path: string) => download(path, '通知.docx'));
  return (
    <>
      <PageTitle>消息</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <ErrorBox error={error ?? readAll.error ?? saver.error} />
      <div class="toolbar">
        <label class="check">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => setUnreadOnly(e.currentTarget.checked)}
          />{' '}
          只看未读
        </label>
        <button
          type="button"
          class="secondary"
          disabled={readAll.busy || unread === 0}
          onClick={() => void readAll.run()}
        >
          全部标为已读
        </button>
      </div>
      {loading && !data ? (
        <Loading what="消息" />
      ) : (data ?? []).length === 0 ? (
        <p class="muted">没有消息。</p>
      ) : (
        <ul class="cards">
          {data!.map((m) => (
            <li key={m.id} class={`card${isRead(m) ? '' : ' unread'}`}>
              <button
                type="button"
                class="card-title link"
                aria-expanded={open === m.id}
                aria-controls={`msg-${m.id}`}
                onClick={() => void toggle(m)}
              >
                {!isRead(m) && <span class="sr-only">未读:</span>}
                {m.subject}
              </button>
              <div class="meta">
                {m.urgent && <Badge tone="red">紧急</Badge>}
                {!isRead(m) && <Badge tone="blue">未读</Badge>}
                <span>{fmtDateTime(m.createdAt)}</span>
                {m.taskId && <a href={`#/tasks/${m.taskId}`}>查看任务</a>}
                {m.documentPath && (
                  <button
                    type="button"
                    class="link"
                    disabled={saver.busy}
                    onClick={() => void saver.run(m.documentPath!)}
                  >
                    下载文件(.docx)
                  </button>
                )}
              </div>
              {open === m.id && (
                <pre class="message-body" id={`msg-${m.id}`}>
                  {m.body}
                </pre>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
