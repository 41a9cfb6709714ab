/**
 * The modal forms `/ses new`, `ir`, `sendback` and `close` open when typed without arguments, and
 * the parsing of their submissions into the same commands the slash command text produces.
 */
import type { types } from '@slack/bolt';
import { CLOSE_REASONS } from '../../domain/types.ts';
import {
  FieldError,
  parseAmount,
  parseCloseReason,
  parseComplaintNumber,
  parseContact,
  parseDue,
  parseIrNumber,
  parseVisible,
  requireText,
} from './fields.ts';
import type { FormName, SesCommand } from './parse.ts';

export const FORM_CALLBACK_PREFIX = 'ses_form:';

/** Reply target after the form is submitted, carried in the view's `private_metadata`. */
export interface FormMetadata {
  channel: string;
  responseUrl?: string;
}

/** Submitted values by block id; a field left empty is absent. */
export type FormValues = Record<string, string | undefined>;

export type FormResult = { ok: true; command: SesCommand } | { ok: false; errors: Record<string, string> };

const ACTION_ID = 'value';

interface Field {
  blockId: string;
  label: string;
  kind: 'text' | 'multiline' | 'select';
  optional?: boolean;
  placeholder?: string;
  hint?: string;
  options?: readonly string[];
  initial?: string;
}

const complaintField: Field = { blockId: 'complaint', label: 'Complaint', kind: 'text', placeholder: 'C-1042' };
const irField: Field = { blockId: 'ir', label: 'Information request', kind: 'text', placeholder: 'IR-1' };
const dueField: Field = {
  blockId: 'due',
  label: 'Due',
  kind: 'text',
  placeholder: '2027-01-15 or 10',
  hint: 'A date (Eastern Time) or a number of business days from today.',
};

const FORMS: Record<FormName, { title: string; submit: string; fields: Field[] }> = {
  new: {
    title: 'New complaint',
    submit: 'Open',
    fields: [
      { blockId: 'company', label: 'Company', kind: 'text', placeholder: 'Acme Lending' },
      {
        blockId: 'contact',
        label: 'First company user',
        kind: 'text',
        placeholder: 'Jane Roe <jane@acme.test>',
        hint: 'Invited to enroll when the company is new.',
      },
      { blockId: 'ref', label: 'Consumer reference', kind: 'text', optional: true },
      { blockId: 'summary', label: 'Summary', kind: 'multiline' },
    ],
  },
  ir: {
    title: 'Information request',
    submit: 'Create',
    fields: [complaintField, dueField, { blockId: 'question', label: 'Question', kind: 'multiline' }],
  },
  sendback: {
    title: 'Send back for updates',
    submit: 'Send back',
    fields: [complaintField, irField, dueField, { blockId: 'note', label: 'What to update', kind: 'multiline' }],
  },
  close: {
    title: 'Close complaint',
    submit: 'Close',
    fields: [
      complaintField,
      { blockId: 'reason', label: 'Reason', kind: 'select', options: CLOSE_REASONS },
      { blockId: 'amount', label: 'Amount (dollars)', kind: 'text', optional: true, placeholder: '250.00' },
      {
        blockId: 'visible',
        label: 'Show reason and note to the company',
        kind: 'select',
        options: ['no', 'yes'],
        initial: 'no',
      },
      { blockId: 'note', label: 'Note', kind: 'multiline', optional: true },
    ],
  },
};

