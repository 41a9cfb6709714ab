/**
 * Handlers of the updates company users send to a complaint: POC, helpers, drafts, submissions,
 * extensions. Each checks its rules and applies its change at once, right after its validator, and
 * captures what its notices need. The records and notices then run under the lock.
 */
import { setHandler } from '@temporalio/workflow';
import { formatEastern } from '../domain/hours.ts';
import type { InformationRequest } from '../domain/types.ts';
import type { ComplaintEffects } from './complaint-effects.ts';
import {
  checkAssignHelper,
  checkAssignPoc,
  checkRequestExtension,
  checkSaveDraft,
  checkSubmit,
} from './complaint-rules.ts';
import { WAITING_ON_COMPANY, type ComplaintState } from './complaint-state.ts';
import { assignHelper, assignPoc, requestExtension, saveDraft, submitResponse } from './messages.ts';
import type { Mutex } from './mutex.ts';

type OpenIr = Pick<InformationRequest, 'number' | 'question' | 'dueAt'>;

export function registerCompanyHandlers(state: ComplaintState, lock: Mutex, effects: ComplaintEffects): void {
  setHandler(
    assignPoc,
    async (input) => {
      const poc = checkAssignPoc(state, input);
      const at = new Date().toISOString();
      const wasAwaitingPoc = state.status === 'AwaitingPoc';
      state.assignPoc(poc);
      state.addTimeline(at, input.actor, `POC assigned: ${poc}`);
      // A new POC has seen none of the open requests, including those created before enrollment.
      const openIrs = waitingIrs(state);

      return await lock.runExclusive(async () => {
        await effects.record(input.key, at, input.actor, { type: 'PocAssigned', email: poc });
        if (wasAwaitingPoc) await effects.record(input.key, at, input.actor, { type: 'StatusChanged', status: 'Open' });
        await effects.email(input.key, poc, { kind: 'pocAssigned', poc });
        await emailIrs(effects, input.key, poc, openIrs);
        await effects.syncSummary();
        return { poc };
      });
    },
    { validator: (input) => void checkAssignPoc(state, input) },
  );

  setHandler(
    assignHelper,
    async (input) => {
      const helper = checkAssignHelper(state, input);
      const at = new Date().toISOString();
      state.addHelper(helper);
      state.addTimeline(at, input.actor, `Helper added: ${helper}`);
      const poc = state.poc ?? '';
      // Helpers draft by replying to an IR message, so each open request is sent to the new helper.
      const openIrs = waitingIrs(state);

      return await lock.runExclusive(async () => {
        await effects.record(input.key, at, input.actor, { type: 'HelperAdded', email: helper });
        await effects.email(input.key, helper, { kind: 'helperAdded', helper, poc });
        await emailIrs(effects, input.key, helper, openIrs);
        return { helper };
      });
    },
    { validator: (input) => void checkAssignHelper(state, input) },
  );

  setHandler(
    saveDraft,
    async (input) => {
      const { author, ir } = checkSaveDraft(state, input);
      const at = new Date().toISOString();
      const draft = state.saveDraft(ir, author, input.text, input.restricted, at);
      const label = input.restricted ? 'restricted draft' : 'draft';
      state.addTimeline(at, input.actor, `IR-${ir.number} ${label} v${draft.version} saved`, {
        ir: ir.number,
        restricted: draft.restricted,
      });

      return await lock.runExclusive(async () => {
        await effects.record(input.key, at, input.actor, {
          type: 'DraftSaved',
          ir: ir.number,
          version: draft.version,
          author,
          text: draft.text,
          restricted: draft.restricted,
        });
        const notice = {
          kind: 'draftSaved',
          ir: ir.number,
          version: draft.version,
          restricted: draft.restricted,
          author,
        } as const;
        await effects.email(input.key, author, notice, ir.number);
        return { ir: ir.number, version: draft.version, restricted: draft.restricted };
      });
    },
    { validator: (input) => void checkSaveDraft(state, input) },
  );

  setHandler(
    submitResponse,
    async (input) => {
      const checked = checkSubmit(state, input);
      const { poc, ir } = checked;
      const at = new Date().toISOString();
      // Text in the request is saved as the final draft first.
      const typed = checked.draft === undefined;
      const draft = checked.draft ?? state.saveDraft(ir, poc, input.text ?? '', false, at);
      if (typed) state.addTimeline(at, input.actor, `IR-${ir.number} draft v${draft.version} saved`, { ir: ir.number });
      state.submit(ir, draft, at);
      state.addTimeline(at, input.actor, `IR-${ir.number} response v${draft.version} submitted`, {
        ir: ir.number,
        restricted: draft.restricted,
      });

      return await lock.runExclusive(async () => {
        if (typed) {
          await effects.record(input.key, at, input.actor, {
            type: 'DraftSaved',
            ir: ir.number,
            version: draft.version,
            author: poc,
            text: draft.text,
            restricted: false,
          });
        }
        await effects.record(input.key, at, input.actor, {
          type: 'ResponseSubmitted',
          ir: ir.number,
          version: draft.version,
          submittedAt: at,
        });
        const receipt = { kind: 'submissionReceipt', ir: ir.number, version: draft.version, submittedAt: at } as const;
        await effects.email(input.key, poc, receipt, ir.number);
        await effects.notifyAgency(input.key, {
          kind: 'responseSubmitted',
          ir: ir.number,
          version: draft.version,
          text: draft.text,
          restricted: draft.restricted,
          poc,
        });
        await effects.syncSummary();
        return { ir: ir.number, version: draft.version, submittedAt: at };
      });
    },
    { validator: (input) => void checkSubmit(state, input) },
  );

  setHandler(
    requestExtension,
    async (input) => {
      const ir = checkRequestExtension(state, input);
      const at = new Date().toISOString();
      const requestedBy = state.poc ?? '';
      const reason = input.reason.trim();
      state.requestExtension(ir, { days: input.days, reason, requestedBy, requestedAt: at });
      const dueText = formatEastern(new Date(ir.dueAt));
      state.addTimeline(
        at,
        input.actor,
        `IR-${ir.number} extension of ${input.days} business days requested (due ${dueText})`,
        { ir: ir.number },
      );

      return await lock.runExclusive(async () => {
        await effects.record(input.key, at, input.actor, {
          type: 'ExtensionRequested',
          ir: ir.number,
          days: input.days,
          reason,
        });
        const notice = { kind: 'extensionRequested', ir: ir.number, days: input.days, reason, requestedBy } as const;
        await effects.notifyAgency(input.key, notice);
        return { ir: ir.number };
      });
    },
    { validator: (input) => void checkRequestExtension(state, input) },
  );
}

/** Returns the IRs waiting on the company, as they are now. */
function waitingIrs(state: ComplaintState): OpenIr[] {
  return state.irs
    .filter((ir) => WAITING_ON_COMPANY.has(ir.status))
    .map((ir) => ({ number: ir.number, question: ir.question, dueAt: ir.dueAt }));
}

/** Emails `to` each of `irs`, each with its own reply address. */
async function emailIrs(effects: ComplaintEffects, key: string, to: string, irs: OpenIr[]): Promise<void> {
  for (const ir of irs) {
    const notice = { kind: 'newIr', ir: ir.number, question: ir.question, dueAt: ir.dueAt } as const;
    await effects.email(key, to, notice, ir.number);
  }
}
