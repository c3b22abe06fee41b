import { ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port';

/** A throw-away redis-server of the test's own, so fault tests can flush, kill or restart it. */
export interface PrivateRedis {
  url: string;
  flushAll(): Promise<void>;
  /**
   * Kills the server with SIGKILL and starts a new, empty one on the same port (nothing is kept on
   * disk): every client connection drops and every key is gone, as after a crash of a cache-only Redis.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 100,
  });
  client.on('error', () => undefined);

  let child: ChildProcess;
  const exit = (c: ChildProcess) =>
    new Promise((r) =>
      c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r),
    );
  const launch = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    for (let i = 0; ; i++) {
      try {
        if (client.status === 'wait' || client.status === 'end') await client.connect();
        if ((await client.ping()) === 'PONG') return;
      } catch {
        if (i > 100) throw new Error('private redis-server did not start');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await launch();
  return {
    url,
    flushAll: async () => {
      await client.flushall();
    },
    restart: async () => {
      const old = child;
      old.kill('SIGKILL');
      await exit(old);
      await launch();
    },
    stop: async () => {
      client.disconnect();
      child.kill('SIGTERM');
      await exit(child);
    },
  };
}
