/**
 * The load generator of the load rows, a process of its own (forked by processes.ts: it receives
 * one GeneratorSpec over IPC, runs its phases in order, sends back a GeneratorResult and exits).
 *
 * - `closed`: autocannon with `connections` connections for `seconds`: each connection sends its
 *   next request when the previous answer arrives, so the rate is what the service sustains.
 * - `open`: `rate` requests per second for `seconds` on a fixed schedule (request i at t0 + i/rate),
 *   sent whatever the answers, over a keep-alive pool of up to `sockets` sockets. A request's
 *   latency runs from its scheduled time, not from when it left, so a stalled service or a late
 *   generator shows in the figures instead of slowing the sender (no coordinated omission).
 *
 * Around each phase it reads the service process's CPU time from /proc (the service's pid is in
 * the spec), so that Node CPU per request covers exactly the phase's requests.
 */
import autocannon from 'autocannon';
import { writeFileSync } from 'node:fs';
import { Agent, type ClientRequest, request } from 'node:http';
import { processCpuMs } from './processes';

/** A task a liaison reports on: the report version it holds, the liaison's access token. */
export interface TaskSlot {
  id: string;
  version: number;
  token: string;
}

export type GeneratorTarget =
  | { kind: 'bare'; url: string }
  | {
      kind: 'report';
      url: string;
      /** Shared by the closed phases: a connection takes a task no other is reporting on. */
      closedTasks: TaskSlot[];
      /** One per request of the open phases, each reported on once. */
      openTasks: TaskSlot[];
    };

export type Phase =
  | { kind: 'closed'; seconds: number; connections: number }
  | { kind: 'open'; rate: number; seconds: number; sockets: number };

export interface GeneratorSpec {
  target: GeneratorTarget;
  phases: Phase[];
  /** The process under load, whose CPU time is read around each phase. */
  servicePid: number;
}

export interface PhaseResult {
  kind: Phase['kind'];
  requests: number;
  /** Answers 201. */
  ok: number;
  /** Any other answer, a socket error or a timeout. */
  failed: number;
  /** What refused, by status and the start of the body (at most a few kinds). */
  refusals: Record<string, number>;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Node CPU of the service process during the phase, per request it received, ms. */
  serviceCpuMs: number;
  /** CPU of this generator per request, ms (it must stay far below the service's). */
  generatorCpuMs: number;
  /** Open loop: how late the generator issued requests (issued − scheduled): p99 and worst, ms. */
  sendLagP99?: number;
  sendLagMax?: number;
}

export interface GeneratorResult {
  phases: PhaseResult[];
}

const REPORT = { percent: 60, narrative: '已完成选址,正在组织施工招标。' };
const BARE_BODY = JSON.stringify({ n: 60, text: REPORT.narrative });
/** A request unanswered this long (in the open loop: after its scheduled time) is an error. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: ArrayLike<number>, q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : 0;

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A report on the slot's task, by the slot's liaison, on the version the slot holds. */
const reportRequest = (slot: TaskSlot) => ({
  path: `/api/v1/tasks/${slot.id}/reports`,
  headers: { ...JSON_HEADERS, authorization: `Bearer ${slot.token}` },
  body: JSON.stringify({ ...REPORT, version: slot.version }),
});
const BARE_REQUEST = { path: '/bare', headers: JSON_HEADERS, body: BARE_BODY };

function countRefusal(refusals: Record<string, number>, status: number, body: string): void {
  const key = `${status} ${body.slice(0, 80)}`;
  refusals[key] = (refusals[key] ?? 0) + 1;
}

