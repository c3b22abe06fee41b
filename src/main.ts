import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config.service';
import { createApp } from './bootstrap';
import { closeOnSignals, ExitCode } from './infra/lifecycle/shutdown-signals';

/**
 * The service's one entry point (`npm start` runs its compiled form, dist/main.js). PROCESS_ROLE
 * picks what this process runs: `all` and `api` serve HTTP; `worker` runs the queue workers and the
 * scheduler without an HTTP port. SIGTERM and SIGINT drain it within SHUTDOWN_GRACE_SECONDS
 * (infra/lifecycle): exit 0 when drained, 75 when the grace period ran out.
 */
async function main(): Promise<void> {
  const role = new AppConfig().get('PROCESS_ROLE');
  if (role === 'worker') {
    const context = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true });
    context.useLogger(context.get(Logger));
    handleSignals(context);
    context.get(Logger).log('duban worker started (PROCESS_ROLE=worker)', 'Main');
    return;
  }
  const app = await createApp();
  const config = app.get(AppConfig);
  handleSignals(app);
  await app.listen(config.get('PORT'), config.get('HOST'));
  app
    .get(Logger)
    .log(
      `duban API listening on ${config.get('HOST')}:${config.get('PORT')} (PROCESS_ROLE=${role})`,
      'Main',
    );
}

function handleSignals(app: INestApplicationContext): void {
  closeOnSignals(app, app.get(Logger), app.get(AppConfig).get('SHUTDOWN_GRACE_SECONDS'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(ExitCode.FAILED);
});
