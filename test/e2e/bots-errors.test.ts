import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../cli/demo-environment.ts';
import { MAX_TEXT_LENGTH } from '../../bots/gateway.ts';
import type { ReceivedMail } from '../../infra/mailbox.ts';
import { log } from '../../lib/log.ts';

/** Matches a bot message whose subject names the complaint and contains `text`. */
function subject(number: string, text: string): (mail: ReceivedMail) => boolean {
  return (mail) => {
    const value = mail.parsed.subject ?? '';
    return value.includes(`[${number}]`) && value.toLowerCase().includes(text.toLowerCase());
  };
}

/** Matches a bot message whose text contains `text`, such as the bot's error reply. */
function containing(text: string): (mail: ReceivedMail) => boolean {
  return (mail) => (mail.parsed.text ?? '').includes(text);
}

describe('bots end to end with bad input', () => {
  let dir: string;
  let environment: DemoEnvironment;
  let number: string;
  let pocRequest: ReceivedMail;

  beforeAll(async () => {
    // The replies under test report what happened; sesflow's info lines would fill the test output.
    log.level = 'warn';
    dir = await mkdtemp(path.join(tmpdir(), 'sesflow-bots-e2e-'));
    // Dovecot runs as nobody when the tests run as root, and must reach its folder below this one.
    await chmod(dir, 0o755);
    environment = await startDemoEnvironment({ dir, preferStandardPorts: false });
    const { slack, contact, poc, helper } = environment.people;

    const opened = await slack.command(`new company="Acme Lending" contact="Jane Roe <${contact.address}>" Late fee.`);
    number = /\bC-\d+\b/.exec(opened)?.[0] ?? '';
    const invitation = await contact.waitFor('the invitation', subject(number, 'Enroll'));
    await contact.reply(invitation, 'Accept, thank you!');
    pocRequest = await contact.waitFor('the request to assign a POC', subject(number, 'Assign a point of contact'));
    await contact.reply(pocRequest, `USER ${poc.address} Paul Poe`);
    await poc.waitFor('the new-user notice', subject(number, 'You were added as a user'));
    await contact.reply(pocRequest, `USER ${helper.address} Hana Help`);
    await helper.waitFor('the new-user notice', subject(number, 'You were added as a user'));
  });

  afterAll(async () => {
    await environment?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers an unquoted company name in Slack', async () => {
    const reply = await environment.people.slack.command(
      'new company=Acme Lending contact="Jane Roe <jane@acme.test>" Another fee.',
    );

    expect(reply).toContain('contact= comes after the text, which starts at "Lending"');
    expect(reply).toContain('quote values that contain spaces');
    expect(await environment.people.slack.command('list')).not.toMatch(/Open complaints \(2\)/);
  });

  it('explains a malformed POC command and assigns nobody', async () => {
    const { contact, poc } = environment.people;

    await contact.reply(pocRequest, 'POC paul');
    await contact.waitFor('the error reply', containing('POC takes one email address'));
    expect((await environment.status(number)).poc).toBeUndefined();

    await contact.reply(pocRequest, `POC ${poc.address}`);
    await poc.waitFor('the POC assignment', subject(number, 'is the point of contact'));
    expect((await environment.status(number)).poc).toBe(poc.address);
  });

  it('rejects an oversized response and keeps the complaint working', { timeout: 30_000 }, async () => {
    const { slack, poc } = environment.people;
    await slack.command(`ir ${number} due=10 Please explain the fee.`);
    const ir = await poc.waitFor('the new IR', subject(number, 'IR-1: information request'));

    await poc.reply(ir, 'x'.repeat(MAX_TEXT_LENGTH + 5_000));
    await poc.waitFor('the error reply', containing('over the limit of 20,000'));
    await poc.reply(ir, 'RESTRICTED\nAccount notes for the agency only.');
    await poc.waitFor('the draft receipt', subject(number, 'IR-1: draft 1 saved'));

    const drafts = (await environment.status(number)).irs[0]?.drafts ?? [];
    expect(drafts.map((draft) => draft.text)).toEqual(['Account notes for the agency only.']);
  });

  it('submits on "Submit:" and shows the agency the restricted text', async () => {
    const { slack, poc, helper } = environment.people;
    const ir = await poc.waitFor('the IR', subject(number, 'IR-1: information request'));

    await poc.reply(ir, 'Submit:');
    await poc.waitFor('the submission receipt', subject(number, 'IR-1: response submitted'));

    const status = await slack.command(`status ${number}`);
    expect(status).toContain('Submitted v1, restricted');
    expect(status).toContain('> Account notes for the agency only.');
    const helperView = JSON.stringify(await environment.statusAs(number, helper.address));
    expect(helperView).not.toContain('Account notes');
  });
});
