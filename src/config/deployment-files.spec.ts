import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_SCHEMA_FILE, readConfigKeys } from '../../scripts/config-docs';
import { productionNodeOptions } from '../../scripts/kit/node-flags';
import { MAX_PLAN_FILE_BYTES } from '../modules/plans/import/plan-document.reader';
import {
  MAX_EVIDENCE_FILE_BYTES,
  MAX_EVIDENCE_FILES,
} from '../modules/requests/evidence-upload.interceptor';
import { EnvironmentVariables, PROCESS_ROLES, validateEnv } from './env.validation';

/**
 * The deployment files of docs/operations.md (deploy/): the systemd units, the environment file
 * and the nginx site name only keys of the config schema, and agree with it and with each other.
 */
const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const schemaKeys = readConfigKeys(readFileSync(CONFIG_SCHEMA_FILE, 'utf8'));
const schemaNames = new Set(schemaKeys.map((k) => k.name));
const defaults = { ...new EnvironmentVariables() } as Record<string, unknown>;

/** KEY=value lines of the env example; commented ones (`# KEY=…`) are optional keys shown. */
function readEnvFile(text: string) {
  const set: Record<string, string> = {};
  const commented: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1]) commented.push(m[2]);
    else set[m[2]] = m[3].replace(/^"(.*)"$/, '$1');
  }
  return { set, commented };
}

/** `Key=value` lines of a unit (repeated keys in order). */
function readUnit(text: string): Map<string, string[]> {
  const unit = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) unit.set(m[1], [...(unit.get(m[1]) ?? []), m[2]]);
  }
  return unit;
}

const env = readEnvFile(read('deploy/duban.env.example'));
const units = {
  api: readUnit(read('deploy/systemd/duban-api.service')),
  worker: readUnit(read('deploy/systemd/duban-worker.service')),
};
const unitEnv = (unit: Map<string, string[]>) =>
  Object.fromEntries((unit.get('Environment') ?? []).map((e) => e.split(/=(.*)/s).slice(0, 2)));

describe('deploy/duban.env.example', () => {
  it('names only keys of the config schema', () => {
    const unknown = [...Object.keys(env.set), ...env.commented].filter((k) => !schemaNames.has(k));
    expect(unknown).toEqual([]);
  });

  it('sets every key production requires or that an installation must set', () => {
    const needed = schemaKeys.filter((k) => k.production === 'required' || k.production === 'set');
    expect(needed.length).toBeGreaterThan(5);
    expect(needed.map((k) => k.name).filter((k) => !(k in env.set))).toEqual([]);
    const refused = new Set(
      schemaKeys.filter((k) => k.production === 'refused').map((k) => k.name),
    );
    expect(Object.keys(env.set).filter((k) => refused.has(k))).toEqual([]);
  });

  it('leaves the role and port to the units, and the owner password out', () => {
    // An EnvironmentFile= key overrides the unit's Environment=: the API unit would run as a worker.
    for (const key of ['PROCESS_ROLE', 'PORT', 'MIGRATION_DATABASE_URL']) {
      expect(env.set).not.toHaveProperty(key);
    }
  });

  it('is a valid production configuration once JWT_SECRET is filled in, and refused before', () => {
    expect(env.set.JWT_SECRET).toBe('');
    expect(() => validateEnv(env.set)).toThrow(/JWT_SECRET/);
    const filled = validateEnv({ ...env.set, JWT_SECRET: 'x'.repeat(48) });
    expect(filled.DUBAN_MODE).toBe('production');
    expect(filled.TRUST_PROXY).toBe('1');
    expect(filled.MAIL_FROM).toBe('督办系统 <duban@example.gov.cn>');
  });
});