async function closedLoop(
  target: GeneratorTarget,
  phase: Extract<Phase, { kind: 'closed' }>,
  measure: (requests: number) => { serviceCpuMs: number; generatorCpuMs: number },
): Promise<PhaseResult> {
  const refusals: Record<string, number> = {};
  let requests: autocannon.Request[];
  if (target.kind === 'bare') {
    requests = [{ method: 'POST', path: '/bare', body: BARE_BODY }];
  } else {
    // Tasks not in flight, each with the version its last answer gave: with one request in flight
    // per connection and more tasks than connections, a request always finds a free task and every
    // answer is a 201 (autocannon gives each request a fresh context, so the state lives here).
    const free = target.closedTasks;
    type Ctx = { slot?: TaskSlot };
    requests = [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const slot = free.shift()!;
          (context as Ctx).slot = slot;
          return { ...req, ...reportRequest(slot) };
        },
        onResponse: (status, body, context) => {
          const slot = (context as Ctx).slot!;
          if (status === 201) slot.version = (JSON.parse(body) as { version: number }).version;
          else {
            countRefusal(refusals, status, body);
            if (status === 409) {
              slot.version = (
                JSON.parse(body) as { details: { currentVersion: number } }
              ).details.currentVersion;
            }
          }
          free.push(slot);
        },
      },
    ];
  }
  const result = await autocannon({
    url: target.url,
    connections: phase.connections,
    duration: phase.seconds,
    timeout: REQUEST_TIMEOUT_MS / 1000,
    headers: JSON_HEADERS,
    requests,
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  return {
    kind: 'closed',
    requests: result.requests.total,
    ok: result.requests.total - result.non2xx,
    failed,
    refusals,
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    ...measure(result.requests.total),
  };
}

function openLoop(
  target: GeneratorTarget,
  phase: Extract<Phase, { kind: 'open' }>,
  measure: (requests: number) => { serviceCpuMs: number; generatorCpuMs: number },
): Promise<PhaseResult> {
  const total = Math.round(phase.rate * phase.seconds);
  if (target.kind === 'report' && target.openTasks.length < total) {
    throw new Error(`the open loop needs ${total} tasks, it has ${target.openTasks.length}`);
  }
  const interval = 1000 / phase.rate;
  const agent = new Agent({ keepAlive: true, maxSockets: phase.sockets });
  const { hostname, port } = new URL(target.url);
  const latencies = new Float64Array(total);
  const lags = new Float64Array(total);
  const refusals: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let answered = 0;
  /** Requests that left on a socket: the service's work (one still waiting for a socket when
   *  given up on cost it nothing; one that timed out on the wire was likely done all the same). */
  let sent = 0;
  let firstSent = 0;
  let lastAnswer = 0;
  const outstanding = new Set<ClientRequest>();

  return new Promise((resolve) => {
    const finish = (i: number, scheduled: number, status: number, body: string) => {
      const now = performance.now();
      latencies[i] = now - scheduled;
      lastAnswer = now;
      if (status === 201) ok++;
      else {
        failed++;
        countRefusal(refusals, status, body);
      }
      if (++answered < total) return;
      agent.destroy();
      // BENCH_LOAD_TRACE=<prefix>: every request's latency in schedule order, to see when the
      // slow ones were (a stall at the phase's head, or spread through it).
      const trace = process.env.BENCH_LOAD_TRACE;
      if (trace)
        writeFileSync(`${trace}-${target.kind}.json`, JSON.stringify(Array.from(latencies)));
      const sorted = latencies.slice().sort();
      const sortedLags = lags.slice().sort();
      resolve({
        kind: 'open',
        requests: total,
        ok,
        failed,
        refusals,
        rps: (total * 1000) / (lastAnswer - firstSent),
        p50: percentile(sorted, 0.5),
        p90: percentile(sorted, 0.9),
        p99: percentile(sorted, 0.99),
        max: sorted[total - 1]!,
        sendLagP99: percentile(sortedLags, 0.99),
        sendLagMax: sortedLags[total - 1]!,
        ...measure(sent),
      });
    };
    const send = (i: number, scheduled: number) => {
      const work = target.kind === 'report' ? reportRequest(target.openTasks[i]!) : BARE_REQUEST;
      let settled = false;
      const settle = (status: number, body: string) => {
        if (settled) return;
        settled = true;
        outstanding.delete(req);
        finish(i, scheduled, status, body);
      };
      const req = request(
        {
          agent,
          host: hostname,
          port,
          method: 'POST',
          path: work.path,
          headers: { ...work.headers, 'content-length': Buffer.byteLength(work.body) },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => settle(res.statusCode ?? 0, Buffer.concat(chunks).toString()));
          res.on('error', (err) => settle(0, err.message));
        },
      );
      req.once('socket', () => sent++);
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => settle(0, err.message));
      outstanding.add(req);
      req.end(work.body);
    };
    const t0 = performance.now() + 50;
    firstSent = t0;
    let next = 0;
    const pump = () => {
      const now = performance.now();
      // Every request whose time has come goes now, however late this timer fired.
      while (next < total && t0 + next * interval <= now) {
        const scheduled = t0 + next * interval;
        lags[next] = now - scheduled;
        send(next, scheduled);
        next++;
      }
      if (next < total) setTimeout(pump, Math.max(0, t0 + next * interval - performance.now()));
      // A service that cannot keep up does not make the phase last: what is still unanswered
      // when the last request is REQUEST_TIMEOUT_MS past its time (whether sent or still waiting
      // for a socket) is a timeout.
      else {
        setTimeout(() => {
          for (const req of outstanding) req.destroy(new Error('timeout'));
        }, REQUEST_TIMEOUT_MS).unref();
      }
    };
    setTimeout(pump, 50);
  });
}

async function run(spec: GeneratorSpec): Promise<GeneratorResult> {
  const phases: PhaseResult[] = [];
  for (const phase of spec.phases) {
    const serviceBefore = processCpuMs(spec.servicePid);
    const selfBefore = process.cpuUsage();
    const measure = (requests: number) => {
      const self = process.cpuUsage(selfBefore);
      const n = Math.max(1, requests);
      return {
        serviceCpuMs: (processCpuMs(spec.servicePid) - serviceBefore) / n,
        generatorCpuMs: (self.user + self.system) / 1000 / n,
      };
    };
    phases.push(
      phase.kind === 'closed'
        ? await closedLoop(spec.target, phase, measure)
        : await openLoop(spec.target, phase, measure),
    );
  }
  return { phases };
}

// Forked by runGenerator (processes.ts); imported elsewhere (for its types), it does nothing.
if (require.main === module)
  process.once('message', (spec: GeneratorSpec) => {
    run(spec).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (err: unknown) =>
        process.send!(
          { error: err instanceof Error ? (err.stack ?? err.message) : String(err) },
          () => process.exit(1),
        ),
    );
  });
