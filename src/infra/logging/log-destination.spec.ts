import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { validateEnv } from '../../config/env.validation';
import { formatMessage, logStreams } from './log-destination';
import type { LogSettings } from './log-settings';
import { Terminal } from './terminal';

const base = { DATABASE_URL: 'postgresql://root@127.0.0.1:5432/duban' };
const production = { ...base, JWT_SECRET: 'x'.repeat(16) + 'k3J9q2LmZp0vR7sT' };

/** A real pino logger over the streams of `settings`; the terminal and the file are captured. */
function loggerFor(settings: LogSettings) {
  const terminalText: string[] = [];
  const fileText: string[] = [];
  const terminal = new Terminal((t) => terminalText.push(t));
  const streams = logStreams(settings, {
    terminal,
    openFile: () => ({ write: (line: string) => fileText.push(line) }),
  });
  const logger = streams ? pino({ level: settings.level }, pino.multistream(streams)) : undefined;
  return { logger, terminal, terminalText, fileText };
}

/** `[2026-12-07 08:05:46.804] INFO: …` in the file, `[08:05:46] WARN: …` on the terminal. */
const FILE_LINE = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] (\w+): (.*)$/;
const TERMINAL_LINE = /^\[\d\d:\d\d:\d\d\] (\w+): (.*)$/;

describe('log destination (LOG_FORMAT, LOG_FILE, LOG_STDOUT_LEVEL)', () => {
  it('defaults to JSON in production and readable lines in the demo and tests', () => {
    expect(validateEnv(production).LOG_FORMAT).toBe('json');
    expect(validateEnv({ ...base, DUBAN_MODE: 'demo' }).LOG_FORMAT).toBe('pretty');
    expect(validateEnv({ ...base, DUBAN_MODE: 'test' }).LOG_FORMAT).toBe('pretty');
    expect(validateEnv({ ...production, LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(validateEnv({ ...base, DUBAN_MODE: 'demo', LOG_FORMAT: 'json' }).LOG_FORMAT).toBe(
      'json',
    );
    expect(() => validateEnv({ ...production, LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    expect(() => validateEnv({ ...production, LOG_STDOUT_LEVEL: 'loud' })).toThrow(
      /LOG_STDOUT_LEVEL/,
    );
  });

  it("keeps production's default: pino's own JSON on standard output, no stream of ours", () => {
    expect(logStreams({ level: 'info', format: 'json', stdoutLevel: 'silent' })).toBeUndefined();
  });

  it('writes readable one-line records (time, level, [context], message, fields) to the terminal', () => {
    const { logger, terminalText } = loggerFor({
      level: 'info',
      format: 'pretty',
      stdoutLevel: 'silent',
    });
    logger!.info({ context: 'DeliveriesProcessor', attempt: 1, channel: 'EMAIL' }, 'delivery sent');
    expect(terminalText).toHaveLength(1);
    const [, level, rest] = TERMINAL_LINE.exec(terminalText[0]!.trimEnd())!;
    expect(level).toBe('INFO');
    expect(rest).toBe('[DeliveriesProcessor] delivery sent attempt=1 channel=EMAIL');
    expect(terminalText[0]).not.toContain('{');
  });

  it('with a file: every record there, readable; only warnings and errors on the terminal', () => {
    const { logger, terminalText, fileText } = loggerFor({
      level: 'info',
      format: 'pretty',
      file: 'demo.log',
      stdoutLevel: 'warn',
    });
    logger!.info({ context: 'SchedulerService', everySeconds: 3 }, 'scheduler started');
    logger!.warn({ context: 'EmailChannel' }, 'SMTP refused the connection');
    logger!.error({ context: 'Wave', err: new Error('boom') }, 'wave failed');
    logger!.debug({ context: 'X' }, 'below LOG_LEVEL');

    const fileLines = fileText.join('').trimEnd().split('\n');
    expect(fileLines.filter((l) => FILE_LINE.test(l)).map((l) => FILE_LINE.exec(l)![2])).toEqual([
      '[SchedulerService] scheduler started everySeconds=3',
      '[EmailChannel] SMTP refused the connection',
      '[Wave] wave failed',
    ]);
    // The error's stack follows its line, indented.
    expect(fileLines[3]).toBe('    Error: boom');
    expect(fileLines[4]).toMatch(/^ {8}at /);

    const terminalLines = terminalText.join('').trimEnd().split('\n');
    expect(
      terminalLines.filter((l) => TERMINAL_LINE.test(l)).map((l) => TERMINAL_LINE.exec(l)![1]),
    ).toEqual(['WARN', 'ERROR']);
    expect(terminalText.join('')).not.toContain('scheduler started');
  });

  it('with a file in JSON: one JSON object a line there, nothing on the terminal by default', () => {
    const { logger, terminalText, fileText } = loggerFor({
      level: 'info',
      format: 'json',
      file: 'duban.log',
      stdoutLevel: 'silent',
    });
    logger!.warn({ context: 'Main', port: 3000 }, 'listening');
    expect(fileText).toHaveLength(1);
    expect(JSON.parse(fileText[0]!)).toMatchObject({ level: 40, context: 'Main', port: 3000 });
    expect(terminalText).toEqual([]);
  });

  it('appends to a real file, creating its directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duban-log-'));
    try {
      const file = join(dir, 'sub', 'duban.log');
      const settings: LogSettings = {
        level: 'info',
        format: 'pretty',
        file,
        stdoutLevel: 'silent',
      };
      for (const n of [1, 2]) {
        pino({ level: 'info' }, pino.multistream(logStreams(settings)!)).info(
          { context: 'Run', n },
          'started',
        );
      }
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines.map((l) => FILE_LINE.exec(l)?.[2])).toEqual([
        '[Run] started n=1',
        '[Run] started n=2',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a held terminal keeps log lines until released: the banner printed meanwhile comes first', () => {
    const { logger, terminal, terminalText } = loggerFor({
      level: 'info',
      format: 'pretty',
      file: 'demo.log',
      stdoutLevel: 'warn',
    });
    terminal.hold();
    logger!.warn({ context: 'Main' }, 'web UI not built');
    expect(terminalText).toEqual([]);
    // The demo prints its banner straight to standard output (console.log), then releases.
    terminalText.push('════ duban 督办 demo is running ════\n');
    terminal.release();
    expect(terminalText.join('')).toMatch(/^════ duban[^\n]*\n\[\d\d:\d\d:\d\d\] WARN: \[Main\]/);
    logger!.error({ context: 'Main' }, 'after the banner');
    expect(terminalText.at(-1)).toContain('after the banner');
  });
});

describe('formatMessage (the readable line)', () => {
  it('reads a request logged by pino-http as method, path, status and time', () => {
    const line = formatMessage({
      level: 30,
      msg: 'request completed',
      req: { id: 1, method: 'GET', url: '/api/v1/tasks', headers: { cookie: 'x' } },
      res: { statusCode: 200, headers: {} },
      responseTime: 12,
    });
    expect(line).toBe('[http] GET /api/v1/tasks 200 12ms');
  });

  it('cuts long field values', () => {
    const line = formatMessage({ context: 'C', msg: 'm', ids: 'a'.repeat(500) });
    expect(line.length).toBeLessThan(100);
    expect(line).toMatch(/^\[C\] m ids=a+…$/);
  });
});
