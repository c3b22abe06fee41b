/**
 * The API client: access token in memory only, refresh token in sessionStorage (this tab only).
 * A 401 is answered by one refresh (shared by concurrent calls) and one retry; a failed refresh
 * ends the session. Errors are the API's `{ code, message, details }`, messages in Chinese.
 */
import type { SecondFactorChallenge, SessionUser, SignedIn } from './types';

export interface FieldProblem {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export type { SessionUser };

const BASE = '/api/v1';
const REFRESH_KEY = 'duban.refreshToken';

let accessToken: string | null = null;
let user: SessionUser | null = null;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<(u: SessionUser | null) => void>();

export const currentUser = (): SessionUser | null => user;

export function onSessionChange(fn: (u: SessionUser | null) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function setSession(u: SessionUser | null): void {
  user = u;
  listeners.forEach((fn) => fn(u));
}

function storeRefresh(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(REFRESH_KEY, token);
    else sessionStorage.removeItem(REFRESH_KEY);
  } catch {
    // Storage refused (private mode): the session then lasts as long as the page.
  }
}

function storedRefresh(): string | null {
  try {
    return sessionStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

async function toError(res: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; details?: FieldProblem[] } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON (a proxy's page): fall back below
  }
  return new ApiError(
    res.status,
    body.code ?? `HTTP_${res.status}`,
    body.message ?? `请求失败(${res.status}),请稍后重试`,
    Array.isArray(body.details) ? body.details : [],
  );
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  try {
    return await fetch(BASE + path, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器,请检查网络后重试');
  }
}

/** Exchanges the stored refresh token once; concurrent callers share the same attempt. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const token = storedRefresh();
    if (!token) return false;
    const res = await send('POST', '/auth/refresh', { refreshToken: token }).catch(() => null);
    if (!res || !res.ok) {
      accessToken = null;
      storeRefresh(null);
      return false;
    }
    const pair = (await res.json()) as { accessToken: string; refreshToken: string };
    accessToken = pair.accessToken;
    storeRefresh(pair.refreshToken);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Any call: one refresh and one retry on 401, then the session ends. */
export async function raw(method: string, path: string, body?: unknown): Promise<Response> {
  let res = await send(method, path, body);
  if (res.status === 401 && !path.startsWith('/auth/')) {
    if (await refreshSession()) res = await send(method, path, body);
    if (res.status === 401) {
      accessToken = null;
      storeRefresh(null);
      setSession(null);
    }
  }
  if (!res.ok) throw await toError(res);
  return res;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await raw(method, path, body);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/** Downloads a file the API streams (CSV exports), with the same auth and refresh. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await raw('GET', path);
  const disposition = res.headers.get('content-disposition') ?? '';
  // The UTF-8 name (filename*, RFC 6266) when given, else the plain one.
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const blob = await res.blob();
  saveBlob(blob, utf8 ? decodeURIComponent(utf8) : (plain ?? fallbackName));
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The password step: signed in, or a challenge for the second step (TOTP or recovery code). */
export type LoginOutcome =
  | { secondFactorRequired: false; user: SessionUser }
  | { secondFactorRequired: true; challengeToken: string };

function signedIn(body: SignedIn): SessionUser {
  accessToken = body.accessToken;
  storeRefresh(body.refreshToken);
  setSession(body.user);
  return body.user;
}

export async function login(username: string, password: string): Promise<LoginOutcome> {
  const res = await send('POST', '/auth/login', { username, password });
  if (!res.ok) throw await toError(res);
  const body = (await res.json()) as SignedIn | SecondFactorChallenge;
  if ('challengeToken' in body) {
    return { secondFactorRequired: true, challengeToken: body.challengeToken };
  }
  return { secondFactorRequired: false, user: signedIn(body) };
}

/** The second step: the challenge of `login` with a code of the authenticator or a recovery code. */
export async function loginSecondStep(challengeToken: string, code: string): Promise<SessionUser> {
  const res = await send('POST', '/auth/login/totp', { challengeToken, code });
  if (!res.ok) throw await toError(res);
  return signedIn((await res.json()) as SignedIn);
}

/** Reads the caller again (after a password change or an enrolment lifted a restriction). */
export async function reloadUser(): Promise<SessionUser> {
  const me = await get<SessionUser>('/auth/me');
  setSession(me);
  return me;
}

export async function logout(): Promise<void> {
  const token = storedRefresh();
  accessToken = null;
  storeRefresh(null);
  setSession(null);
  if (token) await send('POST', '/auth/logout', { refreshToken: token }).catch(() => undefined);
}

/** On page load: a refresh token left in this tab brings the session back. */
export async function restoreSession(): Promise<SessionUser | null> {
  if (!storedRefresh() || !(await refreshSession())) return null;
  try {
    const me = await get<SessionUser>('/auth/me');
    setSession(me);
    return me;
  } catch {
    return null;
  }
}
