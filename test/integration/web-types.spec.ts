import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * web/src/api-types.gen.ts is generated from the API's OpenAPI document (the server's DTOs): a DTO
 * changed without regenerating leaves the web interface reading shapes the server no longer sends.
 * The generator runs in a child process (openapi-typescript is an ES module jest cannot load).
 */
describe('web/src/api-types.gen.ts', () => {
  it('is what `npm run gen:web-types` generates from the current OpenAPI document', () => {
    const expected = execFileSync(
      process.execPath,
      ['-r', '@swc-node/register', join(ROOT, 'scripts', 'gen-web-types.ts'), '--stdout'],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 },
    );
    const committed = readFileSync(join(ROOT, 'web', 'src', 'api-types.gen.ts'), 'utf8');
    if (committed !== expected) {
      throw new Error(
        'web/src/api-types.gen.ts is stale (the OpenAPI document changed): run `npm run gen:web-types` and commit the result',
      );
    }
  });
});