export function buildFormView(form: FormName, metadata: FormMetadata): types.ModalView {
  const spec = FORMS[form];
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK_PREFIX}${form}`,
    title: { type: 'plain_text', text: spec.title },
    submit: { type: 'plain_text', text: spec.submit },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(metadata),
    blocks: spec.fields.map(inputBlock),
  };
}

function inputBlock(field: Field): types.InputBlock {
  const block: types.InputBlock = {
    type: 'input',
    block_id: field.blockId,
    label: { type: 'plain_text', text: field.label },
    optional: field.optional ?? false,
    element: inputElement(field),
  };
  if (field.hint) block.hint = { type: 'plain_text', text: field.hint };
  return block;
}

function inputElement(field: Field): types.InputBlock['element'] {
  if (field.kind === 'select') {
    const options = (field.options ?? []).map((value) => ({
      text: { type: 'plain_text' as const, text: value },
      value,
    }));
    const initial = options.find((option) => option.value === field.initial);
    return { type: 'static_select', action_id: ACTION_ID, options, ...(initial ? { initial_option: initial } : {}) };
  }
  return {
    type: 'plain_text_input',
    action_id: ACTION_ID,
    multiline: field.kind === 'multiline',
    ...(field.placeholder ? { placeholder: { type: 'plain_text' as const, text: field.placeholder } } : {}),
  };
}

export function formNameOf(callbackId: string): FormName | undefined {
  const name = callbackId.slice(FORM_CALLBACK_PREFIX.length);
  return callbackId.startsWith(FORM_CALLBACK_PREFIX) && name in FORMS ? (name as FormName) : undefined;
}

/** Reads each block's text value or selected option out of a submitted view's state. */
export function readFormValues(state: {
  values: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;
}): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(state.values)) {
    const action = actions[ACTION_ID];
    const value = action?.selected_option?.value ?? action?.value ?? undefined;
    if (value !== undefined && value !== null && value.trim() !== '') values[blockId] = value;
  }
  return values;
}

export function parseFormMetadata(privateMetadata: string): FormMetadata | undefined {
  try {
    const parsed: unknown = JSON.parse(privateMetadata);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as FormMetadata).channel === 'string') {
      return parsed as FormMetadata;
    }
  } catch {
    // Not ours or damaged; the caller replies another way.
  }
  return undefined;
}

/** Builds the command a submitted form stands for, or the error to show under each invalid field. */
export function parseForm(form: FormName, values: FormValues): FormResult {
  const errors: Record<string, string> = {};
  const field = <T>(blockId: string, parse: (value: string) => T): T | undefined => {
    try {
      return parse(
        requireText(values[blockId], FORMS[form].fields.find((f) => f.blockId === blockId)?.label ?? blockId),
      );
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      errors[blockId] = capitalize(error.message);
      return undefined;
    }
  };
  const optional = (blockId: string) => values[blockId]?.trim() || undefined;

  const command = buildCommand(form, field, optional);
  return Object.keys(errors).length > 0 || !command ? { ok: false, errors } : { ok: true, command };
}

type FieldReader = <T>(blockId: string, parse: (value: string) => T) => T | undefined;

function buildCommand(
  form: FormName,
  field: FieldReader,
  optional: (blockId: string) => string | undefined,
): SesCommand | undefined {
  const text = (value: string) => value.trim();
  switch (form) {
    case 'new': {
      const [companyName, contact, summary] = [
        field('company', text),
        field('contact', parseContact),
        field('summary', text),
      ];
      const consumerReference = optional('ref');
      if (!companyName || !contact || !summary) return undefined;
      return { name: 'new', companyName, contact, summary, ...(consumerReference ? { consumerReference } : {}) };
    }
    case 'ir': {
      const [complaint, due, question] = [
        field('complaint', parseComplaintNumber),
        field('due', parseDue),
        field('question', text),
      ];
      if (!complaint || !due || !question) return undefined;
      return { name: 'ir', complaint, due, question };
    }
    case 'sendback': {
      const complaint = field('complaint', parseComplaintNumber);
      const [ir, due, note] = [field('ir', parseIrNumber), field('due', parseDue), field('note', text)];
      if (!complaint || !ir || !due || !note) return undefined;
      return { name: 'sendback', complaint, ir, due, note };
    }
    case 'close': {
      const [complaint, reason] = [field('complaint', parseComplaintNumber), field('reason', parseCloseReason)];
      const amount = optional('amount') === undefined ? undefined : field('amount', parseAmount);
      const visibleToCompany = optional('visible') === undefined ? false : field('visible', parseVisible);
      if (!complaint || !reason || visibleToCompany === undefined) return undefined;
      if (optional('amount') !== undefined && amount === undefined) return undefined;
      const note = optional('note') ?? '';
      return { name: 'close', complaint, reason, visibleToCompany, note, ...(amount ? { amount } : {}) };
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
