import { ErrorCode, rejection } from '../domain/errors.ts';
import type { Actor } from '../domain/types.ts';
import { activities } from './activities.ts';

export interface ExportInput {
  key: string;
  actor: Actor;
  status: 'open' | 'closed' | 'all';
  /** Slack channel or user id that receives the CSV file. */
  channel: string;
}

/** Posts a CSV of complaints to a Slack channel; fails with `NotAgencyStaff` for anyone else. */
export async function exportComplaints(input: ExportInput): Promise<{ rows: number }> {
  if (input.actor.kind !== 'agency') {
    throw rejection(ErrorCode.NotAgencyStaff, 'Only agency staff can export complaints.');
  }
  return await activities.exportComplaints({ key: input.key, status: input.status, channel: input.channel });
}
