import { CliError } from '../cli.errors';
import { libpqConnection, parseToolVersion, pickTool, toolCandidates } from './pg-tools';
import { targetUrl } from './restore';

describe('pg_dump and pg_restore: which program, which connection', () => {
  it('reads the version a PostgreSQL program prints', () => {
    expect(parseToolVersion('pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n')).toEqual({
      version: '15.20',
      major: 15,
    });
    expect(parseToolVersion('pg_restore (PostgreSQL) 17.2\n')).toEqual({
      version: '17.2',
      major: 17,
    });
    expect(parseToolVersion('bash: pg_dump: command not found')).toBeNull();
  });

  it('takes the first program at least as new as the server, else refuses naming what it found', () => {
    const old = { path: '/usr/bin/pg_dump', version: '13.9', major: 13 };
    const fit = { path: '/usr/lib/postgresql/16/bin/pg_dump', version: '16.4', major: 16 };
    expect(pickTool('pg_dump', 15, [null, old, fit])).toBe(fit);
    expect(pickTool('pg_dump', 13, [old, fit])).toBe(old);
    let refusal: unknown;
    try {
      pickTool('pg_dump', 17, [old, fit, null]);
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(CliError);
    expect((refusal as CliError).code).toBe('BACKUP_TOOL_MISSING');
    expect((refusal as CliError).message).toContain('PostgreSQL 17 或更新版本');
    expect((refusal as CliError).message).toContain('/usr/bin/pg_dump 13.9');
    expect((refusal as CliError).message).toContain('postgresql-client-17');
  });

  it('looks in PATH first, then in /usr/lib/postgresql', () => {
    const candidates = toolCandidates('pg_restore', '/opt/pg/bin:/usr/bin');
    expect(candidates.slice(0, 2)).toEqual(['/opt/pg/bin/pg_restore', '/usr/bin/pg_restore']);
    for (const c of candidates.slice(2)) {
      expect(c).toMatch(/^\/usr\/lib\/postgresql\/\d+\/bin\/pg_restore$/);
    }
  });

  it('keeps the password out of the command line and drops what libpq refuses', () => {
    const c = libpqConnection(
      'postgresql://owner:s%40cret@db.example:5433/duban?schema=public&sslmode=require',
    );
    expect(c.url).toBe('postgresql://owner@db.example:5433/duban?sslmode=require');
    expect(c.env).toEqual({ PGPASSWORD: 's@cret' });
    expect(libpqConnection('postgresql://owner@127.0.0.1/duban').env).toEqual({});
  });

  it('restores into a database named on the owner server, or to a URL as given', () => {
    const owner = 'postgresql://owner:pw@db.example:5433/duban?sslmode=require';
    expect(targetUrl('duban_restored', owner)).toBe(
      'postgresql://owner:pw@db.example:5433/duban_restored?sslmode=require',
    );
    expect(targetUrl('postgres://x@elsewhere/y', owner)).toBe('postgres://x@elsewhere/y');
  });
});