describe('deploy/systemd units', () => {
  it.each(Object.entries(units))(
    '%s: names only keys of the schema, with its own role',
    (role, unit) => {
      const keys = Object.keys(unitEnv(unit));
      expect(keys.filter((k) => !schemaNames.has(k))).toEqual([]);
      expect(unitEnv(unit).PROCESS_ROLE).toBe(role);
      expect(PROCESS_ROLES).toContain(role);
      expect(unit.get('EnvironmentFile')).toEqual(['/etc/duban/duban.env']);
    },
  );

  it.each(Object.entries(units))(
    '%s: runs the build as npm start does, as a user of its own',
    (_, unit) => {
      const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> })
        .scripts.start;
      // The options the load bench measures with (scripts/kit/node-flags.ts reads them from here).
      const options = productionNodeOptions();
      expect(options).toContain('--min-semi-space-size=16');
      expect(start).toBe(`node ${options.join(' ')} dist/main.js`);
      expect(unit.get('ExecStart')).toEqual([`/usr/bin/node ${options.join(' ')} dist/main.js`]);
      expect(unit.get('User')).toEqual(['duban']);
      expect(unit.get('Restart')).toEqual(['on-failure']);
    },
  );

  it.each(Object.entries(units))('%s: drains on SIGTERM before systemd kills it', (_, unit) => {
    expect(unit.get('KillSignal')).toEqual(['SIGTERM']);
    expect(unit.get('KillMode')).toEqual(['mixed']);
    // SHUTDOWN_GRACE_SECONDS (the drain's deadline; 30 before that key existed) plus margin.
    const grace = Number(env.set.SHUTDOWN_GRACE_SECONDS ?? defaults.SHUTDOWN_GRACE_SECONDS ?? 30);
    expect(Number(unit.get('TimeoutStopSec')![0])).toBeGreaterThanOrEqual(grace + 10);
  });

  it.each(Object.entries(units))(
    '%s: may write only the evidence and archive directories',
    (_, unit) => {
      expect(unit.get('ProtectSystem')).toEqual(['strict']);
      const writable = unit.get('ReadWritePaths')!.join(' ').split(/\s+/);
      expect(writable).toEqual(
        expect.arrayContaining([env.set.EVIDENCE_DIR, env.set.AUDIT_ARCHIVE_DIR]),
      );
      expect(unit.get('NoNewPrivileges')).toEqual(['yes']);
    },
  );

  const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find(existsSync);
  (analyze ? it : it.skip)('pass systemd-analyze verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duban-units-'));
    try {
      const files = ['duban-api.service', 'duban-worker.service'].map((name) => {
        const file = join(dir, name);
        // Node may live elsewhere on this machine: verify checks that ExecStart is executable.
        const text = read(`deploy/systemd/${name}`).replace('/usr/bin/node', process.execPath);
        writeFileSync(file, text);
        return file;
      });
      const run = spawnSync(analyze!, ['verify', ...files], { encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/nginx/duban.conf', () => {
  const conf = read('deploy/nginx/duban.conf').replace(/#.*$/gm, '');
  const publicServer = conf.split(/\bserver\s*\{/).find((block) => /listen 443 ssl/.test(block))!;

  it('accepts the largest upload the service accepts', () => {
    const m = /client_max_body_size (\d+)m;/.exec(publicServer);
    const limit = Number(m![1]) * 1024 * 1024;
    // A closure request: MAX_EVIDENCE_FILES files and up to 30 form fields of 64 KiB.
    expect(limit).toBeGreaterThanOrEqual(
      MAX_EVIDENCE_FILES * MAX_EVIDENCE_FILE_BYTES + 30 * 64 * 1024,
    );
    expect(limit).toBeGreaterThanOrEqual(MAX_PLAN_FILE_BYTES);
    expect(limit).toBeLessThan(64 * 1024 * 1024);
  });

  it('serves TLS 1.2+ with HSTS, and never /metrics to the public', () => {
    expect(publicServer).toMatch(/ssl_protocols TLSv1\.2 TLSv1\.3;/);
    expect(publicServer).toMatch(/add_header Strict-Transport-Security "max-age=\d+[^"]*" always;/);
    expect(publicServer).toMatch(/location = \/metrics \{\s*return 404;\s*\}/);
  });

  it('overwrites X-Forwarded-For for the one hop TRUST_PROXY trusts, to the unit port', () => {
    expect(publicServer).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    expect(env.set.TRUST_PROXY).toBe('1');
    expect(env.set.HOST).toBe('127.0.0.1');
    const upstream = /upstream duban_api \{([^}]*)\}/.exec(conf)![1];
    expect(upstream).toContain(`server 127.0.0.1:${unitEnv(units.api).PORT};`);
  });
});

describe('deploy/duban-cli and docs/operations.md', () => {
  it('the CLI wrapper loads the units’ environment file and runs the compiled CLI', () => {
    const script = read('deploy/duban-cli');
    expect(spawnSync('sh', ['-n', join(ROOT, 'deploy/duban-cli')]).status).toBe(0);
    expect(script).toContain(`. ${units.api.get('EnvironmentFile')![0]}`);
    // tsconfig.build.json compiles src/ into dist/: src/cli/main.ts becomes dist/cli/main.js.
    expect(existsSync(join(ROOT, 'src/cli/main.ts'))).toBe(true);
    expect(script).toMatch(/node dist\/cli\/main\.js "\$@"\n$/);
  });

  it('the guide names only deployment files that exist', () => {
    const named = [...read('docs/operations.md').matchAll(/`(deploy\/[^`\s]+)`/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThanOrEqual(5);
    expect(named.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });
});
