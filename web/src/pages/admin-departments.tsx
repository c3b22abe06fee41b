import { useState } from 'preact/hooks';
import { del, get, post } from '../api';
import type { Department } from '../types';
import {
  ActionForm,
  ErrorBox,
  Loading,
  PageTitle,
  StatusMessage,
  fieldError,
  useAction,
  useLoad,
} from '../ui';
import { InputField } from '../components/fields';

/** The unit directory: departments, collective units, and the short names (aliases) matched on import. */
export function DepartmentsPage() {
  const { data, error, loading, reload } = useLoad(() => get<Department[]>('/departments'));
  const [name, setName] = useState('');
  const [collective, setCollective] = useState(false);
  const [filter, setFilter] = useState('');
  const [notice, setNotice] = useState('');
  const create = useAction(async () => {
    const d = await post<Department>('/departments', { name, isCollective: collective });
    setName('');
    setNotice(`已新增单位“${d.name}”。`);
    reload();
  });
  const shown = (data ?? []).filter(
    (d) => !filter || d.name.includes(filter) || d.aliases.some((a) => a.includes(filter)),
  );
  return (
    <>
      <PageTitle>单位与简称</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <section class="panel" aria-labelledby="new-dept">
        <h2 id="new-dept">新增单位</h2>
        <ActionForm action={create} fieldIds={{ name: 'dp-name' }}>
          <InputField
            id="dp-name"
            label="单位全称"
            error={fieldError(create.error, 'name')}
            required
            value={name}
            onValue={setName}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={collective}
              onChange={(e) => setCollective(e.currentTarget.checked)}
            />{' '}
            集合单位(如“省老龄委各成员单位”)
          </label>
          <button type="submit" disabled={create.busy}>
            新增
          </button>
        </ActionForm>
      </section>
      <section aria-labelledby="list-h">
        <h2 id="list-h">单位名录({data?.length ?? 0})</h2>
        <InputField
          id="dp-filter"
          label="查找单位或简称"
          type="search"
          value={filter}
          onValue={setFilter}
        />
        <ErrorBox error={error} />
        {loading && !data ? (
          <Loading what="单位" />
        ) : (
          <ul class="cards">
            {shown.map((d) => (
              <DeptRow key={d.id} d={d} onChange={(m) => (setNotice(m), reload())} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function DeptRow({ d, onChange }: { d: Department; onChange: (m: string) => void }) {
  const [alias, setAlias] = useState('');
  const id = `al-${d.id}`;
  const act = useAction(async (op: 'add' | 'remove', value: string) => {
    if (op === 'add') {
      await post(`/departments/${d.id}/aliases`, { alias: value });
      setAlias('');
      onChange(`已为“${d.name}”添加简称“${value}”。`);
    } else {
      await del(`/departments/${d.id}/aliases/${encodeURIComponent(value)}`);
      onChange(`已删除“${d.name}”的简称“${value}”。`);
    }
  });
  return (
    <li class="card">
      <h3 class="card-title">
        {d.name}
        {d.isCollective && <span class="muted">(集合单位)</span>}
      </h3>
      {d.members.length > 0 && <p class="muted">成员:{d.members.join('、')}</p>}
      <ul class="tags" aria-label={`${d.name}的简称`}>
        {d.aliases.map((a) => (
          <li key={a}>
            {a}
            <button
              type="button"
              class="tag-x"
              aria-label={`删除简称 ${a}`}
              disabled={act.busy}
              onClick={() => void act.run('remove', a)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="inline"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void act.run('add', alias);
        }}
      >
        <ErrorBox error={act.error} fieldIds={{ alias: id }} />
        <InputField
          id={id}
          label="添加简称"
          error={fieldError(act.error, 'alias')}
          value={alias}
          onValue={setAlias}
        />
        <button type="submit" class="secondary small" disabled={act.busy}>
          添加
        </button>
      </form>
    </li>
  );
}
