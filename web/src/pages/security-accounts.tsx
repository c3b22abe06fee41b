import { useState } from 'preact/hooks';
import { currentUser, get, post, put } from '../api';
import { ROLE } from '../labels';
import type { Account, Role } from '../types';
import { Badge, ErrorBox, Loading, PageTitle, StatusMessage, useAction, useLoad } from '../ui';

const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/**
 * The security administrator's accounts (安全管理员): lock state, second factor, password age;
 * unlock, reset password or second factor, disable/enable, change role. No business data.
 */
export function SecurityAccountsPage() {
  const accounts = useLoad(() => get<Account[]>('/security/accounts'));
  // Nobody acts on their own account here (三员分立): the API refuses it, the page does not offer it.
  const me = currentUser()?.id;
  const [notice, setNotice] = useState('');
  const [temporary, setTemporary] = useState<{ who: string; password: string } | null>(null);
  const act = useAction(async (a: Account, what: string) => {
    const path = `/security/accounts/${a.id}/${what}`;
    if (what === 'reset-password') {
      if (!confirm(`重置“${a.displayName}”的密码?其所有登录将退出。`)) return;
      const r = await post<{ temporaryPassword: string }>(path);
      setTemporary({ who: a.displayName, password: r.temporaryPassword });
      setNotice(`已重置“${a.displayName}”的密码。`);
    } else {
      if (what === 'disable' && !confirm(`停用“${a.displayName}”?其令牌将立即失效。`)) return;
      if (what === 'reset-totp' && !confirm(`重置“${a.displayName}”的双因素认证?`)) return;
      await post(path);
      setNotice(`已${ACTION[what]}“${a.displayName}”。`);
    }
    accounts.reload();
  });
  const setRole = useAction(async (a: Account, role: Role) => {
    await put(`/security/accounts/${a.id}/role`, { role });
    setNotice(`已将“${a.displayName}”的角色改为${ROLE[role]}。`);
    accounts.reload();
  });
  return (
    <>
      <PageTitle>账号与锁定</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      {temporary && (
        <div class="alert" role="alert">
          <p>“{temporary.who}”的临时密码(只显示这一次,请当面或以安全方式告知本人,登录后须修改):</p>
          <p>
            <code id="temporary-password">{temporary.password}</code>
          </p>
          <button type="button" class="secondary small" onClick={() => setTemporary(null)}>
            我已转交,隐藏
          </button>
        </div>
      )}
      <ErrorBox error={act.error ?? setRole.error ?? accounts.error} />
      {accounts.loading && !accounts.data ? (
        <Loading what="账号" />
      ) : (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">姓名</th>
                <th scope="col">用户名</th>
                <th scope="col">角色</th>
                <th scope="col">单位</th>
                <th scope="col">状态</th>
                <th scope="col">双因素</th>
                <th scope="col">密码修改于</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {(accounts.data ?? []).map((a) => (
                <tr key={a.id} data-username={a.username}>
                  <th scope="row" data-label="姓名">
                    {a.displayName}
                  </th>
                  <td data-label="用户名">{a.username}</td>
                  <td data-label="角色">
                    <label class="sr-only" for={`role-${a.id}`}>
                      {a.displayName}的角色
                    </label>
                    <select
                      id={`role-${a.id}`}
                      value={a.role}
                      disabled={setRole.busy || a.id === me}
                      onChange={(e) => void setRole.run(a, e.currentTarget.value as Role)}
                    >
                      {(Object.keys(ROLE) as Role[]).map((r) => (
                        <option key={r} value={r}>
                          {ROLE[r]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td data-label="单位">{a.department?.name ?? '—'}</td>
                  <td data-label="状态">
                    {!a.active && <Badge tone="grey">已停用</Badge>}{' '}
                    {a.lockedUntil && <Badge tone="red">锁定至 {when(a.lockedUntil)}</Badge>}
                    {a.active && !a.lockedUntil && <Badge tone="green">正常</Badge>}
                    {a.mustChangePassword && <Badge tone="yellow">须改密码</Badge>}
                  </td>
                  <td data-label="双因素">{a.totpEnabled ? '已启用' : '未启用'}</td>
                  <td data-label="密码修改于">{when(a.passwordChangedAt)}</td>
                  <td data-label="操作" class="actions">
                    {a.id === me ? (
                      '本人'
                    ) : (
                      <AccountActions a={a} run={(what) => void act.run(a, what)} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function AccountActions({ a, run }: { a: Account; run: (what: string) => void }) {
  return (
    <>
      {a.lockedUntil && (
        <button type="button" class="small" onClick={() => run('unlock')}>
          解锁
        </button>
      )}{' '}
      <button type="button" class="secondary small" onClick={() => run('reset-password')}>
        重置密码
      </button>{' '}
      {a.totpEnabled && (
        <button type="button" class="secondary small" onClick={() => run('reset-totp')}>
          重置双因素
        </button>
      )}{' '}
      <button
        type="button"
        class="secondary small"
        onClick={() => run(a.active ? 'disable' : 'enable')}
      >
        {a.active ? '停用' : '启用'}
      </button>
    </>
  );
}

const ACTION: Record<string, string> = {
  unlock: '解锁',
  'reset-totp': '重置双因素认证:',
  disable: '停用',
  enable: '启用',
};
