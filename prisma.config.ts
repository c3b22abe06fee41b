import { defineConfig } from 'prisma/config';

// Prisma 7 reads no .env and keeps the URL out of schema.prisma. `env()` would throw when unset,
// which breaks `prisma generate` on a fresh clone, hence the fallback.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
