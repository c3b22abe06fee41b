import { get } from '../../api';
import { TASK_STATUS } from '../../labels';
import type { TaskStatus } from '../../types';
import { ErrorBox, Loading, useLoad } from '../../ui';
import { SOURCE, type WorkListItem } from './work-types';

/**
 * The board's section of work from the other sources (instructions, meetings, matters from above,
 * proposals, single items): every item of each, newest first, with its lead and deadline.
 */
export function WorkItemsBoard() {
  const list = useLoad(() => get<WorkListItem[]>('/work-items'));
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading what="督办事项" />;
  if (list.data.length === 0) {
    return (
      <p class="muted">
        还没有批示件、会议议定事项等督办事项。<a href="#/work-items/new">新建督办事项</a>
      </p>
    );
  }
  return (
    <div class="table-wrap">
      <table class="stack">
        <caption class="sr-only">各来源的督办事项,最新交办的在前</caption>
        <thead>
          <tr>
            <th scope="col">来源</th>
            <th scope="col">件</th>
            <th scope="col">事项</th>
            <th scope="col">牵头单位</th>
            <th scope="col">时限</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {list.data.flatMap((w) =>
            w.items.map((i) => (
              <tr key={i.id}>
                <td data-label="来源">{SOURCE[w.source]}</td>
                <td data-label="件">
                  {w.documentNumber ? `${w.documentNumber} ` : ''}
                  {w.title}
                  {w.tasks > 1 ? `(第 ${i.no} 项)` : ''}
                </td>
                <td data-label="事项">
                  <a href={`#/tasks/${i.id}`}>{i.text}</a>
                </td>
                <td data-label="牵头单位">{i.lead.join('、')}</td>
                <td data-label="时限">{i.dueOn ?? '长期'}</td>
                <td data-label="状态">{TASK_STATUS[i.status as TaskStatus] ?? i.status}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
