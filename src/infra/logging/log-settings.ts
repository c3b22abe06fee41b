import type { LevelWithSilent } from 'pino';
import type { AppConfig } from '../../config/app-config.service';

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Where and how one process writes its log (LOG_LEVEL, LOG_FORMAT, LOG_FILE, LOG_STDOUT_LEVEL). */
export interface LogSettings {
  level: LevelWithSilent;
  format: LogFormat;
  /** Appended to (its directory created); unset: the log goes to standard output. */
  file?: string;
  /** With `file`: records at this level or above are also printed on standard output. */
  stdoutLevel: LevelWithSilent;
}

export const logSettingsOf = (config: AppConfig): LogSettings => ({
  level: config.get('LOG_LEVEL') as LevelWithSilent,
  format: config.get('LOG_FORMAT') ?? 'json',
  file: config.get('LOG_FILE'),
  stdoutLevel: config.get('LOG_STDOUT_LEVEL') as LevelWithSilent,
});
