import { useState } from 'preact/hooks';
import { ApiError, post, reloadUser } from '../api';
import { InputField } from '../components/fields';
import type { TotpEnabled, TotpSetup } from '../types';
import { ActionForm, PageTitle, StatusMessage, useAction } from '../ui';

/** Change one's own password; `forced` when the sign-in said a change is due. */
export function PasswordPage({ forced = false }: { forced?: boolean }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [notice, setNotice] = useState('');
  const change = useAction(async () => {
    if (next !== again) {
      throw new ApiError(400, 'PASSWORD_MISMATCH', '两次输入的新密码不一致');
    }
    const r = await post<{ otherSessionsEnded: number }>('/auth/password', {
      currentPassword: current,
      newPassword: next,
    });
    setCurrent('');
    setNext('');
    setAgain('');
    setNotice(
      r.otherSessionsEnded > 0
        ? `密码已修改,其他 ${r.otherSessionsEnded} 处登录已退出。`
        : '密码已修改。',
    );
    await reloadUser();
  });
  const mismatch = change.error === null && again !== '' && next !== again;
  return (
    <>
      <PageTitle>修改密码</PageTitle>
      {forced && (
        <p class="alert" role="note">
          您的密码已过期、为初始密码或已被重置,请先修改密码后再继续使用系统。
        </p>
      )}
      <StatusMessage>{notice}</StatusMessage>
      <p class="muted">
        新密码至少 8 个字符,包含小写字母、大写字母、数字、符号中的至少 3
        类,不能包含用户名,不能与最近 5 次使用过的密码相同(以安全策略为准)。
      </p>
      <ActionForm action={change} fieldIds={{}}>
        <InputField
          id="pw-current"
          label="当前密码"
          required
          type="password"
          autoComplete="current-password"
          value={current}
          onValue={setCurrent}
        />
        <InputField
          id="pw-new"
          label="新密码"
          required
          type="password"
          autoComplete="new-password"
          value={next}
          onValue={setNext}
        />
        <InputField
          id="pw-again"
          label="再次输入新密码"
          required
          type="password"
          autoComplete="new-password"
          error={mismatch ? '两次输入的新密码不一致' : undefined}
          value={again}
          onValue={setAgain}
        />
        <button type="submit" disabled={change.busy || mismatch}>
          修改密码
        </button>
      </ActionForm>
    </>
  );
}

/** TOTP enrolment: secret and QR code, a first code to confirm, recovery codes shown once. */
export function TotpPage({
  required = false,
  enabled = false,
}: {
  required?: boolean;
  enabled?: boolean;
}) {
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const start = useAction(async () => setSetup(await post<TotpSetup>('/auth/totp/setup')));
  const confirm = useAction(async () => {
    const r = await post<TotpEnabled>('/auth/totp/confirm', { code: code.trim() });
    setCodes(r.recoveryCodes);
  });
  if (codes) {
    return (
      <>
        <PageTitle>双因素认证已启用</PageTitle>
        <p class="alert" role="note">
          以下恢复码只显示这一次,每个只能使用一次。请抄写或打印后妥善保管;手机丢失时可用它登录。
        </p>
        <ol class="recovery-codes" aria-label="恢复码">
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => void reloadUser()}>
          我已保存恢复码,继续
        </button>
      </>
    );
  }
  return (
    <>
      <PageTitle>双因素认证</PageTitle>
      {required && (
        <p class="alert" role="note">
          根据安全策略,您的角色须启用双因素认证,完成绑定后才能继续使用系统。
        </p>
      )}
      {enabled ? (
        <p>您已启用双因素认证。如需更换手机或恢复码已用完,请联系安全管理员重置。</p>
      ) : !setup ? (
        <ActionForm action={start}>
          <p>
            使用手机上的验证器应用(如 Microsoft Authenticator、Google
            身份验证器、FreeOTP)扫描二维码,登录时输入它显示的 6 位数字。
          </p>
          <button type="submit" disabled={start.busy}>
            开始绑定
          </button>
        </ActionForm>
      ) : (
        <ActionForm action={confirm} fieldIds={{ code: 'totp-code' }}>
          <img src={setup.qrDataUrl} alt="用验证器扫描的二维码" width={220} height={220} />
          <p>
            无法扫描时,在验证器中手动输入密钥:<code id="totp-secret">{setup.secret}</code>
          </p>
          <details>
            <summary>otpauth 链接</summary>
            <code class="wrap">{setup.otpauthUrl}</code>
          </details>
          <InputField
            id="totp-code"
            label="验证器显示的 6 位数字"
            required
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onValue={setCode}
          />
          <button type="submit" disabled={confirm.busy}>
            确认绑定
          </button>
        </ActionForm>
      )}
    </>
  );
}
