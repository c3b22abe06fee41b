import { useState } from 'preact/hooks';
import { get, post, put } from '../api';
import { BUSINESS_ROLES, ROLE } from '../labels';
import type { Department, Person, Role } from '../types';
import {
  ActionForm,
  ErrorBox,
  Field,
  Loading,
  PageTitle,
  StatusMessage,
  fieldError,
  useAction,
  useLoad,
} from '../ui';
import { InputField, SelectField } from '../components/fields';
import { DepartmentOptions } from '../components/options';

/** People and roles: create accounts, and set the departments a leader (分管领导) answers for. */
export function PeoplePage() {
  const people = useLoad(() => get<Person[]>('/people'));
  const depts = useLoad(() => get<Department[]>('/departments'));
  const [notice, setNotice] = useState('');
  const [f, setF] = useState({
    username: '',
    displayName: '',
    password: '',
    role: 'LIAISON' as Role,
    departmentId: '',
    email: '',
  });
  const create = useAction(async () => {
    const body: Record<string, string> = {
      username: f.username,
      displayName: f.displayName,
      password: f.password,
      role: f.role,
    };
    if (f.departmentId) body.departmentId = f.departmentId;
    if (f.email) body.email = f.email;
    const p = await post<Person>('/people', body);
    setF({ ...f, username: '', displayName: '', password: '', email: '' });
    setNotice(`已创建“${p.displayName}”(${ROLE[p.role]})。`);
    people.reload();
  });
  const concrete = (depts.data ?? []).filter((d) => !d.isCollective);
  const ids = {
    username: 'pp-user',
    displayName: 'pp-name',
    password: 'pp-pass',
    role: 'pp-role',
    departmentId: 'pp-dept',
    email: 'pp-email',
  };
  return (
    <>
      <PageTitle>人员与角色</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <section class="panel" aria-labelledby="pp-new">
        <h2 id="pp-new">新增人员</h2>
        <ActionForm action={create} fieldIds={ids}>
          <div class="grid2">
            <InputField
              id="pp-user"
              label="用户名"
              hint="字母、数字或 . _ @ -"
              error={fieldError(create.error, 'username')}
              required
              autoComplete="off"
              value={f.username}
              onValue={(username) => setF({ ...f, username })}
            />
            <InputField
              id="pp-name"
              label="姓名"
              error={fieldError(create.error, 'displayName')}
              required
              value={f.displayName}
              onValue={(displayName) => setF({ ...f, displayName })}
            />
            <InputField
              id="pp-pass"
              label="初始密码"
              hint="至少 8 个字符"
              error={fieldError(create.error, 'password')}
              required
              type="password"
              autoComplete="new-password"
              value={f.password}
              onValue={(password) => setF({ ...f, password })}
            />
            <SelectField
              id="pp-role"
              label="角色"
              error={fieldError(create.error, 'role')}
              required
              value={f.role}
              onValue={(role) => setF({ ...f, role: role as Role })}
            >
              {BUSINESS_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE[r]}
                </option>
              ))}
            </SelectField>
            <SelectField
              id="pp-dept"
              label="所属单位"
              hint="联络员和部门负责人必填"
              error={fieldError(create.error, 'departmentId')}
              value={f.departmentId}
              onValue={(departmentId) => setF({ ...f, departmentId })}
            >
              <option value="">(无)</option>
              <DepartmentOptions departments={concrete} />
            </SelectField>
            <InputField
              id="pp-email"
              label="电子邮箱"
              error={fieldError(create.error, 'email')}
              type="email"
              value={f.email}
              onValue={(email) => setF({ ...f, email })}
            />
          </div>
          <button type="submit" disabled={create.busy}>
            创建
          </button>
        </ActionForm>
      </section>
      <section aria-labelledby="pp-list">
        <h2 id="pp-list">人员({people.data?.length ?? 0})</h2>
        <ErrorBox error={people.error} />
        {people.loading && !people.data ? (
          <Loading what="人员" />
        ) : (
          <div class="table-wrap">
            <table class="stack">
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">用户名</th>
                  <th scope="col">角色</th>
                  <th scope="col">单位 / 分管部门</th>
                </tr>
              </thead>
              <tbody>
                {(people.data ?? []).map((p) => (
                  <tr key={p.id}>
                    <th scope="row" data-label="姓名">
                      {p.displayName}
                    </th>
                    <td data-label="用户名">{p.username}</td>
                    <td data-label="角色">{ROLE[p.role]}</td>
                    <td data-label="单位">
                      {p.role === 'LEADER' ? (
                        <LeaderDepartments
                          p={p}
                          depts={concrete}
                          onDone={(m) => (setNotice(m), people.reload())}
                        />
                      ) : (
                        (p.department?.name ?? '—')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function LeaderDepartments({
  p,
  depts,
  onDone,
}: {
  p: Person;
  depts: Department[];
  onDone: (m: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [sel, setSel] = useState<string[]>(p.leaderDepartments.map((d) => d.id));
  const id = `ld-${p.id}`;
  const save = useAction(async () => {
    await put(`/people/${p.id}/departments`, { departmentIds: sel });
    setEditing(false);
    onDone(`已更新“${p.displayName}”的分管部门。`);
  });
  if (!editing) {
    return (
      <>
        {p.leaderDepartments.map((d) => d.name).join('、') || '未设置分管部门'}{' '}
        <button type="button" class="secondary small" onClick={() => setEditing(true)}>
          设置
        </button>
      </>
    );
  }
  return (
    <ActionForm action={save}>
      <Field id={id} label={`${p.displayName}的分管部门`} hint="按住 Ctrl(或 ⌘)可多选">
        {(a) => (
          <select
            {...a}
            multiple
            size={8}
            onChange={(e) => setSel(Array.from(e.currentTarget.selectedOptions, (o) => o.value))}
          >
            {depts.map((d) => (
              <option key={d.id} value={d.id} selected={sel.includes(d.id)}>
                {d.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="toolbar">
        <button type="submit" class="small" disabled={save.busy}>
          保存
        </button>
        <button type="button" class="secondary small" onClick={() => setEditing(false)}>
          取消
        </button>
      </div>
    </ActionForm>
  );
}
