import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { ShutdownDrain } from './shutdown-drain';

/** How a service process ends (the deployment guide lists them for the operator). */
export const ExitCode = {
  /** Drained and closed within the grace period. */
  DRAINED: 0,
  /** It failed to start, or an error interrupted the shutdown. */
  FAILED: 1,
  /**
   * The grace period passed with work still running (sysexits' EX_TEMPFAIL: try again). The jobs
   * abandoned are taken up by another worker once their lock expires; nothing is marked done.
   */
  GRACE_EXCEEDED: 75,
} as const;

export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** How long a closed process may take to let its last sockets go before it is ended anyway. */
const LINGER_MS = 2000;

/**
 * Closes `app` on SIGTERM or SIGINT and ends the process: 0 once the drain and `app.close()` are
 * done (ShutdownDrain, then the pools), 75 when `graceSeconds` pass first (after logging what was
 * abandoned), 1 when closing throws. A second signal during the drain is logged and changes nothing:
 * the deadline still holds (systemd's TimeoutStopSec, a little longer, is the last resort).
 *
 * Replaces Nest's `enableShutdownHooks`, which re-raises the signal once closed (the process then
 * ends "killed by SIGTERM", not 0) and has no deadline.
 */
export function closeOnSignals(
  app: INestApplicationContext,
  logger: LoggerService,
  graceSeconds: number,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'already draining; the grace period still holds', 'Shutdown');
      return;
    }
    stopping = true;
    logger.log({ signal, graceSeconds }, 'shutdown requested: draining', 'Shutdown');
    const drain = app.get(ShutdownDrain);
    const deadline = setTimeout(() => {
      const abandoned = drain.running();
      logger.error(
        { graceSeconds, ...abandoned },
        'grace period passed: abandoning the work still running (stalled jobs are taken up by another worker)',
        'Shutdown',
      );
      process.exit(ExitCode.GRACE_EXCEEDED);
    }, graceSeconds * 1000);
    // The drain first (it names the signal in its log), then the rest of Nest's shutdown, whose
    // beforeApplicationShutdown waits for this same drain, and the pools.
    drain
      .drain(signal)
      .then(() => app.close())
      .then(
        () => {
          clearTimeout(deadline);
          logger.log('stopped: drained, pools closed', 'Shutdown');
          // Every pool closed: the event loop empties and the process ends by itself. Something
          // still open (a leak) is named, and the process ends anyway.
          process.exitCode = ExitCode.DRAINED;
          setTimeout(() => {
            logger.warn({ openHandles: openHandles() }, 'still open after closing', 'Shutdown');
            process.exit(ExitCode.DRAINED);
          }, LINGER_MS).unref();
        },
        (err: unknown) => {
          clearTimeout(deadline);
          logger.error(err, 'shutdown failed', 'Shutdown');
          process.exit(ExitCode.FAILED);
        },
      );
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);
}

/** What keeps the event loop alive (sockets, child processes, timers), by kind. */
function openHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
