import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { DestinationStream, StreamEntry } from 'pino';
import type { PrettyOptions } from 'pino-pretty';
import type { LogFormat, LogSettings } from './log-settings';
import { Terminal, terminal as processTerminal } from './terminal';

/** Something a log line can be written to (a pino destination, the terminal). */
interface LineSink {
  write(line: string): unknown;
}

/** Keys shown in the line itself, or pino's own: not repeated as `key=value`. */
const SHOWN_KEYS = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'context',
  'msg',
  'req',
  'res',
  'responseTime',
  'err',
  'error',
]);
const MAX_VALUE_CHARS = 80;

const fieldValue = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
};

/**
 * The message part of a readable line: `[context] message key=value …`; a request logged by
 * pino-http reads `[http] GET /api/v1/… 200 12ms`. Long values are cut; an error's stack follows
 * on the next lines, indented.
 */
export function formatMessage(log: Record<string, unknown>): string {
  const req = log.req as { method?: string; url?: string } | undefined;
  const res = log.res as { statusCode?: number } | undefined;
  const head = req
    ? `[http] ${req.method} ${req.url} ${res?.statusCode ?? '-'} ${log.responseTime ?? '-'}ms`
    : `${log.context ? `[${String(log.context as string)}] ` : ''}${String(log.msg ?? '')}`;
  const fields = Object.entries(log)
    .filter(([key, value]) => !SHOWN_KEYS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${fieldValue(value)}`);
  const line = [head, ...fields].join(' ');
  const err = (log.err ?? log.error) as
    { type?: string; message?: string; stack?: string } | undefined;
  if (!err || typeof err !== 'object') return line;
  // The stack (which starts with the type and message) on the following lines, indented.
  const detail = err.stack ?? `${err.type ?? 'Error'}: ${err.message ?? ''}`;
  return `${line}\n    ${detail.split('\n').join('\n    ')}`;
}

/** pino-pretty's options for one readable target: the terminal (short time, colours) or a file. */
export function prettyOptions(target: 'terminal' | 'file', colorize = false): PrettyOptions {
  return {
    colorize,
    translateTime: target === 'file' ? 'SYS:yyyy-mm-dd HH:MM:ss.l' : 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    hideObject: true,
    singleLine: true,
    messageFormat: (log) => formatMessage(log),
  };
}

/**
 * pino-pretty is a development dependency: an installation without it (`npm install --omit=dev`)
 * logs JSON only, and says so at boot rather than failing on the first line.
 */
function prettyFactory(options: PrettyOptions): (line: string) => string {
  let pretty: typeof import('pino-pretty');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    pretty = require('pino-pretty') as typeof import('pino-pretty');
  } catch {
    throw new Error(
      'LOG_FORMAT=pretty needs the package pino-pretty (a development dependency); install with ' +
        'development dependencies, or set LOG_FORMAT=json',
    );
  }
  return pretty.prettyFactory(options);
}

const readable = (sink: LineSink, format: LogFormat, options: PrettyOptions): LineSink => {
  if (format === 'json') return sink;
  const pretty = prettyFactory(options);
  return {
    write: (line: string) => {
      const text = pretty(line);
      sink.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
};

/**
 * The log file, appended to, written synchronously like pino's standard output: nothing is lost
 * when the process exits or crashes.
 */
function openLogFile(file: string): DestinationStream {
  mkdirSync(dirname(file), { recursive: true });
  return pino.destination({ fd: openSync(file, 'a'), sync: true });
}

/**
 * The streams a process logs to, or undefined for pino's own (JSON on standard output: production's
 * default, unchanged). `terminal` and `openFile` are the process's unless a test passes its own.
 */
export function logStreams(
  settings: LogSettings,
  io: { terminal?: Terminal; openFile?: (file: string) => LineSink } = {},
): StreamEntry[] | undefined {
  const { format, file, level } = settings;
  // Silent: nothing is written, wherever it would go.
  if (level === 'silent') return undefined;
  const out = io.terminal ?? processTerminal;
  const colours = !io.terminal && process.stdout.isTTY === true;
  if (!file) {
    if (format === 'json') return undefined;
    return [{ level, stream: readable(out, format, prettyOptions('terminal', colours)) }];
  }
  const streams: StreamEntry[] = [
    {
      level,
      stream: readable((io.openFile ?? openLogFile)(file), format, prettyOptions('file')),
    },
  ];
  if (settings.stdoutLevel !== 'silent') {
    const echo = readable(out, format, prettyOptions('terminal', colours));
    streams.push({ level: settings.stdoutLevel, stream: echo });
  }
  return streams;
}

/**
 * nestjs-pino's `pinoHttp` for these settings: the options alone (pino's default destination), or
 * with the streams of `logStreams`.
 */
export function withLogDestination<O extends object>(
  settings: LogSettings,
  options: O,
): O | [O, DestinationStream] {
  const streams = logStreams(settings);
  if (!streams) return options;
  // The records' level is the lowest any stream wants; each stream filters to its own.
  return [options, pino.multistream(streams, { dedupe: false })];
}
