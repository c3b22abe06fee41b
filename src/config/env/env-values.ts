/** `production`, `demo` or `test` (DUBAN_MODE). */
export const RUN_MODES = ['production', 'demo', 'test'] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** What one process of the service runs (deployment guide: the process model). */
export const PROCESS_ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

/** An environment flag: `1`, `true` or `yes` (any case) is true. */
export const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes'].includes(value.toLowerCase()) : value;
