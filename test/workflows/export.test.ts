import { WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../domain/errors.ts';
import { TASK_QUEUE } from '../../workflows/messages.ts';
import { agency, companyActor, useHarness } from './harness.ts';

const harness = useHarness();

describe('exportComplaints workflow', () => {
  it('exportComplaints by agency staff runs the export activity', async () => {
    const result = await harness.env.client.workflow.execute('exportComplaints', {
      taskQueue: TASK_QUEUE,
      workflowId: 'export-agency',
      args: [{ key: 'slack-trigger-1', actor: agency, status: 'closed', channel: 'C-AGENCY' }],
    });

    expect(result).toEqual({ rows: 3 });
    expect(harness.recorder.exports.map((call) => call.request)).toEqual([
      { key: 'slack-trigger-1', status: 'closed', channel: 'C-AGENCY' },
    ]);
  });

  it('exportComplaints by a company user fails with NotAgencyStaff', async () => {
    const run = harness.env.client.workflow.execute('exportComplaints', {
      taskQueue: TASK_QUEUE,
      workflowId: 'export-company',
      args: [{ key: 'slack-trigger-2', actor: companyActor('cc@acme.test'), status: 'all', channel: 'D-USER' }],
    });

    const error = await run.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(errorCodeOf(error)).toBe('NotAgencyStaff');
    expect(harness.recorder.exports.some((call) => call.request.key === 'slack-trigger-2')).toBe(false);
  });
});
