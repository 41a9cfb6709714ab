/**
 * Replays recorded histories against the current workflow code to catch nondeterminism. The
 * committed histories come from an earlier version of the code; a change that breaks their replay
 * needs `patched()`. Set UPDATE_HISTORIES=1 to record them again after an intended change.
 *
 * The files hold the history JSON that the Temporal CLI (`temporal workflow show --output json`)
 * and the Web UI export, so a history from a running system can be added here as it is.
 * `historyToJSON` and `historyFromJSON` need @temporalio/common and @temporalio/proto to share one
 * protobufjs, which is why package.json lists protobufjs 8 directly: without it, npm 11 installs a
 * copy under each, and both functions throw "type must be a Type".
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import protoUtils from '@temporalio/common/lib/proto-utils.js';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptEnrollment,
  addUser,
  assignHelper,
  assignPoc,
  closeComplaint,
  complaintWorkflowId,
  createIr,
  decideExtension,
  invitationWorkflowId,
  openComplaint,
  requestExtension,
  saveDraft,
  sendBack,
  submitResponse,
  TASK_QUEUE,
} from '../../workflows/messages.ts';
import { agency, companyActor, startHarness, type Harness } from './harness.ts';

type History = temporal.api.history.v1.IHistory;
const HistoryMessage = temporal.api.history.v1.History;

function historyToFile(history: History): string {
  return `${protoUtils.historyToJSON(HistoryMessage.fromObject(history))}\n`;
}

function historyFromFile(text: string): History {
  return protoUtils.historyFromJSON(JSON.parse(text));
}

const HISTORIES = path.join(path.dirname(new URL(import.meta.url).pathname), 'histories');
const UPDATE = process.env.UPDATE_HISTORIES === '1';
const DAY = 86_400_000;

let harness: Harness;
const fresh: Record<string, History> = {};

/** Drives one complaint through every state and most updates, with skipped time for reminders. */
async function runFullFlow(): Promise<Record<string, WorkflowHandle>> {
  const client = harness.env.client;
  const registry = await client.workflow.start('registry', {
    taskQueue: TASK_QUEUE,
    workflowId: 'sesflow-registry',
    args: [{}],
  });
  const cc = companyActor('cc@replay.test');
  const poc = companyActor('poc@replay.test');
  const helper = companyActor('helper@replay.test');

  const opened = await registry.executeUpdate(openComplaint, {
    args: [
      {
        key: 'k-open',
        actor: agency,
        companyName: 'Replay Bank',
        contact: { email: 'cc@replay.test' },
        summary: 'Late fee.',
      },
    ],
  });
  const complaint = client.workflow.getHandle(complaintWorkflowId(opened.number));
  const due = { kind: 'businessDays', days: 3 } as const;
  await complaint.executeUpdate(createIr, { args: [{ key: 'k-ir1', actor: agency, question: 'Fee schedule?', due }] });
  await registry.executeUpdate(acceptEnrollment, {
    args: [{ key: 'k-accept', actor: cc, companyId: opened.companyId }],
  });
  for (const email of ['poc@replay.test', 'helper@replay.test']) {
    await registry.executeUpdate(addUser, {
      args: [{ key: `k-user-${email}`, actor: cc, companyId: opened.companyId, email }],
    });
  }
  // Long enough for at least one reminder to assign a POC, so its timer is in the history.
  await harness.env.sleep(5 * DAY);
  await complaint.executeUpdate(assignPoc, { args: [{ key: 'k-poc', actor: cc, email: 'poc@replay.test' }] });
  await complaint.executeUpdate(assignHelper, { args: [{ key: 'k-helper', actor: poc, email: 'helper@replay.test' }] });
  await complaint.executeUpdate(saveDraft, {
    args: [{ key: 'k-d1', actor: helper, ir: 1, text: 'Outline.', restricted: false }],
  });
  await complaint.executeUpdate(saveDraft, {
    args: [{ key: 'k-d2', actor: poc, ir: 1, text: 'Private.', restricted: true }],
  });
  await complaint.executeUpdate(submitResponse, { args: [{ key: 'k-s1', actor: poc, ir: 1 }] });
  await complaint.executeUpdate(sendBack, { args: [{ key: 'k-back', actor: agency, ir: 1, due, note: 'Add dates.' }] });
  await complaint.executeUpdate(requestExtension, {
    args: [{ key: 'k-ext', actor: poc, ir: 1, days: 2, reason: 'Audit.' }],
  });
  await complaint.executeUpdate(decideExtension, { args: [{ key: 'k-dec', actor: agency, ir: 1, approve: true }] });
  await harness.env.sleep(10 * DAY);
  await complaint.executeUpdate(submitResponse, { args: [{ key: 'k-s2', actor: poc, ir: 1, text: 'Dates added.' }] });
  await complaint.executeUpdate(closeComplaint, {
    args: [{ key: 'k-close', actor: agency, reason: 'explanation', visibleToCompany: true, note: 'Resolved.' }],
  });
  await complaint.result();

  return {
    complaint,
    registry,
    enrollment: client.workflow.getHandle(invitationWorkflowId(opened.companyId, opened.number)),
  };
}

beforeAll(async () => {
  harness = await startHarness();
  const handles = await runFullFlow();
  for (const [name, handle] of Object.entries(handles)) {
    fresh[name] = await handle.fetchHistory();
    if (UPDATE) writeFileSync(path.join(HISTORIES, `${name}-full.json`), historyToFile(fresh[name] ?? {}));
  }
});

afterAll(async () => {
  await harness?.stop();
});

async function replay(history: History | undefined): Promise<void> {
  await Worker.runReplayHistory({ workflowBundle: harness.bundle }, history);
}

describe('workflow replay', () => {
  it.each(['complaint', 'registry', 'enrollment'])('%s history of this run replays', async (name) => {
    expect(fresh[name]?.events?.length).toBeGreaterThan(10);
    await replay(fresh[name]);
  });

  it.each(['complaint', 'registry', 'enrollment'])('%s committed history replays', async (name) => {
    const file = path.join(HISTORIES, `${name}-full.json`);
    if (!existsSync(file))
      throw new Error(
        `${file} is missing; record it with UPDATE_HISTORIES=1 npx vitest run ${path.basename(import.meta.url)}`,
      );
    await replay(historyFromFile(readFileSync(file, 'utf8')));
  });
});
