import { Client } from 'pg';
import type { TestApp } from '../test-app';
import type { Operation } from './openapi';
import { queryPairs } from './values';

/** CJK Unified Ideographs: a refusal's message must be readable by a liaison. */
const CJK = /[\u4e00-\u9fff]/;
const CODE = /^[A-Z][A-Z0-9_]+$/;
/**
 * Refusals that must leave the database as it was. 401, 403 and 429 may record the refusal itself
 * (access denials, failed sign-ins, lockouts); the audit trail and the refusal counts
 * (access_denial_minute) are left out of the comparison anyway.
 */
const MUST_NOT_WRITE = new Set([400, 404, 409, 413, 415, 422]);
/** 400s that are failed authentications: they count towards the account's lockout. */
const COUNTS_AS_FAILED_SIGN_IN = new Set(['CURRENT_PASSWORD_WRONG']);

/** `encodeURIComponent`, but a lone surrogate is sent as its (invalid) UTF-8 bytes, not a throw. */
export function encodeHostile(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out +=
        `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(text[i]!);
    }
  }
  return out;
}

export interface FuzzProblem {
  request: string;
  why: string;
  status: number;
  body: string;
}

interface RouteTally {
  route: string;
  who: string;
  inputs: number;
  statuses: Map<number, number>;
  ms: number;
}

/**
 * Sends the fuzz suite's requests and judges each answer; tallies what was sent per route for the
 * report, and compares the database before and after each refused request.
 */
export class FuzzProbe {
  readonly problems: FuzzProblem[] = [];
  total = 0;
  fiveHundreds = 0;
  private readonly tallies: RouteTally[] = [];
  private current: RouteTally | null = null;
  private fingerprintSql = '';
  private last = '';
  private started = Date.now();
  /** Time spent comparing the database, apart from the requests. */
  private checkMs = 0;
  /** Refused requests not yet compared (see verifyUnchecked). */
  private unchecked: string[] = [];

  private readonly pg = new Client({ connectionString: process.env.DATABASE_URL });

  constructor(private readonly t: TestApp) {}

  /** Builds one query that counts the rows of every table and their newest version (xmin). */
  async init(): Promise<void> {
    const tables = await this.t.prisma.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('_prisma_migrations', 'audit_event', 'access_denial_minute')
      ORDER BY 1`;
    // A session's last_seen_at is touched once a minute of real time by any request (reads too):
    // sessions are counted, not versioned, or a run longer than a minute blames a read for it.
    const parts = tables.map(({ name }) =>
      name === 'auth_session'
        ? `(SELECT count(*)::text FROM "${name}")`
        : `(SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM "${name}")`,
    );
    this.fingerprintSql = `SELECT concat_ws(',', ${parts.join(', ')}) AS f`;
    await this.pg.connect();
    this.last = await this.fingerprint();
    this.started = Date.now();
  }

  private async fingerprint(): Promise<string> {
    const started = Date.now();
    // A prepared statement on a connection of its own: a third of the suite's time went to these.
    const { rows } = await this.pg.query<{ f: string }>({
      name: 'fuzz-fingerprint',
      text: this.fingerprintSql,
    });
    this.checkMs += Date.now() - started;
    return rows[0]!.f;
  }

  async close(): Promise<void> {
    await this.pg.end();
  }

  /** Opens a route's tally (after its baseline requests, which may have written). */
  async startRoute(op: Operation, who: string): Promise<void> {
    this.last = await this.fingerprint();
    this.current = {
      route: `${op.method} ${op.path}`,
      who,
      inputs: 0,
      statuses: new Map(),
      ms: Date.now(),
    };
  }

  /** Closes a route's tally; a read-only route must not have changed anything either. */
  async endRoute(): Promise<void> {
    const c = this.current!;
    await this.verifyUnchecked();
    c.ms = Date.now() - c.ms;
    this.tallies.push(c);
    this.current = null;
    const now = await this.fingerprint();
    if (c.route.startsWith('GET ') && now !== this.last) {
      this.problems.push({ request: c.route, why: 'a read changed rows', status: 0, body: '' });
    }
    this.last = now;
  }

  /**
   * Refusals of inputs outside the declared type or bounds are compared in a batch: before the
   * next request that may be accepted (and may write), and at the end of the route. A change
   * means one of them wrote; the batch is named.
   */
  private async verifyUnchecked(): Promise<void> {
    if (this.unchecked.length === 0) return;
    const now = await this.fingerprint();
    if (now !== this.last) {
      this.problems.push({
        request: this.unchecked.join(' | '),
        why: 'a refused request wrote rows',
        status: 0,
        body: '',
      });
    }
    this.last = now;
    this.unchecked = [];
  }

  /** Sends one request and judges its answer; returns the status. */
  async send(
    op: Operation,
    label: string,
    path: string,
    opts: {
      token?: string;
      body?: string;
      contentType?: string;
      query?: [string, unknown];
      /** The input is outside the field's declared type or bounds: it must be a 4xx. */
      refuse?: boolean;
    },
  ): Promise<number> {
    const query = opts.query
      ? `?${queryPairs(...opts.query)
          .map(([k, v]) => `${encodeHostile(k)}=${encodeHostile(v)}`)
          .join('&')}`
      : '';
    const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : opts.body;
    const writes = op.method !== 'GET' && this.current !== null;
    // Sign-in routes record their refusals (failed sign-ins, lockouts): each of their requests is
    // compared on its own, so that such a record is not blamed on a batch of earlier refusals.
    const batched = opts.refuse === true && !path.startsWith('/auth/');
    if (writes && !batched) await this.verifyUnchecked();
    const res = await fetch(`${this.t.url}/api/v1${path}${query}`, {
      method: op.method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(body !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : {}),
      },
      body,
    });
    const text = await res.text();
    if (this.current) {
      this.total++;
      this.current.inputs++;
      this.current.statuses.set(res.status, (this.current.statuses.get(res.status) ?? 0) + 1);
    }
    const request = `${op.method} ${op.path}: ${label}`;
    const problem = (why: string) =>
      this.problems.push({ request, why, status: res.status, body: text.slice(0, 300) });
    if (res.status >= 500) {
      this.fiveHundreds++;
      problem('5xx');
    } else if (opts.refuse && res.status < 400) {
      problem('accepted an input outside the declared type or bounds');
    }
    let parsed: Record<string, unknown> = {};
    if (res.status >= 400) {
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        problem('error body is not JSON');
      }
      const extra = Object.keys(parsed).filter((k) => !['code', 'message', 'details'].includes(k));
      if (typeof parsed.code !== 'string' || !CODE.test(parsed.code) || extra.length > 0) {
        problem('error without a stable code in { code, message, details }');
      } else if (typeof parsed.message !== 'string' || !CJK.test(parsed.message)) {
        problem('error message not in Chinese');
      }
    }
    if (writes && batched && MUST_NOT_WRITE.has(res.status)) {
      this.unchecked.push(request);
    } else if (writes) {
      // A batched input answered 401/403/429 lands here with the batch still unchecked: a change
      // is then blamed on them all.
      const now = await this.fingerprint();
      const mustNotWrite =
        MUST_NOT_WRITE.has(res.status) && !COUNTS_AS_FAILED_SIGN_IN.has(String(parsed.code));
      if (now !== this.last && (mustNotWrite || this.unchecked.length > 0)) {
        const batch =
          this.unchecked.length > 0 ? ` (or one of: ${this.unchecked.join(' | ')})` : '';
        problem(`a refused request wrote rows${batch}`);
      }
      this.last = now;
      this.unchecked = [];
    }
    return res.status;
  }

  /** What was tried: per route, the inputs sent and the answers; then the total. */
  report(seed: number): string {
    const lines = this.tallies.map((r) => {
      const answers = [...r.statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      return `  ${r.route} as ${r.who}: ${r.inputs} inputs → ${answers} (${(r.ms / 1000).toFixed(1)} s)`;
    });
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    return [
      `fuzz (seed ${seed}): ${this.tallies.length} routes × their path, query and body inputs = ` +
        `${this.total} requests in ${seconds} s (${(this.checkMs / 1000).toFixed(1)} s of row checks), ` +
        `${this.fiveHundreds} × 5xx, ${this.problems.length} problems`,
      ...lines,
    ].join('\n');
  }
}
