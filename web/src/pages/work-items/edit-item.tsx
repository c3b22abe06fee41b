import { useEffect, useState } from 'preact/hooks';
import { api, get } from '../../api';
import type { Department, TaskDetail } from '../../types';
import {
  ActionForm,
  ErrorBox,
  Loading,
  PageTitle,
  StatusMessage,
  useAction,
  useLoad,
} from '../../ui';
import { ItemFields, UnitList, type ItemDraft } from './item-fields';
import { splitUnits, type ItemEdited } from './work-types';

/**
 * The office's hand edit of an item (text, units, deadline or ongoing): sent with the version it
 * read, so an edit over someone else's change is refused (and the page reloads the task).
 */
export function EditItemPage({ id }: { id: string }) {
  const task = useLoad(() => get<TaskDetail>(`/tasks/${id}`), [id]);
  const departments = useLoad(() => get<Department[]>('/departments'));
  const [draft, setDraft] = useState<ItemDraft | null>(null);
  const [notice, setNotice] = useState('');
  const t = task.data;
  useEffect(() => {
    if (!t) return;
    const names = (role: string) =>
      t.assignments
        .filter((a) => a.role === role)
        .map((a) => a.department)
        .join('、');
    setDraft({
      text: t.text,
      lead: names('LEAD'),
      support: names('SUPPORT'),
      dueOn: t.dueOn ?? '',
      ongoing: t.dueOn === null,
    });
  }, [t]);
  const action = useAction(async () => {
    const r = await api<ItemEdited>('PATCH', `/tasks/${id}/item`, {
      version: t!.version,
      text: draft!.text,
      lead: splitUnits(draft!.lead),
      support: splitUnits(draft!.support),
      ...(draft!.ongoing ? { ongoing: true } : { dueOn: draft!.dueOn }),
    });
    setNotice(
      `已保存。新增承办单位 ${r.assignments.added} 个,移出 ${r.assignments.removed} 个;提醒已按新的时限重新安排。`,
    );
    task.reload();
  });
  if (task.error) return <ErrorBox error={task.error} />;
  if (!t || !draft) return <Loading what="事项" />;
  return (
    <>
      <p class="crumbs">
        <a href={`#/tasks/${id}`}>← 返回任务</a>
      </p>
      <PageTitle>编辑事项(第 {t.no} 项)</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <UnitList departments={departments.data ?? []} />
      <ActionForm action={action}>
        <ItemFields id="edit" value={draft} onChange={setDraft} error={action.error} />
        <button type="submit" disabled={action.busy}>
          保存修改
        </button>
      </ActionForm>
    </>
  );
}
