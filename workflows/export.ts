import type { Actor } from '../domain/types.ts';

export interface ExportInput {
  key: string;
  actor: Actor;
  status: 'open' | 'closed' | 'all';
  /** Slack channel or user id that receives the CSV file. */
  channel: string;
}
