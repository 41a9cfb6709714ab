/** Every workflow of sesflow; the worker's `workflowsPath` points at this file. */
export { complaint } from './complaint.ts';
export { enrollment } from './enrollment.ts';
export { exportComplaints } from './export.ts';
export { registry } from './registry.ts';
