import { useEffect, useState } from 'preact/hooks';
import { get, put } from '../api';
import { ROLE } from '../labels';
import type { Role, SecurityPolicy } from '../types';
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
import { InputField, toNumber } from '../components/fields';

type NumberKey = {
  [K in keyof SecurityPolicy]: SecurityPolicy[K] extends number ? K : never;
}[keyof SecurityPolicy];
type FlagKey = {
  [K in keyof SecurityPolicy]: SecurityPolicy[K] extends boolean ? K : never;
}[keyof SecurityPolicy];

const NUMBERS: [NumberKey, string, string][] = [
  ['lockoutMaxFailures', '连续登录失败次数', '达到即锁定账号'],
  ['lockoutWindowMinutes', '失败计数时段(分钟)', '在此时段内累计失败次数'],
  ['lockoutMinutes', '锁定时长(分钟)', '到期自动解锁,安全管理员也可提前解锁'],
  ['passwordMinLength', '密码最短长度', '不少于 8'],
  ['passwordMinClasses', '密码至少包含的字符类别数', '小写字母、大写字母、数字、符号,1–4'],
  ['passwordHistory', '不得重复最近几次密码', '0 表示不检查'],
  ['passwordMaxAgeDays', '密码有效期(天)', '0 表示永不过期'],
  ['sessionIdleMinutes', '空闲超时(分钟)', '无操作超过此时长须重新登录'],
  ['sessionAbsoluteHours', '登录最长时长(小时)', '登录后超过此时长须重新登录'],
];
const FLAGS: [FlagKey, string][] = [
  ['passwordForbidUsername', '密码不得包含用户名'],
  ['passwordChangeAtFirstSignIn', '新账号首次登录须修改密码'],
  ['passwordChangeAfterReset', '重置密码后须修改密码'],
];

/** The security policy form (安全管理员): lockout, password rules, session limits, second factor. */
export function SecurityPolicyPage() {
  const loaded = useLoad(() => get<SecurityPolicy>('/security/policy'));
  const [p, setP] = useState<SecurityPolicy | null>(null);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState('');
  useEffect(() => {
    if (loaded.data) setP(loaded.data);
  }, [loaded.data]);
  const save = useAction(async () => {
    if (!p) return;
    const body = { ...p };
    for (const [k] of NUMBERS) if (typed[k] !== undefined) body[k] = toNumber(typed[k]);
    setP(await put<SecurityPolicy>('/security/policy', body));
    setTyped({});
    setNotice('安全策略已保存,立即生效。');
  });
  if (!p) return loaded.error ? <ErrorBox error={loaded.error} /> : <Loading what="安全策略" />;
  const ids = Object.fromEntries(NUMBERS.map(([k]) => [k, `sp-${k}`]));
  return (
    <>
      <PageTitle>安全策略</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <ActionForm action={save} fieldIds={ids}>
        <div class="grid2">
          {NUMBERS.map(([k, label, hint]) => (
            <InputField
              key={k}
              id={`sp-${k}`}
              label={label}
              hint={hint}
              error={fieldError(save.error, k)}
              inputMode="numeric"
              value={typed[k] ?? String(p[k])}
              onValue={(v) => setTyped({ ...typed, [k]: v })}
            />
          ))}
        </div>
        <fieldset>
          <legend>密码规则</legend>
          {FLAGS.map(([k, label]) => (
            <label key={k} class="check">
              <input
                type="checkbox"
                checked={p[k]}
                onChange={(e) => setP({ ...p, [k]: e.currentTarget.checked })}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>须启用双因素认证的角色</legend>
          {(Object.keys(ROLE) as Role[]).map((r) => (
            <label key={r} class="check">
              <input
                type="checkbox"
                checked={p.twoFactorRequiredRoles.includes(r)}
                onChange={(e) =>
                  setP({
                    ...p,
                    twoFactorRequiredRoles: e.currentTarget.checked
                      ? [...p.twoFactorRequiredRoles, r]
                      : p.twoFactorRequiredRoles.filter((x) => x !== r),
                  })
                }
              />{' '}
              {ROLE[r]}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={save.busy}>
          保存
        </button>
      </ActionForm>
    </>
  );
}
