import { useState } from 'preact/hooks';
import { currentUser, del, get, post } from '../api';
import { InputField, SelectField } from '../components/fields';
import type { Deputy, DeputyCandidate } from '../types';
import {
  ActionForm,
  Badge,
  ErrorBox,
  Loading,
  PageTitle,
  StatusMessage,
  fieldError,
  useAction,
  useLoad,
} from '../ui';

/**
 * 委托设置: a liaison or head names a colleague for a period. During it the colleague receives the
 * person's reminders (the person keeps receiving them too) and may act for them; revocable.
 */
export function Deputies() {
  const me = currentUser()!;
  const [notice, setNotice] = useState('');
  const list = useLoad(() => get<Deputy[]>('/me/deputies'));
  const candidates = useLoad(() => get<DeputyCandidate[]>('/me/deputies/candidates'));
  const [deputyId, setDeputyId] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const create = useAction(async () => {
    await post('/me/deputies', { deputyId, startsOn, endsOn });
    setNotice('委托已设置。');
    list.reload();
  });
  const revoke = useAction(async (id: string) => {
    await del(`/me/deputies/${id}`);
    setNotice('委托已撤销。');
    list.reload();
  });
  const named = (list.data ?? []).filter((d) => d.personId === me.id);
  const forMe = (list.data ?? []).filter((d) => d.deputyId === me.id);
  return (
    <>
      <PageTitle>委托设置</PageTitle>
      <p class="muted">
        外出、休假期间,可委托同事代为接收提醒并代为办理(报送进展、申请办结、签收、审核)。委托期间您本人仍会收到提醒。
      </p>
      <StatusMessage>{notice}</StatusMessage>
      <section class="panel" aria-labelledby="dp-new">
        <h2 id="dp-new">委托同事</h2>
        <ActionForm
          action={create}
          fieldIds={{ deputyId: 'dp-person', startsOn: 'dp-start', endsOn: 'dp-end' }}
        >
          <SelectField
            id="dp-person"
            label="受委托人"
            error={fieldError(create.error, 'deputyId')}
            value={deputyId}
            onValue={setDeputyId}
          >
            <option value="">(选择同事)</option>
            {(candidates.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName}({c.department ?? ''})
              </option>
            ))}
          </SelectField>
          <InputField
            id="dp-start"
            label="开始日期"
            error={fieldError(create.error, 'startsOn')}
            required
            type="date"
            value={startsOn}
            onValue={setStartsOn}
          />
          <InputField
            id="dp-end"
            label="结束日期"
            hint="含当天"
            error={fieldError(create.error, 'endsOn')}
            required
            type="date"
            value={endsOn}
            onValue={setEndsOn}
          />
          <button type="submit" disabled={create.busy}>
            {create.busy ? '正在保存……' : '设置委托'}
          </button>
        </ActionForm>
      </section>
      <section aria-labelledby="dp-list">
        <h2 id="dp-list">我的委托</h2>
        <ErrorBox error={list.error ?? revoke.error} />
        {list.loading && !list.data ? (
          <Loading what="委托" />
        ) : named.length === 0 ? (
          <p class="muted">尚未委托同事。</p>
        ) : (
          <ul class="cards">
            {named.map((d) => (
              <li key={d.id} class="card">
                <div class="meta">
                  <strong>
                    {d.deputy}({d.deputyDepartment ?? ''})
                  </strong>
                  <span>
                    {d.startsOn} 至 {d.endsOn}
                  </span>
                  <Badge tone={d.revokedAt ? 'grey' : d.active ? 'green' : 'blue'}>
                    {d.revokedAt ? '已撤销' : d.active ? '委托中' : '未到期或已结束'}
                  </Badge>
                </div>
                {!d.revokedAt && (
                  <button
                    type="button"
                    class="secondary"
                    disabled={revoke.busy}
                    onClick={() => void revoke.run(d.id)}
                  >
                    撤销委托
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {forMe.length > 0 && (
          <>
            <h2>委托我办理的</h2>
            <ul class="plain">
              {forMe.map((d) => (
                <li key={d.id}>
                  {d.person}:{d.startsOn} 至 {d.endsOn}
                  {d.revokedAt ? '(已撤销)' : d.active ? '(委托中)' : ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}
