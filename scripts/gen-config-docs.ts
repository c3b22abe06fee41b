import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { CONFIG_DOCS_FILE, currentConfigDocs } from './config-docs';

/**
 * `npm run gen:config-docs`: writes docs/configuration.md from the config schema
 * (src/config/env.validation.ts). Fails, writing nothing, when a key has no JSDoc.
 */
try {
  const text = currentConfigDocs();
  mkdirSync(dirname(CONFIG_DOCS_FILE), { recursive: true });
  writeFileSync(CONFIG_DOCS_FILE, text);
  console.log(`wrote ${relative(process.cwd(), CONFIG_DOCS_FILE)}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
