/**
 * Stop signals for long-running commands. The handlers are installed before anything starts, so a
 * SIGTERM that arrives during start-up still leads to a clean stop instead of killing the process
 * with its child servers still running.
 */
import { log } from '../lib/log.ts';

export type StopSignal = 'SIGTERM' | 'SIGINT';

/** Exit status for a stop forced by a second signal: 128 plus SIGINT's number, as shells report it. */
const FORCED_EXIT_CODE = 130;

/**
 * Installs SIGTERM and SIGINT handlers and returns a promise of the first signal. A second signal
 * exits at once, for a stop that hangs; the `exit` handlers of child servers still run then.
 */
export function listenForStopSignals(): Promise<StopSignal> {
  let received: StopSignal | undefined;
  return new Promise((resolve) => {
    const onSignal = (signal: StopSignal) => {
      if (received) {
        log.warn({ signal, first: received }, 'second stop signal; exiting without waiting for in-flight work');
        process.exit(FORCED_EXIT_CODE);
      }
      received = signal;
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
