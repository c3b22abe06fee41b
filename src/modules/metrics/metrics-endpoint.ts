import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config.service';
import { checkScrape, metricsAccessRule, MetricsAccessRule, ScrapeRequest } from './metrics-access';
import { MetricsRegistry } from './metrics-registry';

/** The path Prometheus scrapes, on the API's port and on METRICS_PORT. */
export const METRICS_PATH = '/metrics';

/**
 * Serves the registry at /metrics behind the access rule (METRICS_TOKEN, METRICS_ALLOW, else
 * loopback only): on the API's own port (mounted by configureApp) and, when METRICS_PORT is set,
 * on a listener of its own, which is how a worker process (no HTTP API) is scraped.
 */
@Injectable()
export class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsEndpoint.name);
  private readonly rule: MetricsAccessRule;
  private server?: Server;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly config: AppConfig,
  ) {
    this.rule = metricsAccessRule(config.get('METRICS_TOKEN'), config.get('METRICS_ALLOW'));
  }

  /** Express handler for GET /metrics on the API's port (`req.ip` follows TRUST_PROXY). */
  readonly handle = (req: Request, res: Response): void => {
    void this.answer({ ip: req.ip, headers: req.headers }, (status, type, body) =>
      res.status(status).type(type).send(body),
    );
  };

  /** The port of the metrics-only listener, once it listens (tests bind port 0). */
  get listenerPort(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.get('METRICS_PORT');
    if (port === undefined) return;
    const server = createServer((req, res) => this.serveListener(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.get('HOST'), () => resolve());
    });
    this.logger.log(
      `metrics listening on ${this.config.get('HOST')}:${this.listenerPort}${METRICS_PATH}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private serveListener(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      const body = JSON.stringify({ code: 'NOT_FOUND', message: '请求的内容不存在' });
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(body);
      return;
    }
    void this.answer({ ip: req.socket.remoteAddress, headers: req.headers }, (status, type, body) =>
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body),
    );
  }

  private async answer(
    req: ScrapeRequest,
    send: (status: number, contentType: string, body: string) => void,
  ): Promise<void> {
    const refusal = checkScrape(this.rule, req);
    if (refusal) {
      send(refusal.status, 'application/json; charset=utf-8', JSON.stringify(refusal.body));
      return;
    }
    try {
      const { contentType, body } = await this.metrics.render();
      send(200, contentType, body);
    } catch (err) {
      this.logger.error(err, 'metrics could not be rendered');
      const body = { code: 'INTERNAL', message: '系统内部错误,请稍后重试或联系管理员' };
      send(500, 'application/json; charset=utf-8', JSON.stringify(body));
    }
  }
}
