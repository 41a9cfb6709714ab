/**
 * Bundles the workflow code into the file named by the first argument. The worker runs it as a
 * child process because webpack keeps about 250 MiB resident after bundling, which the worker
 * process would otherwise hold for its whole life.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

const output = process.argv[2];
if (!output) {
  console.error('usage: bundle-workflows.ts <output file>');
  process.exit(2);
}
const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
await writeFile(output, code);
