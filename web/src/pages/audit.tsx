import { useState } from 'preact/hooks';
import { download, get } from '../api';
import { fmtDateTime } from '../labels';
import type { AuditEventPage, AuditTrailEvent } from '../types';
import { ErrorBox, Loading, PageTitle, useAction, useLoad } from '../ui';
import { InputField, SelectField } from '../components/fields';

/** What the trail's actions are called (the auditor's pages); others show their code. */
export const AUDIT_ACTION: Record<string, string> = {
  'auth.login.succeeded': '登录成功',
  'auth.login.failed': '登录失败',
  'auth.logout': '退出登录',
  'auth.locked': '账号锁定',
  'auth.unlocked': '账号解锁',
  'auth.refresh.reused': '登录凭据被重复使用',
  'auth.session.expired': '会话过期',
  'auth.password.changed': '修改密码',
  'auth.password.reset': '重置密码',
  'auth.totp.enabled': '启用动态口令',
  'auth.totp.reset': '重置动态口令',
  'auth.recovery_code.used': '使用恢复码',
  'person.created': '创建账号',
  'person.role.changed': '变更角色',
  'person.disabled': '停用账号',
  'person.enabled': '启用账号',
  'security.policy.changed': '修改安全策略',
  'audit.exported': '导出审计记录',
  'audit.archived': '审计记录归档',
  'access.denied': '越权访问被拒绝',
};

const FAILURE_REASON: Record<string, string> = {
  bad_password: '密码错误',
  unknown_user: '账号不存在',
  locked: '账号已锁定',
  disabled: '账号已停用',
  bad_second_factor: '动态口令错误',
};

/** Today and 30 days ago in Shanghai (YYYY-MM-DD): the default period. */
function lastMonth(): { from: string; to: string } {
  const day = (d: Date) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(d);
  const now = new Date();
  return { from: day(new Date(now.getTime() - 30 * 86_400_000)), to: day(now) };
}

const PAGE = 50;

type Filters = Record<string, string>;

/** The query string of the non-empty filters. */
const query = (f: Filters, extra: Filters = {}) =>
  new URLSearchParams(
    Object.entries({ ...f, ...extra }).filter(([, v]) => v.trim() !== '') as [string, string][],
  ).toString();

/** Who did it: the actor, or for a sign-in without one, the account named. */
function who(e: AuditTrailEvent): string {
  if (e.actor) return `${e.actor.name}(${e.actor.username})`;
  if (e.action.startsWith('auth.')) return e.subject ? e.subject.username : e.entityId;
  return '系统';
}

function details(e: AuditTrailEvent): string {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof data.reason === 'string' && FAILURE_REASON[data.reason]) {
    parts.push(FAILURE_REASON[data.reason]!);
  }
  if (typeof data.count === 'number') parts.push(`${data.count} 次`);
  const rest = Object.fromEntries(
    Object.entries(data).filter(([k]) => !(k === 'count' || (k === 'reason' && parts.length))),
  );
  if (Object.keys(rest).length) parts.push(JSON.stringify(rest));
  return parts.join(';');
}

/**
 * One page of events, newest first, with the pages before it remembered (上一页), and the export of
 * the same filters over the chosen period.
 */
