import { useState } from 'preact/hooks';
import { login, type SessionUser } from '../api';
import { ErrorBox, Field, PageTitle, useAction } from '../ui';

export function Login({ onDone }: { onDone: (u: SessionUser) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction(async () =>
    onDone(await login(username.trim(), password)),
  );
  return (
    <main id="main" class="login">
      <PageTitle>督办系统登录</PageTitle>
      <p class="muted">责任分解方案督查督办</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
        noValidate
      >
        <ErrorBox error={error} fieldIds={{ username: 'username', password: 'password' }} />
        <Field id="username" label="用户名" required>
          {(a) => (
            <input
              {...a}
              name="username"
              autoComplete="username"
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="password" label="密码" required>
          {(a) => (
            <input
              {...a}
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? '正在登录……' : '登录'}
        </button>
      </form>
    </main>
  );
}
