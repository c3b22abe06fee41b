import { useState } from 'preact/hooks';
import { post } from '../api';
import type { QueueBoardSession } from '../types';

/**
 * The administrator's way to the queue board (/admin/queues, served by the API beside the web
 * interface): a navigation carries no access token, so the API first sets a short-lived cookie
 * for the board's path, then the page goes there.
 */
export function QueueBoardLink() {
  const [error, setError] = useState('');
  const open = async () => {
    setError('');
    try {
      const session = await post<QueueBoardSession>('/admin/queue-board/session');
      location.assign(session.url);
    } catch (e) {
      setError(e instanceof Error ? e.message : '无法打开任务队列看板');
    }
  };
  return (
    <>
      <button type="button" class="secondary small" onClick={() => void open()}>
        任务队列
      </button>
      {error && <span role="alert">{error}</span>}
    </>
  );
}
