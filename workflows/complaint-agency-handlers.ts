/**
 * Handlers of the updates agency staff send to a complaint: IRs, send-backs, extension decisions,
 * closing. Each checks its rules and applies its change at once, right after its validator, and
 * captures the recipients of its notices. The records and notices then run under the lock.
 */
import { setHandler } from '@temporalio/workflow';
import type { Notice } from '../activities/contract.ts';
import { formatEastern } from '../domain/hours.ts';
import type { CloseDetails } from '../domain/types.ts';
import type { ComplaintEffects } from './complaint-effects.ts';
import { checkClose, checkCreateIr, checkDecideExtension, checkSendBack } from './complaint-rules.ts';
import { actorLabel, normalizeEmail, type ComplaintState } from './complaint-state.ts';
import { closeComplaint, createIr, decideExtension, sendBack } from './messages.ts';
import type { Mutex } from './mutex.ts';

export function registerAgencyHandlers(state: ComplaintState, lock: Mutex, effects: ComplaintEffects): void {
  setHandler(
    createIr,
    async (input) => {
      const now = new Date();
      const dueAt = checkCreateIr(state, input, now).toISOString();
      const at = now.toISOString();
      const ir = state.createIr(input.question, dueAt, at);
      state.addTimeline(at, input.actor, `IR-${ir.number} created, due ${formatEastern(new Date(dueAt))}`, {
        ir: ir.number,
      });
      // Without a POC the company gets the question later, when the POC is assigned.
      const poc = state.poc;

      return await lock.runExclusive(async () => {
        await effects.record(input.key, at, input.actor, {
          type: 'IrCreated',
          ir: ir.number,
          question: ir.question,
          dueAt,
        });
        const notice = { kind: 'newIr', ir: ir.number, question: ir.question, dueAt } as const;
        if (poc) await effects.email(input.key, poc, notice, ir.number);
        await effects.notifyAgency(input.key, notice);
        await effects.syncSummary();
        return { ir: ir.number, dueAt };
      });
    },
    { validator: (input) => void checkCreateIr(state, input, new Date()) },
  );

  setHandler(
    sendBack,
    async (input) => {
      const now = new Date();
      const checked = checkSendBack(state, input, now);
      const { ir } = checked;
      const dueAt = checked.dueAt.toISOString();
      const at = now.toISOString();
      const note = input.note.trim();
      state.returnForUpdate(ir, dueAt);
      state.addTimeline(at, input.actor, `IR-${ir.number} returned for updates, due ${formatEastern(checked.dueAt)}`, {
        ir: ir.number,
      });
      const poc = state.poc;

      return await lock.runExclusive(async () => {
        await effects.record(input.key, at, input.actor, { type: 'ReturnedForUpdate', ir: ir.number, note, dueAt });
        if (poc) {
          await effects.email(input.key, poc, { kind: 'returnedForUpdate', ir: ir.number, note, dueAt }, ir.number);
        }
        await effects.syncSummary();
        return { ir: ir.number, dueAt };
      });
    },
    { validator: (input) => void checkSendBack(state, input, new Date()) },
  );

  setHandler(
    decideExtension,
    async (input) => {
      const now = new Date();
      const checked = checkDecideExtension(state, input, now);
      const { ir } = checked;
      const dueAt = checked.dueAt.toISOString();
      const at = now.toISOString();
      const reason = input.reason?.trim() || undefined;
      const decision = input.approve ? 'approved' : 'denied';
      state.decideExtension(ir, { decision, decidedAt: at, reason, dueAt });
      state.addTimeline(at, input.actor, `IR-${ir.number} extension ${decision}, due ${formatEastern(checked.dueAt)}`, {
        ir: ir.number,
      });
      const poc = state.poc;

      return await lock.runExclusive(async () => {
        await effects.record(input.key, at, input.actor, {
          type: 'ExtensionDecided',
          ir: ir.number,
          approved: input.approve,
          dueAt,
          reason,
        });
        if (poc) {
          const notice = { kind: 'extensionDecided', ir: ir.number, approved: input.approve, dueAt, reason } as const;
          await effects.email(input.key, poc, notice, ir.number);
        }
        await effects.syncSummary();
        return { ir: ir.number, dueAt };
      });
    },
    { validator: (input) => void checkDecideExtension(state, input, new Date()) },
  );

  setHandler(
    closeComplaint,
    async (input) => {
      checkClose(state, input);
      const at = new Date().toISOString();
      const details: CloseDetails = {
        reason: input.reason,
        amount: input.amount?.trim(),
        visibleToCompany: input.visibleToCompany,
        note: input.note.trim(),
        closedAt: at,
        closedBy: actorLabel(input.actor),
      };
      state.close(details);
      // Company users read the timeline too, so it names the reason only when they may see it.
      const event = details.visibleToCompany ? `Complaint closed (${details.reason})` : 'Complaint closed';
      state.addTimeline(at, input.actor, event);
      const recipients = new Set<string>();
      const contact = state.complaintsContact();
      if (contact) recipients.add(normalizeEmail(contact.email));
      if (state.poc) recipients.add(state.poc);

      return await lock.runExclusive(async () => {
        await effects.record(input.key, at, input.actor, { type: 'ComplaintClosed', close: details });
        const companyNotice: Notice = details.visibleToCompany
          ? { kind: 'closureNotice', reason: details.reason, amount: details.amount, note: details.note }
          : { kind: 'closureNotice' };
        for (const email of recipients) await effects.email(input.key, email, companyNotice);
        await effects.notifyAgency(input.key, {
          kind: 'closureNotice',
          reason: details.reason,
          amount: details.amount,
          note: details.note,
        });
        await effects.syncSummary();
        return { closedAt: at };
      });
    },
    { validator: (input) => void checkClose(state, input) },
  );
}
