import { createConnection, createServer, Server, Socket } from 'node:net';
import { freePort } from './free-port';

/**
 * A TCP relay on 127.0.0.1 between a service and PostgreSQL (or anything else), which a fault test
 * can cut and restore: `cut()` drops every open connection and refuses new ones, as a database
 * restart or a network outage would; `restore()` accepts connections again on the same port.
 */
export interface TcpProxy {
  port: number;
  /** Connections accepted so far (each one relayed to the target). */
  readonly accepted: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const port = await freePort();
  const open = new Set<Socket>();
  let accepted = 0;
  let server: Server | null = null;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const srv = createServer((client) => {
        accepted++;
        const upstream = createConnection(target);
        open.add(client);
        open.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        server = srv;
        resolve();
      });
    });

  const close = async () => {
    const srv = server;
    server = null;
    for (const s of open) s.destroy();
    open.clear();
    if (srv) await new Promise((r) => srv.close(r));
  };

  await listen();
  return {
    port,
    get accepted() {
      return accepted;
    },
    cut: close,
    restore: async () => {
      if (!server) await listen();
    },
    stop: close,
  };
}
