import type { Gateway } from '../gateway.ts';

/** The part of `Gateway` the Slack bot calls; tests pass an object with these methods. */
export type SlackGateway = Pick<
  Gateway,
  | 'openComplaint'
  | 'registryUpdate'
  | 'complaintUpdate'
  | 'complaintStatus'
  | 'findUser'
  | 'listOpen'
  | 'exportComplaints'
>;
