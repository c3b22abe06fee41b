import { useState } from 'preact/hooks';
import { login, loginSecondStep, type SessionUser } from '../api';
import { InputField } from '../components/fields';
import { ActionForm, PageTitle, useAction } from '../ui';

/** Sign-in: the password, then (when the account has a second factor) a code or a recovery code. */
export function Login({ onDone }: { onDone: (u: SessionUser) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const action = useAction(async () => {
    const outcome = await login(username.trim(), password);
    if (outcome.secondFactorRequired) {
      setPassword('');
      setChallenge(outcome.challengeToken);
    } else onDone(outcome.user);
  });
  const second = useAction(async () => {
    if (!challenge) return;
    onDone(await loginSecondStep(challenge, code.trim()));
  });
  if (challenge) {
    return (
      <main id="main" class="login">
        <PageTitle>双因素认证</PageTitle>
        <p class="muted">
          请输入验证器(手机应用)当前显示的 6 位数字;无法使用验证器时,可输入一个恢复码。
        </p>
        <ActionForm action={second} fieldIds={{ code: 'second-code' }}>
          <InputField
            id="second-code"
            label="动态验证码或恢复码"
            required
            name="one-time-code"
            autoComplete="one-time-code"
            inputMode="text"
            value={code}
            onValue={setCode}
          />
          <button type="submit" disabled={second.busy}>
            {second.busy ? '正在验证……' : '验证并登录'}
          </button>{' '}
          <button type="button" class="secondary" onClick={() => (setChallenge(null), setCode(''))}>
            返回
          </button>
        </ActionForm>
      </main>
    );
  }
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
