#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx compiles them on load, so there is no build step.
import { register } from 'tsx/esm/api';

register();

// pino throws at load time on an unknown level, before the configuration check could report it.
const { LOG_LEVELS } = await import('../lib/config.ts');
const logLevel = process.env.LOG_LEVEL?.trim();
if (logLevel && !LOG_LEVELS.includes(logLevel)) {
  console.error(
    `sesflow: invalid configuration: LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`,
  );
  process.exit(1);
}
if (logLevel) process.env.LOG_LEVEL = logLevel;

await import('../cli/main.ts');
