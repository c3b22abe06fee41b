import { readFileSync } from 'node:fs';
import {
  CONFIG_DOCS_FILE,
  CONFIG_SCHEMA_FILE,
  ConfigKey,
  currentConfigDocs,
  readConfigKeys,
  renderConfigDocs,
} from '../../scripts/config-docs';
import { EnvironmentVariables, validateEnv } from './env.validation';

const keys = readConfigKeys(readFileSync(CONFIG_SCHEMA_FILE, 'utf8'));
const defaults = { ...new EnvironmentVariables() } as Record<string, unknown>;
const STRONG_SECRET = 'a'.repeat(48);

/** A value of the key's type that differs from its default. */
function otherValue(key: ConfigKey): string {
  if (key.type.startsWith('boolean')) return defaults[key.name] === true ? 'false' : 'true';
  if (/^(integer|number)/.test(key.type)) return String(Number(defaults[key.name] ?? 1) + 1);
  return '2026-01-05T00:00:00.000Z';
}

describe('docs/configuration.md (npm run gen:config-docs)', () => {
  it('is the reference generated from the config schema as it is now', () => {
    const committed = readFileSync(CONFIG_DOCS_FILE, 'utf8');
    const generated = currentConfigDocs();
    if (generated !== committed) {
      throw new Error('docs/configuration.md is stale: run npm run gen:config-docs and commit it');
    }
  });

  it('documents every key of the schema, each with its type and default', () => {
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((k) => !k.description).map((k) => k.name)).toEqual([]);
    const text = readFileSync(CONFIG_DOCS_FILE, 'utf8');
    for (const k of keys) expect(text).toContain(`| \`${k.name}\``);
    const port = keys.find((k) => k.name === 'PORT')!;
    expect(port.type).toBe('integer 0–65535');
    expect(keys.find((k) => k.name === 'PROCESS_ROLE')!.type).toBe('`all`, `api`, `worker`');
    expect(text).toContain('| `REFRESH_TTL_SECONDS` | integer ≥ 60 (seconds) | `2592000`');
  });

  it('refuses to render a key without a description, naming it', () => {
    const schema = `
      export class EnvironmentVariables {
        /** Documented. */
        @IsString()
        GOOD = 'x';

        @IsInt()
        @Min(1)
        SILENT_KEY = 3;

        /** A union without @IsIn. */
        @IsOptional()
        @IsString()
        MODE?: 'a' | 'b';
      }`;
    const parsed = readConfigKeys(schema, 'fixture.ts');
    expect(parsed.map((k) => [k.name, k.type])).toEqual([
      ['GOOD', 'string'],
      ['SILENT_KEY', 'integer ≥ 1'],
      ['MODE', '`a`, `b`'],
    ]);
    expect(() => renderConfigDocs(parsed, { GOOD: 'x', SILENT_KEY: 3 })).toThrow(
      /without a description.*SILENT_KEY/,
    );
  });

  /** A valid production environment with only the keys tagged required. */
  const requiredKeys = keys.filter((k) => k.production === 'required');
  const minimal = Object.fromEntries(
    requiredKeys.map((k) => [k.name, k.type.startsWith('string') ? STRONG_SECRET : '1']),
  );

  it('marks as required exactly the keys production cannot start without', () => {
    expect(requiredKeys.map((k) => k.name)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET']),
    );
    // Nothing else is needed (DUBAN_MODE defaults to production)...
    expect(validateEnv(minimal).DUBAN_MODE).toBe('production');
    // ...and each required key is.
    for (const { name } of requiredKeys) {
      const env = { ...minimal };
      delete env[name];
      expect(() => validateEnv(env)).toThrow(/Invalid configuration/);
    }
  });

  it('marks as refused exactly the keys production refuses', () => {
    const refused = keys.filter((k) => k.production === 'refused');
    expect(refused.map((k) => k.name)).toEqual(
      expect.arrayContaining(['CLOCK_SPEED', 'CLOCK_VIRTUAL_START', 'ROBOT_ALLOW_PRIVATE_TARGETS']),
    );
    for (const key of keys) {
      const env = { ...minimal, [key.name]: otherValue(key) };
      if (key.production === 'refused') {
        expect(() => validateEnv(env)).toThrow(/demo and tests only/);
        expect(() => validateEnv({ ...env, DUBAN_MODE: 'demo' })).not.toThrow();
      } else if (!key.production) {
        // Another value of an untagged key is not refused for being set (bounds aside).
        try {
          validateEnv(env);
        } catch (err) {
          expect(String(err)).not.toMatch(/demo and tests only/);
        }
      }
    }
  });
});
