#!/usr/bin/env bash
# Prints the SQL that turns the schema at a git revision (default HEAD) into the working
# prisma/schema.prisma, using Prisma 6.19's WASM schema engine (Prisma 7's native engine cannot be
# downloaded on this network). Usage: scripts/migration-diff.sh [REV] > prisma/migrations/<ts>_<name>/migration.sql
set -euo pipefail
rev="${1:-HEAD}"
root="$(cd "$(dirname "$0")/.." && pwd)"
tool="${DUBAN_PRISMA6_DIR:-$HOME/.cache/duban-prisma6}"
if [ ! -x "$tool/node_modules/.bin/prisma" ]; then
  mkdir -p "$tool"
  (cd "$tool" && npm init -y >/dev/null && npm install --no-audit --no-fund prisma@6.19.3 @prisma/adapter-pg@7 pg >/dev/null)
fi
work="$(mktemp -d "$tool/work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The WASM engine wants a url in the datasource and no Prisma 7 generator options; the diff itself
# reads no data, but the engine's adapter connects to the local server.
prep() { sed -e '/^generator client {/,/^}/d' | sed 's#^  provider = "postgresql"#  provider = "postgresql"\n  url = "postgresql://localhost/unused"#'; }
git -C "$root" show "$rev:prisma/schema.prisma" | prep > "$work/old.prisma"
prep < "$root/prisma/schema.prisma" > "$work/new.prisma"
cat > "$work/prisma.config.ts" <<'CFG'
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'new.prisma',
  async adapter() { return new PrismaPg({ connectionString: 'postgresql://root@127.0.0.1:5432/postgres' }); },
} as never);
CFG
cd "$work"
PRISMA_QUERY_ENGINE_LIBRARY=/bin/true "$tool/node_modules/.bin/prisma" migrate diff \
  --from-schema-datamodel old.prisma --to-schema-datamodel new.prisma --script
