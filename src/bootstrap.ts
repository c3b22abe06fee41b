import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/errors/validation';
import { rejectOtherBodyTypes } from './common/http/body-type';
import { rejectDeepJson } from './common/http/json-depth';
import { notFoundOutsideApi } from './common/http/not-found';
import { rejectNulBytes } from './common/http/nul-bytes';
import { noStore, securityHeaders } from './common/http/security-headers';
import { serveWebUi } from './common/http/web-ui';
import { AppConfig } from './config/app-config.service';
import { ShutdownDrain } from './infra/lifecycle/shutdown-drain';
import { trustProxySetting } from './config/trust-proxy';
import { requestContextMiddleware } from './modules/audit/request-context';
import { httpMetrics } from './modules/metrics/http-metrics';
import { METRICS_PATH, MetricsEndpoint } from './modules/metrics/metrics-endpoint';
import { MetricsRegistry } from './modules/metrics/metrics-registry';
import { QueueBoard } from './modules/queue-board/queue-board';

/** Builds the HTTP application exactly as production runs it; e2e tests use this too. */
export async function createApp(): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, { bufferLogs: true, bodyParser: false });
  configureApp(app);
  return app;
}

export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  const http = app.getHttpAdapter().getInstance() as import('express').Express;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const express = require('express') as typeof import('express');
  // First: the drain counts every request in flight and closes connections once it has begun.
  http.use(app.get(ShutdownDrain).trackRequests);
  // Then: every request is timed, by its route template.
  http.use(httpMetrics(app.get(MetricsRegistry).httpDuration));
  // Security headers on every response; the web interface's pages set their own CSP (web-ui.ts).
  http.disable('x-powered-by');
  http.use(securityHeaders());
  http.use('/api/v1', noStore);
  const config = app.get(AppConfig);
  const trustProxy = trustProxySetting(config.get('TRUST_PROXY'));
  if (trustProxy !== undefined) http.set('trust proxy', trustProxy);
  // Outside /api/v1, so before the web interface's 404: Prometheus (its own access rule) and the
  // administrator's queue board (its own cookie sign-in).
  const metrics = app.get(MetricsEndpoint);
  http.get(METRICS_PATH, metrics.handle);
  app.get(QueueBoard).mount(http);
  // The web interface at `/` (static files; a path it does not have falls through to the API).
  if (!serveWebUi(http, express, config.get('WEB_UI_DIR'))) {
    app.get(Logger).warn('web UI not built (web/dist missing): run `npm run build:web`');
  }
  http.use(notFoundOutsideApi);
  http.use(rejectOtherBodyTypes);
  http.use(express.json({ limit: '2mb' }));
  http.use(rejectDeepJson);
  http.use(rejectNulBytes);
  // After the body parser, which resumes the chain from a stream callback (outside any context).
  http.use(requestContextMiddleware);
  app.setGlobalPrefix('api/v1', { exclude: ['/'] });
  app.useGlobalPipes(createValidationPipe());
  if (app.get(AppConfig).get('API_DOCS_ENABLED')) {
    SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app));
  }
}

/**
 * The OpenAPI document of the API, served at /api/docs. `npm run gen:web-types` builds it from an
 * app created in preview mode (no database, no Redis) to generate the web interface's types.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('duban 督办 API')
    .setDescription(
      'Supervision of responsibility-decomposition plans. Errors: { code, message, details }.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}
