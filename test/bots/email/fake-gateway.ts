import type { UpdateDefinition } from '@temporalio/common';
import type { EmailGateway } from '../../../bots/email/handler.ts';
import { checkTextLengths } from '../../../bots/gateway.ts';
import type { Actor, ComplaintView } from '../../../domain/types.ts';

export interface RecordedCall {
  /** `registry`, or the complaint number for complaint updates and queries. */
  target: string;
  /** The update's name, or `complaintStatus` for the query. */
  name: string;
  input: unknown;
}

/**
 * A stand-in for the Temporal gateway: records every call, and throws `failWith`'s error or waits
 * for `hold` when they are set. Updates resolve with `{}` because the email bot ignores their results.
 * Like `Gateway`, it rejects update inputs with a text over `MAX_TEXT_LENGTH` before recording them.
 */
export class FakeGateway implements EmailGateway {
  readonly calls: RecordedCall[] = [];
  /** Returns the error to throw for a call, or undefined to let it succeed. */
  failWith: (call: RecordedCall) => Error | undefined = () => undefined;
  /** When set, every call waits for this promise first. */
  hold: Promise<void> | undefined;

  constructor(public view: ComplaintView = complaintView()) {}

  async registryUpdate<Ret, Input extends { key: string }>(
    definition: UpdateDefinition<Ret, [Input]>,
    input: Input,
  ): Promise<Ret> {
    checkTextLengths(input);
    await this.record({ target: 'registry', name: definition.name, input });
    return {} as Ret;
  }

  async complaintUpdate<Ret, Input extends { key: string }>(
    number: string,
    definition: UpdateDefinition<Ret, [Input]>,
    input: Input,
  ): Promise<Ret> {
    checkTextLengths(input);
    await this.record({ target: number, name: definition.name, input });
    return {} as Ret;
  }

  async complaintStatus(number: string, actor: Actor): Promise<ComplaintView> {
    await this.record({ target: number, name: 'complaintStatus', input: actor });
    return { ...this.view, number };
  }

  /** Returns the recorded calls without status queries. */
  updates(): RecordedCall[] {
    return this.calls.filter((call) => call.name !== 'complaintStatus');
  }

  private async record(call: RecordedCall): Promise<void> {
    this.calls.push(call);
    if (this.hold) await this.hold;
    const error = this.failWith(call);
    if (error) throw error;
  }
}

export function complaintView(overrides: Partial<ComplaintView> = {}): ComplaintView {
  return {
    number: 'C-1042',
    status: 'Open',
    summary: 'Fee charged twice.',
    company: { id: 'company-acme', name: 'Acme Lending', enrolled: true },
    poc: 'pat@acme.test',
    helpers: ['hal@acme.test'],
    openedAt: '2027-01-04T15:00:00.000Z',
    irs: [
      {
        number: 1,
        question: 'Why was the fee charged twice?',
        status: 'Open',
        createdAt: '2027-01-04T16:00:00.000Z',
        dueAt: '2027-01-15T22:00:00.000Z',
        previousDueDates: [],
        drafts: [],
        submissions: [],
        extensions: [],
      },
    ],
    timeline: [{ at: '2027-01-04T15:00:00.000Z', actor: 'agency', event: 'complaint opened' }],
    nextDueAt: '2027-01-15T22:00:00.000Z',
    ...overrides,
  };
}
