import { z } from 'zod';

/** The levels pino accepts for `LOG_LEVEL`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An unset or blank variable becomes `undefined`. */
const optional = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/**
 * An optional variable that must pass `isValid` when set. `problem` completes the sentence that
 * starts with the variable's name, so messages read "PORT must be ...".
 */
function checked(isValid: (value: string) => boolean, problem: (value: string) => string) {
  return optional.superRefine((value, context) => {
    if (value !== undefined && !isValid(value)) context.addIssue({ code: 'custom', message: problem(value) });
  });
}

/** Builds the schema of a variable whose default also applies when it is set to a blank value. */
function withDefault(fallback: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((value) => value || fallback);
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function hasScheme(value: string, schemes: string[]): boolean {
  const url = parseUrl(value);
  return url !== undefined && schemes.includes(url.protocol) && url.hostname !== '';
}

/** Describes a URL that may hold a password by its scheme only, so the message never echoes the password. */
function schemeOf(value: string): string {
  const url = parseUrl(value);
  return url ? `scheme "${url.protocol.replace(/:$/, '')}"` : 'a value that is not a URL';
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]@]+):(\d{1,5})$/;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

function isPort(value: string): boolean {
  return /^\d{1,5}$/.test(value) && Number(value) <= 65535;
}

function isHostPort(value: string): boolean {
  const match = HOST_PORT.exec(value);
  return match !== null && Number(match[2]) > 0 && Number(match[2]) <= 65535;
}

function isStaffEntry(entry: string): boolean {
  return entry.startsWith('@') ? DOMAIN.test(entry.slice(1)) : SLACK_USER_ID.test(entry);
}

function invalidStaffEntries(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !isStaffEntry(entry));
}

/** The environment variables sesflow reads; each role checks the ones it needs. */
export const configSchema = z.object({
  TEMPORAL_ADDRESS: checked(
    isHostPort,
    (value) => `must be host:port without a scheme, such as 127.0.0.1:7233 (got "${value}")`,
  ),
  TEMPORAL_NAMESPACE: withDefault('default'),
  DATABASE_URL: checked(
    (value) => hasScheme(value, ['postgres:', 'postgresql:']),
    (value) => `must be a postgresql://user:pass@host:port/database URL (got ${schemeOf(value)})`,
  ),
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: checked(
    (value) => hasScheme(value, ['http:', 'https:']),
    (value) => `must be an http:// or https:// URL such as https://slack.com/api/ (got "${value}")`,
  ),
  SES_AGENCY_CHANNEL: optional,
  SES_AGENCY_STAFF: checked(
    (value) => invalidStaffEntries(value).length === 0,
    (value) =>
      'must list Slack user ids (U0123ABCD) or email domains (@agency.example), separated by commas ' +
      `(invalid: ${invalidStaffEntries(value)
        .map((entry) => `"${entry}"`)
        .join(', ')})`,
  ),
  PORT: checked(isPort, (value) => `must be a port number from 0 to 65535 (got "${value}")`).transform((value) =>
    value === undefined ? 3000 : Number(value),
  ),
  IMAP_URL: checked(
    (value) => hasScheme(value, ['imap:', 'imaps:']),
    (value) => `must be an imap:// or imaps:// URL such as imap://user:pass@mail.example:143 (got ${schemeOf(value)})`,
  ),
  SMTP_URL: checked(
    (value) => hasScheme(value, ['smtp:', 'smtps:']),
    (value) => `must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example:587 (got ${schemeOf(value)})`,
  ),
  SES_BOT_ADDRESS: checked(
    (value) => z.email().safeParse(value).success,
    (value) => `must be an email address such as ses@agency.example (got "${value}")`,
  ),
  SES_TOKEN_SECRET: optional,
  SES_DATA_DIR: withDefault('.data'),
  LOG_LEVEL: checked(
    (value) => (LOG_LEVELS as readonly string[]).includes(value),
    (value) => `must be one of ${LOG_LEVELS.join(', ')} (got "${value}")`,
  ),
});

export type Config = z.infer<typeof configSchema>;

/** Thrown when the environment is invalid; the CLI prints its message as one line and exits non-zero. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws `ConfigError` naming every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Agency staff as configured: Slack user ids and email domains (`@agency.example`). */
export interface AgencyStaff {
  userIds: Set<string>;
  domains: Set<string>;
}

export function parseAgencyStaff(value: string | undefined): AgencyStaff {
  const staff: AgencyStaff = { userIds: new Set(), domains: new Set() };
  for (const entry of (value ?? '').split(',').map((part) => part.trim())) {
    if (entry.startsWith('@')) staff.domains.add(entry.slice(1).toLowerCase());
    else if (entry) staff.userIds.add(entry);
  }
  return staff;
}
