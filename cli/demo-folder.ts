/**
 * The demo's data folder. Each run starts empty, so the demo wipes `<dataDir>/demo` first, but
 * never while another demo still runs in it: then this run takes a folder of its own and removes
 * it when it stops.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface DemoFolder {
  dir: string;
  /** Process id of the demo that has locked `<dataDir>/demo`, when this run had to use another folder. */
  busyOwner?: number;
  release(): Promise<void>;
}

/** Claims and empties `<dataDir>/demo`, or a fresh `<dataDir>/demo-<pid>` while another live demo has it locked. */
export async function claimDemoFolder(dataDir: string): Promise<DemoFolder> {
  const base = path.resolve(dataDir);
  await mkdir(base, { recursive: true });
  const shared = path.join(base, 'demo');
  const lockFile = path.join(base, 'demo.pid');

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      await rm(shared, { recursive: true, force: true });
      return { dir: shared, release: () => rm(lockFile, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      const own = path.join(base, `demo-${process.pid}`);
      await rm(own, { recursive: true, force: true });
      return { dir: own, busyOwner: owner, release: () => rm(own, { recursive: true, force: true }) };
    }
    // The demo that wrote the lock has exited without removing it.
    await rm(lockFile, { force: true });
  }
  throw new Error(`could not claim ${shared}: another demo claimed it at the same time; run the demo again`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
