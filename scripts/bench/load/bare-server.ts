/**
 * The bare-insert baseline of the load rows, a process of its own: the service's stack (Nest,
 * express, `PrismaService` over @prisma/adapter-pg, the configuration validated as the service
 * validates it) with one route that inserts one row into `bench_bare` and nothing else: no guard,
 * no validation pipe, no logging middleware, no audit. Compiled with the service (build.ts) and run
 * as `node bare-server.js` with the service's environment; listens on HOST:PORT and prints
 * `bare-insert listening` when ready.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfigModule } from '../../../src/config/config.module';
import { AppConfig } from '../../../src/config/app-config.service';
import { PrismaModule } from '../../../src/infra/prisma/prisma.module';
import { PrismaService } from '../../../src/infra/prisma/prisma.service';

@Controller('bare')
class BareController {
  constructor(private readonly prisma: PrismaService) {}

  @Post()
  @HttpCode(201)
  async insert(@Body() body: { n?: number; text?: string }): Promise<{ id: string }> {
    const [row] = await this.prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO bench_bare (n, text) VALUES (${body.n ?? 0}, ${body.text ?? ''}) RETURNING id::text`;
    return row!;
  }
}

@Module({ imports: [AppConfigModule, PrismaModule], controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  await app.listen(config.get('PORT'), config.get('HOST'));
  console.log(`bare-insert listening on ${config.get('HOST')}:${config.get('PORT')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
