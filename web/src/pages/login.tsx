import { useState } from 'preact/hooks';
import { login, type SessionUser } from '../api';
import { InputField } from '../components/fields';
import { ActionForm, PageTitle, useAction } from '../ui';

export function Login({ onDone }: { onDone: (u: SessionUser) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => onDone(await login(username.trim(), password)));
  return (
    <main id="main" class="login">
      <PageTitle>督办系统登录</PageTitle>
      <p class="muted">责任分解方案督查督办</p>
      <ActionForm action={action} fieldIds={{ username: 'username', password: 'password' }}>
        <InputField
          id="username"
          label="用户名"
          required
          name="username"
          autoComplete="username"
          value={username}
          onValue={setUsername}
        />
        <InputField
          id="password"
          label="密码"
          required
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
        />
        <button type="submit" disabled={action.busy}>
          {action.busy ? '正在登录……' : '登录'}
        </button>
      </ActionForm>
    </main>
  );
}
