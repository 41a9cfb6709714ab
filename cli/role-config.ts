/**
 * The variables each role needs. The checks run before any connection is made, so a process with
 * a missing variable stops at once with every problem on one line.
 */
import type { Config } from '../lib/config.ts';

export type Role = 'worker' | 'slack' | 'email';

export interface RoleConfigCheck {
  /** Missing or inconsistent variables; any of them stops the process. */
  problems: string[];
  /** Settings that work but are probably not what the operator meant. */
  warnings: string[];
}

/**
 * Checks the variables the roles need. With `embedded`, unset `TEMPORAL_ADDRESS` and
 * `DATABASE_URL` mean local servers. A role run alone needs its own variables. In `sesflow start`
 * the Slack and email bots are optional, but a half-configured bot still counts as missing variables.
 */
export function checkRoleConfig(config: Config, roles: Role[], options: { embedded: boolean }): RoleConfigCheck {
  const missing: string[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  const command = roles.length === 1 ? `sesflow ${roles[0]}` : 'sesflow start';

  if (!options.embedded && !config.TEMPORAL_ADDRESS) missing.push('TEMPORAL_ADDRESS');
  if (roles.includes('worker')) checkWorker(config, options.embedded, missing, warnings);
  if (roles.includes('slack')) checkSlack(config, roles.length === 1, missing, warnings);
  if (roles.includes('email')) checkEmail(config, roles.length === 1, missing);
  if (missing.length > 0) problems.push(`missing configuration for "${command}": ${missing.join(', ')}`);

  if (!options.embedded && !config.SES_TOKEN_SECRET && (roles.includes('worker') || roles.includes('email'))) {
    warnings.push(
      `SES_TOKEN_SECRET is unset, so reply tokens use the secret generated in ${config.SES_DATA_DIR}/token-secret; ` +
        'every worker and email process must use the same secret, so set SES_TOKEN_SECRET when they run on several hosts',
    );
  }
  return { problems, warnings };
}

function checkWorker(config: Config, embedded: boolean, missing: string[], warnings: string[]): void {
  if (!embedded && !config.DATABASE_URL) missing.push('DATABASE_URL');
  if (!config.SMTP_URL || !config.SES_BOT_ADDRESS) {
    warnings.push('SMTP_URL or SES_BOT_ADDRESS is unset, so the worker logs email notices instead of sending them');
  }
  if (!config.SLACK_BOT_TOKEN || !config.SES_AGENCY_CHANNEL) {
    warnings.push(
      'SLACK_BOT_TOKEN or SES_AGENCY_CHANNEL is unset, so the worker logs agency notices instead of posting them',
    );
  }
}

function checkSlack(config: Config, required: boolean, missing: string[], warnings: string[]): void {
  const anySet = Boolean(config.SLACK_BOT_TOKEN || config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN);
  if (!required && !anySet) return;
  if (!config.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  if (!config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    missing.push('SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)');
  }
  if (!config.SES_AGENCY_STAFF) warnings.push('SES_AGENCY_STAFF is unset, so no Slack user counts as agency staff');
}

function checkEmail(config: Config, required: boolean, missing: string[]): void {
  if (!required && !config.IMAP_URL) return;
  for (const name of ['IMAP_URL', 'SMTP_URL', 'SES_BOT_ADDRESS'] as const) if (!config[name]) missing.push(name);
}
