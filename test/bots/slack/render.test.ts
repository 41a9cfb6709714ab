import { describe, expect, it } from 'vitest';
import { RESPONSE_LENGTH, TIMELINE_LIMIT, escapeMrkdwn, renderList, renderStatus } from '../../../bots/slack/render.ts';
import type { ComplaintView, DraftVersion, InformationRequest } from '../../../domain/types.ts';

function ir(overrides: Partial<InformationRequest> = {}): InformationRequest {
  return {
    number: 1,
    question: 'Why?',
    status: 'Open',
    createdAt: '2026-11-02T15:00:00.000Z',
    dueAt: '2026-11-16T23:00:00.000Z',
    previousDueDates: [],
    drafts: [],
    submissions: [],
    extensions: [],
    ...overrides,
  };
}

function draft(version: number, text: string, restricted = false): DraftVersion {
  return { version, author: 'pat@acme.test', text, restricted, savedAt: '2026-11-03T15:00:00.000Z' };
}

function submitted(version: number, restricted = false) {
  return { version, submittedAt: '2026-11-04T15:00:00.000Z', restricted };
}

function view(overrides: Partial<ComplaintView> = {}): ComplaintView {
  return {
    number: 'C-7',
    status: 'Open',
    summary: 'Fees',
    company: { id: 'acme', name: 'Acme & Sons', enrolled: true },
    helpers: [],
    openedAt: '2026-11-02T15:00:00.000Z',
    irs: [],
    timeline: [],
    ...overrides,
  };
}

describe('renderStatus', () => {
  it('escapes Slack markup in company text', () => {
    expect(renderStatus(view())).toContain('*C-7* · Acme &amp; Sons · *Open*');
    expect(escapeMrkdwn('<@U1> & <!channel>')).toBe('&lt;@U1&gt; &amp; &lt;!channel&gt;');
  });

  it('shows a missing POC, a pending enrollment and no IRs', () => {
    const text = renderStatus(view({ status: 'EnrollmentPending', company: { id: 'a', name: 'A', enrolled: false } }));
    expect(text).toContain('POC: not assigned');
    expect(text).toContain('_The company has not completed enrollment._');
    expect(text).toContain('_No information requests yet._');
  });

  it('shows drafts, moved due dates and pending extensions', () => {
    const text = renderStatus(
      view({
        irs: [
          ir({
            previousDueDates: ['2026-11-09T23:00:00.000Z'],
            drafts: [
              {
                version: 1,
                author: 'hal@acme.test',
                text: 'secret',
                restricted: false,
                savedAt: '2026-11-03T15:00:00.000Z',
              },
              {
                version: 2,
                author: 'pat@acme.test',
                text: 'secret',
                restricted: true,
                savedAt: '2026-11-04T15:00:00.000Z',
              },
            ],
            extensions: [
              { days: 5, reason: 'late', requestedBy: 'pat@acme.test', requestedAt: '2026-11-05T15:00:00.000Z' },
            ],
          }),
        ],
      }),
    );
    expect(text).toMatch(/\*IR-1\* · Open · due .+ \(first due .+\)/);
    expect(text).toContain('Draft v2 by pat@acme.test, restricted, saved');
    expect(text).not.toContain('secret');
    expect(text).toContain('Extension of 5 business days requested by pat@acme.test, waiting for a decision');
  });

  it('shows the submitted response text', () => {
    const drafts = [draft(1, 'Refunded on <Jan 3> & closed.\nSee page 2.', true)];
    const text = renderStatus(view({ irs: [ir({ status: 'Sent', drafts, submissions: [submitted(1, true)] })] }));

    expect(text).toContain('Submitted v1, restricted ');
    expect(text).toContain('\n> Refunded on &lt;Jan 3&gt; &amp; closed.\n> See page 2.');
  });

  it('says when the submitted text is withheld from the reader', () => {
    // A helper's view: the workflow removed the restricted draft that was submitted.
    const irs = [ir({ status: 'Sent', drafts: [draft(1, 'Helper text')], submissions: [submitted(2, true)] })];
    const text = renderStatus(view({ irs }), 'company');

    expect(text).toContain('Submitted v2, restricted ');
    expect(text).toContain('_Its text is restricted: only the POC and the agency can read it._');
    expect(text).not.toContain('Draft v1');
  });

  it('cuts a long response and counts the rest', () => {
    const long = 'a'.repeat(RESPONSE_LENGTH + 25);
    const text = renderStatus(view({ irs: [ir({ drafts: [draft(1, long)], submissions: [submitted(1)] })] }));

    expect(text).toContain(`> ${'a'.repeat(RESPONSE_LENGTH)}... (25 more characters)`);
  });

  it('shows draft text to company users only', () => {
    const irs = [ir({ drafts: [draft(1, 'Working text')] })];

    expect(renderStatus(view({ irs }), 'company')).toContain('   > Working text');
    expect(renderStatus(view({ irs }), 'agency')).not.toContain('Working text');
  });

  it('shows the closing details the caller may see', () => {
    const closed = {
      reason: 'monetary-relief' as const,
      amount: '250.00',
      visibleToCompany: true,
      note: 'Refunded',
      closedAt: '2026-12-01T15:00:00.000Z',
      closedBy: 'Sam Staff',
    };
    const text = renderStatus(view({ status: 'Closed', closed }));
    expect(text).toMatch(/Closed .+ by Sam Staff: monetary-relief, \$250\.00/);
    expect(text).toContain('> Refunded');
  });

  it('shows only the latest timeline entries', () => {
    const timeline = Array.from({ length: TIMELINE_LIMIT + 5 }, (_, index) => ({
      at: new Date(Date.UTC(2026, 10, 2, 15, index)).toISOString(),
      actor: 'system',
      event: `event ${index}`,
    }));
    const text = renderStatus(view({ timeline }));
    expect(text).toContain('_5 earlier entries not shown_');
    expect(text).not.toContain('event 4\n');
    expect(text).toContain(`event ${TIMELINE_LIMIT + 4}`);
  });
});

describe('renderList', () => {
  it('says when nothing is open', () => {
    expect(renderList([], 'agency')).toBe('There are no open complaints.');
  });
});
