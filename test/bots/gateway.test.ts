import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { Gateway, GatewayError, MAX_TEXT_LENGTH, checkTextLengths } from '../../bots/gateway.ts';
import { ErrorCode } from '../../domain/errors.ts';
import { WorkflowType } from '../../workflows/messages.ts';
import { addUser, saveDraft } from '../../workflows/messages.ts';

const actor = { kind: 'company', email: 'pat@acme.test', via: 'email' } as const;

/** Builds a client that fails the test if the gateway reaches Temporal at all. */
function unreachableClient(): Client {
  const fail = () => {
    throw new Error('the gateway reached Temporal');
  };
  return { workflow: { getHandle: fail, executeUpdateWithStart: fail } } as unknown as Client;
}

function rejection(call: () => unknown): GatewayError {
  try {
    call();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('no GatewayError was thrown');
}

describe('checkTextLengths', () => {
  it('accepts text at the limit', () => {
    expect(() => checkTextLengths({ key: 'k', text: 'x'.repeat(MAX_TEXT_LENGTH) })).not.toThrow();
  });

  it('names the field over the limit', () => {
    const error = rejection(() => checkTextLengths({ key: 'k', question: 'x'.repeat(MAX_TEXT_LENGTH + 1) }));

    expect(error.code).toBe(ErrorCode.InvalidInput);
    expect(error.message).toBe(
      'The question is 20,001 characters long, over the limit of 20,000. Shorten it and send it again.',
    );
  });

  it('ignores fields that are not text', () => {
    expect(() => checkTextLengths({ key: 'k', ir: 1, actor, restricted: true })).not.toThrow();
  });
});

describe('Gateway text limit', () => {
  const gateway = new Gateway(unreachableClient());
  const long = 'x'.repeat(MAX_TEXT_LENGTH + 1);

  it('rejects a complaint update before sending it', async () => {
    const input = { key: 'email:<big@acme.test>', actor, ir: 1, text: long, restricted: false };

    await expect(gateway.complaintUpdate('C-1042', saveDraft, input)).rejects.toMatchObject({
      code: ErrorCode.InvalidInput,
      message: expect.stringContaining('The response text is 20,001 characters long'),
    });
  });

  it('rejects a registry update before sending it', async () => {
    const input = { key: 'k', actor, companyId: 'acme', email: 'bob@acme.test', name: long };

    await expect(gateway.registryUpdate(addUser, input)).rejects.toMatchObject({ code: ErrorCode.InvalidInput });
  });

  it('rejects an opening before sending it', async () => {
    const input = {
      key: 'k',
      actor: { kind: 'agency', slackUserId: 'U1' } as const,
      companyName: 'Acme',
      contact: { email: 'jane@acme.test' },
      summary: long,
    };

    await expect(gateway.openComplaint(input)).rejects.toMatchObject({
      message: expect.stringContaining('The summary is 20,001 characters long'),
    });
  });
});

describe('WorkflowType', () => {
  it('names workflows the bundle exports', async () => {
    const workflows: Record<string, unknown> = await import('../../workflows/index.ts');
    for (const name of Object.values(WorkflowType)) {
      expect(typeof workflows[name], name).toBe('function');
    }
  });
});
