import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentUser, get, logout, onSessionChange, restoreSession, type SessionUser } from './api';
import { ROLE } from './labels';
import { currentPath, match, navigate, usePath } from './router';
import type { Role } from './types';
import { Login } from './pages/login';
import { MyTasks } from './pages/my-tasks';
import { TaskPage } from './pages/task';
import { Inbox } from './pages/inbox';
import { Board } from './pages/board';
import { Requests } from './pages/requests';
import { Reviews } from './pages/reviews';
import { Deputies } from './pages/deputies';
import { AcknowledgementsPage } from './pages/acknowledgements';
import { ImportPage } from './pages/admin-import';
import { DepartmentsPage } from './pages/admin-departments';
import { PeoplePage } from './pages/admin-people';
import { CalendarPage } from './pages/admin-calendar';
import { PolicyPage } from './pages/admin-policy';
import { RegionsPage } from './pages/admin-regions';
import { AuditTrailPage, SignInLogPage } from './pages/audit';
import { PasswordPage, TotpPage } from './pages/account';
import { SecurityAccountsPage } from './pages/security-accounts';
import { SecurityPolicyPage } from './pages/security-policy';
import { NewWorkPage } from './pages/work-items';
import { EditItemPage } from './pages/work-items/edit-item';
import { QueueBoardLink } from './components/queue-board-link';

interface Route {
  path: string;
  label?: string;
  roles: Role[];
  view: (p: Record<string, string>) => preact.JSX.Element;
}

const DEPT: Role[] = ['LIAISON', 'HEAD'];
const OFFICE: Role[] = ['SUPERVISOR', 'ADMIN', 'LEADER'];
const ALL: Role[] = ['ADMIN', 'SUPERVISOR', 'LEADER', 'HEAD', 'LIAISON'];
const EVERYONE: Role[] = [...ALL, 'SECURITY_ADMIN', 'AUDITOR'];

/** Every page, in menu order; `label` puts it in the menu of the roles listed. */
const ROUTES: Route[] = [
  { path: '/tasks', label: '我的任务', roles: DEPT, view: () => <MyTasks /> },
  { path: '/board', label: '督办看板', roles: OFFICE, view: () => <Board /> },
  {
    path: '/acknowledgements',
    label: '签收情况',
    roles: OFFICE,
    view: () => <AcknowledgementsPage />,
  },
  {
    path: '/requests',
    label: '申请审批',
    roles: ['SUPERVISOR', 'ADMIN'],
    view: () => <Requests />,
  },
  {
    path: '/work-items/new',
    label: '新建督办事项',
    roles: ['SUPERVISOR', 'ADMIN'],
    view: () => <NewWorkPage />,
  },
  {
    path: '/reviews',
    label: '待我审核',
    roles: ['HEAD', 'LEADER', 'SUPERVISOR', 'ADMIN'],
    view: () => <Reviews />,
  },
  { path: '/deputies', label: '委托设置', roles: DEPT, view: () => <Deputies /> },
  { path: '/admin/import', label: '方案导入', roles: ['ADMIN'], view: () => <ImportPage /> },
  {
    path: '/admin/departments',
    label: '单位与简称',
    roles: ['ADMIN'],
    view: () => <DepartmentsPage />,
  },
  { path: '/admin/regions', label: '地区与分解', roles: ['ADMIN'], view: () => <RegionsPage /> },
  { path: '/admin/people', label: '人员与角色', roles: ['ADMIN'], view: () => <PeoplePage /> },
  { path: '/admin/calendar', label: '工作日历', roles: ['ADMIN'], view: () => <CalendarPage /> },
  { path: '/admin/policy', label: '提醒与督办策略', roles: ['ADMIN'], view: () => <PolicyPage /> },
  { path: '/audit', label: '审计记录', roles: ['AUDITOR'], view: () => <AuditTrailPage /> },
  {
    path: '/audit/sign-ins',
    label: '登录日志',
    roles: ['AUDITOR'],
    view: () => <SignInLogPage />,
  },
  {
    path: '/security/accounts',
    label: '账号与锁定',
    roles: ['SECURITY_ADMIN'],
    view: () => <SecurityAccountsPage />,
  },
  {
    path: '/security/policy',
    label: '安全策略',
    roles: ['SECURITY_ADMIN'],
    view: () => <SecurityPolicyPage />,
  },
  { path: '/inbox', label: '消息', roles: ALL, view: () => <Inbox /> },
  { path: '/account/password', roles: EVERYONE, view: () => <PasswordPage /> },
  {
    path: '/account/totp',
    roles: EVERYONE,
    view: () => <TotpPage enabled={currentUser()?.totpEnabled} />,
  },
  { path: '/tasks/:id', roles: ALL, view: (p) => <TaskPage id={p.id!} /> },
  {
    path: '/tasks/:id/edit',
    roles: ['SUPERVISOR', 'ADMIN'],
    view: (p) => <EditItemPage id={p.id!} />,
  },
];

