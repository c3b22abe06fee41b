import 'reflect-metadata';
import { AppConfig } from './config/app-config.service';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const app = await createApp();
  const config = app.get(AppConfig);
  await app.listen(config.get('PORT'), '127.0.0.1');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
