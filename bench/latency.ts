/**
 * Measures what a user waits for on one machine, through the real stack the demo starts:
 * `/ses` commands from the signed request to the bot's reply, and email replies from the SMTP
 * send to the bot's reply in the user's mailbox. Prints a Markdown table and the memory of
 * the sesflow process and its child servers.
 *
 * Run: `npx tsx bench/latency.ts [rounds]` (default 20 rounds).
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoEnvironment } from '../cli/demo-environment.ts';
import { log } from '../lib/log.ts';

const rounds = Number(process.argv[2] ?? 20);

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function timed<T>(samples: number[], action: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await action();
  samples.push(performance.now() - started);
  return result;
}

/** Resident memory in MiB of a process and, separately, of all its descendants (Temporal, Dovecot). */
function residentMemory(pid: number): { self: number; children: number } {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=']).toString().trim().split('\n');
  const rows = table.map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const descendants = new Set<number>([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent] of rows) {
      if (descendants.has(parent) && !descendants.has(child)) {
        descendants.add(child);
        grew = true;
      }
    }
  }
  let self = 0;
  let children = 0;
  for (const [child, , rss] of rows) {
    if (child === pid) self = rss;
    else if (descendants.has(child)) children += rss;
  }
  return { self: self / 1024, children: children / 1024 };
}

async function main(): Promise<void> {
  log.level = 'warn';
  const dir = await mkdtemp(path.join(tmpdir(), 'sesflow-bench-'));
  await chmod(dir, 0o755);
  const startedAt = performance.now();
  const environment = await startDemoEnvironment({ dir, preferStandardPorts: false });
  const startup = performance.now() - startedAt;
  const { slack, contact } = environment.people;
  const samples = { status: [] as number[], ir: [] as number[], irMail: [] as number[], draft: [] as number[] };

  try {
    const opened = await slack.command(`new company="Bench Lending" contact="Jane Roe <${contact.address}>" Bench run`);
    const number = /C-\d+/.exec(opened)?.[0];
    if (!number) throw new Error(`no complaint number in: ${opened}`);
    const bySubject = (text: string) => (mail: { parsed: { subject?: string } }) =>
      (mail.parsed.subject ?? '').includes(`[${number}]`) && (mail.parsed.subject ?? '').includes(text);
    await contact.reply(await contact.waitFor('invitation', bySubject('Enroll')), 'ACCEPT');
    await contact.reply(
      await contact.waitFor('POC request', bySubject('Assign a point of contact')),
      `POC ${contact.address}`,
    );
    await contact.waitFor('POC assigned', bySubject('is the point of contact'));

    for (let round = 1; round <= rounds; round++) {
      await timed(samples.status, () => slack.command(`status ${number}`));
      const irSent = performance.now();
      await timed(samples.ir, () => slack.command(`ir ${number} due=10 Question ${round}`));
      const irMail = await contact.waitFor(`IR-${round}`, bySubject(`IR-${round}: information request`));
      samples.irMail.push(performance.now() - irSent);
      await timed(samples.draft, async () => {
        await contact.reply(irMail, `Answer ${round}`);
        await contact.waitFor(`draft receipt ${round}`, bySubject(`IR-${round}: draft 1 saved`));
      });
    }

    const memory = residentMemory(process.pid);
    const row = (name: string, values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const cells = [50, 95, 100].map((p) => percentile(sorted, p).toFixed(0));
      return `| ${name} | ${values.length} | ${cells.join(' | ')} |`;
    };
    console.log(
      `\n${rounds} rounds on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`,
    );
    console.log(`start-up of every service: ${(startup / 1000).toFixed(1)} s\n`);
    console.log('| what the user waits for | samples | p50 ms | p95 ms | max ms |');
    console.log('|---|---|---|---|---|');
    console.log(row('`/ses status` (query) until the reply is posted', samples.status));
    console.log(row('`/ses ir` (update + records + email + notice) until the reply is posted', samples.ir));
    console.log(row('`/ses ir` until the IR email is in the POC mailbox', samples.irMail));
    console.log(row('email reply (draft) until the draft receipt is in the mailbox', samples.draft));
    console.log(
      `\nresident memory: sesflow process ${memory.self.toFixed(0)} MiB; its child servers (Temporal dev server, Dovecot) ${memory.children.toFixed(0)} MiB`,
    );
  } finally {
    await environment.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