const home = (role: Role) =>
  role === 'AUDITOR'
    ? '/audit'
    : role === 'SECURITY_ADMIN'
      ? '/security/accounts'
      : DEPT.includes(role)
        ? '/tasks'
        : '/board';
/** Whose menu has the inbox (the security staff receives no business notices). */
const hasInbox = (role: Role) => ALL.includes(role);

function Shell({ user }: { user: SessionUser }) {
  const path = usePath();
  const [menuOpen, setMenuOpen] = useState(false);
  const [unread, setUnread] = useState(0);
  useEffect(() => setMenuOpen(false), [path]);
  // Unread notices next to the menu entry: on every page change and when the inbox marks some read.
  useEffect(() => {
    if (!hasInbox(user.role)) return;
    const load = () =>
      void get<{ count: number }>('/me/inbox/unread-count').then(
        (r) => setUnread(r.count),
        () => undefined,
      );
    load();
    addEventListener('duban:inbox', load);
    return () => removeEventListener('duban:inbox', load);
  }, [path]);
  const menu = ROUTES.filter((r) => r.label && r.roles.includes(user.role));
  let page: preact.JSX.Element | null = null;
  for (const r of ROUTES) {
    const params = match(r.path, path);
    if (params && r.roles.includes(user.role)) {
      page = r.view(params);
      break;
    }
  }
  useEffect(() => {
    if (!page) navigate(home(user.role));
  }, [page === null]);
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        跳到正文
      </a>
      <header class="top">
        <a class="brand" href={`#${home(user.role)}`}>
          督办系统
        </a>
        <button
          type="button"
          class="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          菜单
        </button>
        <nav id="nav" class={menuOpen ? 'open' : ''} aria-label="主菜单">
          <ul>
            {menu.map((r) => (
              <li key={r.path}>
                <a href={`#${r.path}`} aria-current={path === r.path ? 'page' : undefined}>
                  {r.label}
                  {r.path === '/inbox' && unread > 0 && (
                    <span class="count">
                      {unread}
                      <span class="sr-only"> 条未读</span>
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
          <div class="who">
            <span>
              {user.displayName}({user.department?.name ?? ROLE[user.role]})
            </span>
            <a href="#/account/password">修改密码</a>
            <a href="#/account/totp">双因素认证</a>
            {user.role === 'ADMIN' && <QueueBoardLink />}
            <button type="button" class="secondary small" onClick={() => void logout()}>
              退出
            </button>
          </div>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}

function Restricted({ user }: { user: SessionUser }) {
  return (
    <main id="main" tabIndex={-1} class="login">
      {user.sessionScope === 'password' ? <PasswordPage forced /> : <TotpPage required />}
      <p>
        <button type="button" class="secondary small" onClick={() => void logout()}>
          退出登录
        </button>
      </p>
    </main>
  );
}

function App() {
  const [user, setUser] = useState<SessionUser | null>(currentUser());
  const [restoring, setRestoring] = useState(true);
  useEffect(() => {
    const off = onSessionChange(setUser);
    void restoreSession().finally(() => setRestoring(false));
    return off;
  }, []);
  if (restoring) return <p class="boot">正在加载督办系统……</p>;
  // A deep link (e.g. a task from an email) survives the login; the bare address goes home.
  if (!user) return <Login onDone={(u) => currentPath() === '/' && navigate(home(u.role))} />;
  // A restricted session (password due, second factor to set up) shows only what lifts it.
  if (user.sessionScope !== 'full') return <Restricted user={user} />;
  return <Shell user={user} />;
}

render(<App />, document.getElementById('app')!);
