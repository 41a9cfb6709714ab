import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { checkRoleConfig } from '../../cli/role-config.ts';

const DEPLOYMENT = {
  TEMPORAL_ADDRESS: 'temporal.internal:7233',
  DATABASE_URL: 'postgresql://sesflow@db.internal/sesflow',
  SLACK_BOT_TOKEN: 'xoxb-token',
  SLACK_SIGNING_SECRET: 'secret',
  SES_AGENCY_CHANNEL: 'C0AGENCY',
  SES_AGENCY_STAFF: 'U0STAFF01,@agency.example',
  IMAP_URL: 'imaps://ses:pw@mail.agency.example',
  SMTP_URL: 'smtps://ses:pw@mail.agency.example',
  SES_BOT_ADDRESS: 'ses@agency.example',
  SES_TOKEN_SECRET: 'token-secret',
};

describe('checkRoleConfig', () => {
  it('accepts a complete deployment for every role', () => {
    const config = loadConfig(DEPLOYMENT);
    for (const roles of [['worker'], ['slack'], ['email'], ['worker', 'slack', 'email']] as const) {
      expect(checkRoleConfig(config, [...roles], { embedded: false })).toEqual({ problems: [], warnings: [] });
    }
  });

  it('lets embedded start run with nothing set', () => {
    const check = checkRoleConfig(loadConfig({}), ['worker', 'slack', 'email'], { embedded: true });

    expect(check.problems).toEqual([]);
    expect(check.warnings).toEqual([
      'SMTP_URL or SES_BOT_ADDRESS is unset, so the worker logs email notices instead of sending them',
      'SLACK_BOT_TOKEN or SES_AGENCY_CHANNEL is unset, so the worker logs agency notices instead of posting them',
    ]);
  });

  it('accepts Socket Mode without a signing secret', () => {
    const config = loadConfig({ ...DEPLOYMENT, SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: 'xapp-token' });

    expect(checkRoleConfig(config, ['slack'], { embedded: false }).problems).toEqual([]);
  });

  it('reports a half-configured email bot in start', () => {
    const config = loadConfig({ IMAP_URL: 'imap://ses:pw@127.0.0.1:143' });

    expect(checkRoleConfig(config, ['worker', 'slack', 'email'], { embedded: true }).problems).toEqual([
      'missing configuration for "sesflow start": SMTP_URL, SES_BOT_ADDRESS',
    ]);
  });

  it('warns when separate processes would generate their own token secrets', () => {
    const config = loadConfig({ ...DEPLOYMENT, SES_TOKEN_SECRET: '' });

    const warnings = checkRoleConfig(config, ['email'], { embedded: false }).warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^SES_TOKEN_SECRET is unset/);
    expect(checkRoleConfig(config, ['slack'], { embedded: false }).warnings).toEqual([]);
  });
});
