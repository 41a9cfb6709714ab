import { pino, type Logger } from 'pino';

/** The one structured logger of bots, activities and the CLI: a JSON line per event on stdout. */
export const log: Logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'sesflow' },
  redact: ['token', '*.token', 'text', '*.text', 'body', '*.body'],
});

export type { Logger };