function EventTable({
  path,
  filters,
  exportName,
  exportExtra,
  caption,
}: {
  path: string;
  filters: Filters;
  exportName: string;
  exportExtra: Filters;
  caption: string;
}) {
  const [cursors, setCursors] = useState<string[]>([]);
  const before = cursors[cursors.length - 1];
  const { data, error, loading } = useLoad(
    () =>
      get<AuditEventPage>(
        `${path}?${query(filters, { limit: String(PAGE), ...(before ? { before } : {}) })}`,
      ),
    [path, query(filters), before],
  );
  const exporter = useAction(async (format: 'csv' | 'json') => {
    const { from, to } = filters;
    const q = query(
      { ...exportFilters(filters), ...exportExtra, from: from!, to: to! },
      { format },
    );
    await download(`/audit/export?${q}`, `${exportName}.${format}`);
  });
  return (
    <>
      <div class="toolbar">
        <button
          type="button"
          disabled={exporter.busy}
          onClick={() => void exporter.run('csv')}
          aria-describedby="export-hint"
        >
          导出 Excel(CSV)
        </button>
        <button
          type="button"
          class="secondary"
          disabled={exporter.busy}
          onClick={() => void exporter.run('json')}
        >
          导出 JSON
        </button>
        <span id="export-hint" class="muted">
          导出所选时间段(最长 366 天)内符合筛选条件的全部记录;每次导出都会记入审计。
        </span>
      </div>
      <ErrorBox error={exporter.error ?? error} />
      {loading && !data ? (
        <Loading what="审计记录" />
      ) : (data?.items ?? []).length === 0 ? (
        <p class="muted">没有符合条件的记录。</p>
      ) : (
        <div class="table-wrap">
          <table class="stack">
            <caption class="sr-only">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">序号</th>
                <th scope="col">时间</th>
                <th scope="col">操作人 / 账号</th>
                <th scope="col">事项</th>
                <th scope="col">对象</th>
                <th scope="col">详情</th>
                <th scope="col">来源 IP</th>
              </tr>
            </thead>
            <tbody>
              {data!.items.map((e) => (
                <tr key={e.id}>
                  <td data-label="序号">{e.id}</td>
                  <td data-label="时间">{fmtDateTime(e.at)}</td>
                  <td data-label="操作人">{who(e)}</td>
                  <td data-label="事项">
                    {AUDIT_ACTION[e.action] ?? e.action}
                    <span class="muted"> {e.action}</span>
                  </td>
                  <td data-label="对象">
                    {e.subject ? `${e.subject.name}(${e.subject.username})` : e.entityId}
                    <span class="muted"> {e.entityType}</span>
                  </td>
                  <td data-label="详情" class="wrap">
                    {details(e)}
                  </td>
                  <td data-label="来源 IP">{e.sourceIp ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="toolbar" aria-label="翻页">
        <button
          type="button"
          class="secondary"
          disabled={cursors.length === 0}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          上一页
        </button>
        <span>第 {cursors.length + 1} 页</span>
        <button
          type="button"
          class="secondary"
          disabled={!data?.nextBefore}
          onClick={() => data?.nextBefore && setCursors([...cursors, data.nextBefore])}
        >
          下一页
        </button>
      </nav>
    </>
  );
}

/** The export takes the trail's filters (the sign-in log's username is not one of them). */
function exportFilters(f: Filters): Filters {
  const { actor = '', action = '', entityType = '', entityId = '' } = f;
  return { actor, action, entityType, entityId };
}

/** A filter form: edits stay local until 查询. */
function useFilters(initial: Filters) {
  const [draft, setDraft] = useState(initial);
  const [applied, setApplied] = useState(initial);
  const field = (name: string) => ({
    value: draft[name] ?? '',
    onValue: (v: string) => setDraft({ ...draft, [name]: v }),
  });
  return { draft, applied, field, apply: () => setApplied(draft) };
}

/** 审计记录: the whole trail, for the auditor (安全审计员). */
export function AuditTrailPage() {
  const f = useFilters({ ...lastMonth(), actor: '', action: '', entityType: '', entityId: '' });
  return (
    <>
      <PageTitle>审计记录</PageTitle>
      <form
        class="filters-form"
        aria-label="筛选"
        onSubmit={(e) => (e.preventDefault(), f.apply())}
      >
        <InputField id="au-from" label="起始日期" type="date" {...f.field('from')} />
        <InputField id="au-to" label="截止日期" type="date" {...f.field('to')} />
        <InputField id="au-actor" label="操作人(账号)" maxLength={64} {...f.field('actor')} />
        <InputField
          id="au-action"
          label="动作"
          hint="前缀即可,如 auth. 或 person."
          maxLength={100}
          {...f.field('action')}
        />
        <InputField
          id="au-type"
          label="对象类型"
          hint="如 task、person"
          maxLength={64}
          {...f.field('entityType')}
        />
        <InputField id="au-entity" label="对象 ID" maxLength={300} {...f.field('entityId')} />
        <button type="submit">查询</button>
      </form>
      <EventTable
        key={query(f.applied)}
        path="/audit/events"
        filters={f.applied}
        exportName="audit"
        exportExtra={{}}
        caption="审计记录,最新的在前"
      />
    </>
  );
}

/** 登录日志: sign-ins, failures, logouts, lockouts, password and second-factor changes. */
export function SignInLogPage() {
  const f = useFilters({ ...lastMonth(), username: '', action: 'auth.' });
  return (
    <>
      <PageTitle>登录日志</PageTitle>
      <form
        class="filters-form"
        aria-label="筛选"
        onSubmit={(e) => (e.preventDefault(), f.apply())}
      >
        <InputField id="si-from" label="起始日期" type="date" {...f.field('from')} />
        <InputField id="si-to" label="截止日期" type="date" {...f.field('to')} />
        <InputField id="si-user" label="账号" maxLength={64} {...f.field('username')} />
        <SelectField id="si-action" label="事项" {...f.field('action')}>
          <option value="auth.">全部</option>
          {Object.entries(AUDIT_ACTION)
            .filter(([k]) => k.startsWith('auth.'))
            .map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
        </SelectField>
        <button type="submit">查询</button>
      </form>
      <EventTable
        key={query(f.applied)}
        path="/audit/sign-ins"
        filters={f.applied}
        exportName="sign-ins"
        exportExtra={{ action: f.applied.action || 'auth.' }}
        caption="登录日志,最新的在前"
      />
    </>
  );
}
