import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../lib/log.ts';

/**
 * Adapts pino to the logger interface Bolt and the Slack Web API client take. Their debug
 * messages are dropped because they contain request bodies, which hold message text and tokens.
 */
export function boltLogger(log: Logger): BoltLogger {
  let child = log.child({ library: '@slack/bolt' });
  let level = LogLevel.INFO;
  const write = (method: 'info' | 'warn' | 'error', parts: unknown[]) => {
    const error = parts.find((part): part is Error => part instanceof Error);
    const message = parts
      .filter((part) => !(part instanceof Error))
      .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
      .join(' ');
    if (error) child[method]({ err: error }, message);
    else child[method](message);
  };
  return {
    debug: () => {},
    info: (...parts: unknown[]) => write('info', parts),
    warn: (...parts: unknown[]) => write('warn', parts),
    error: (...parts: unknown[]) => write('error', parts),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (name: string) => {
      child = log.child({ library: name });
    },
  };
}
