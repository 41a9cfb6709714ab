import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** The environment variables sesflow reads; each role checks the ones it needs. */
export const configSchema = z.object({
  TEMPORAL_ADDRESS: optional,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  DATABASE_URL: optional,
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: optional.pipe(z.url().optional()),
  SES_AGENCY_CHANNEL: optional,
  SES_AGENCY_STAFF: optional,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  IMAP_URL: optional.pipe(z.url({ protocol: /^imaps?$/ }).optional()),
  SMTP_URL: optional.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  SES_BOT_ADDRESS: optional.pipe(z.email().optional()),
  SES_TOKEN_SECRET: optional,
  SES_DATA_DIR: z.string().default('.data'),
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
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
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
