import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../cli/demo-environment.ts';
import { runMainJob } from '../../cli/main-job.ts';
import { log } from '../../lib/log.ts';

describe('main job end to end', () => {
  let dir: string;
  let environment: DemoEnvironment;
  let complaintNumber: string;

  beforeAll(async () => {
    // The flow's step lines report what happened; sesflow's info lines would fill the test output.
    log.level = 'warn';
    dir = await mkdtemp(path.join(tmpdir(), 'sesflow-e2e-'));
    // Dovecot runs as nobody when the tests run as root, and must reach its folder below this one.
    await chmod(dir, 0o755);
    environment = await startDemoEnvironment({ dir, preferStandardPorts: false });
  });

  afterAll(async () => {
    await environment?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('closes a complaint opened in Slack and worked by email', { timeout: 240_000 }, async () => {
    const lines: string[] = [];
    const result = await runMainJob(environment.people, (line) => lines.push(line));

    complaintNumber = result.complaintNumber;
    expect(complaintNumber).toMatch(/^C-\d+$/);
    expect(result.closureNotice.parsed.subject).toContain(result.complaintNumber);
    expect(lines.length).toBeGreaterThan(10);

    const view = await environment.status(result.complaintNumber);
    expect(view.status).toBe('Closed');
    expect(view.poc).toBe(environment.people.poc.address);
    expect(view.helpers).toEqual([environment.people.helper.address]);
    expect(view.closed?.reason).toBe('explanation');

    const ir = view.irs[0];
    expect(ir?.status).toBe('Closed');
    expect(ir?.submissions).toHaveLength(2);
    expect(ir?.drafts.some((draft) => draft.restricted)).toBe(true);
    expect(ir?.drafts.some((draft) => draft.author === environment.people.helper.address)).toBe(true);
  });

  it('hides restricted drafts from the helper', async () => {
    const helperView = await environment.statusAs(complaintNumber, environment.people.helper.address);
    const drafts = helperView.irs[0]?.drafts ?? [];
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((draft) => !draft.restricted)).toBe(true);
  });
});
