import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runGenerator } from '../../scripts/bench/load/processes';

/**
 * The load rows' open loop (scripts/bench/load/generator.ts, run in its own process as the bench
 * runs it) must not hide a stall of the service: requests go out on their schedule whatever the
 * answers, and a request's latency runs from its scheduled time. Against a server that answers
 * nothing for a second and a half, with only two sockets (so most of the requests due meanwhile wait for
 * a socket), a generator that measured from the moment a request left, or that waited for answers
 * before sending, would report all but a few of them as fast as the rest.
 */
describe('the load generator (open loop)', () => {
  let server: Server;
  let url: string;
  const STALL_AFTER_MS = 1000;
  const STALL_MS = 1500;

  beforeAll(async () => {
    let first = 0;
    const held: (() => void)[] = [];
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const now = performance.now();
        first ||= now;
        const answer = () => res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
        const since = now - first;
        if (since >= STALL_AFTER_MS && since < STALL_AFTER_MS + STALL_MS) {
          if (held.push(answer) === 1) {
            setTimeout(
              () => held.splice(0).forEach((a) => a()),
              first + STALL_AFTER_MS + STALL_MS - now,
            );
          }
        } else answer();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends on schedule through a stall and counts the wait from the scheduled time', async () => {
    const { phases } = await runGenerator({
      target: { kind: 'bare', url },
      phases: [{ kind: 'open', rate: 100, seconds: 4, sockets: 2 }],
      servicePid: process.pid,
    });
    const [open] = phases;
    expect(open).toMatchObject({ kind: 'open', requests: 400, ok: 400, failed: 0 });
    // 150 of the 400 requests fall due during the stall and wait 0–1,500 ms for their answer: the
    // 90th percentile is among them. (Not the median: on a loaded machine it can be 200–300 ms.)
    expect(open!.p90).toBeGreaterThan(800);
    expect(open!.p99).toBeGreaterThan(1200);
  }, 30_000);
});
