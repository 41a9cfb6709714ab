import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDemoFolder } from '../../cli/demo-folder.ts';
import { tempDataDir } from './run-cli.ts';

describe('claimDemoFolder', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(() => data.cleanup());

  it('empties the shared folder and locks it', async () => {
    const leftover = path.join(data.dir, 'demo', 'old-run.txt');
    mkdirSync(path.dirname(leftover), { recursive: true });
    writeFileSync(leftover, 'from an earlier run');

    const folder = await claimDemoFolder(data.dir);

    expect(folder.dir).toBe(path.join(data.dir, 'demo'));
    expect(folder.busyOwner).toBeUndefined();
    expect(existsSync(leftover)).toBe(false);
    expect(readFileSync(path.join(data.dir, 'demo.pid'), 'utf8')).toBe(String(process.pid));
    await folder.release();
    expect(existsSync(path.join(data.dir, 'demo.pid'))).toBe(false);
  });

  it('takes its own folder while another demo runs', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(data.dir, 'demo.pid'), String(other.pid));
      const runningDemoFile = path.join(data.dir, 'demo', 'mail.txt');
      mkdirSync(path.dirname(runningDemoFile), { recursive: true });
      writeFileSync(runningDemoFile, 'the running demo');

      const folder = await claimDemoFolder(data.dir);

      expect(folder.busyOwner).toBe(other.pid);
      expect(folder.dir).toBe(path.join(data.dir, `demo-${process.pid}`));
      expect(readFileSync(runningDemoFile, 'utf8')).toBe('the running demo');
      mkdirSync(folder.dir, { recursive: true });
      await folder.release();
      expect(existsSync(folder.dir)).toBe(false);
      expect(readFileSync(path.join(data.dir, 'demo.pid'), 'utf8')).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it('takes over the lock of a demo that has exited', async () => {
    const exited = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => exited.once('exit', resolve));
    writeFileSync(path.join(data.dir, 'demo.pid'), String(exited.pid));

    const folder = await claimDemoFolder(data.dir);

    expect(folder.busyOwner).toBeUndefined();
    expect(folder.dir).toBe(path.join(data.dir, 'demo'));
    expect(readFileSync(path.join(data.dir, 'demo.pid'), 'utf8')).toBe(String(process.pid));
    await folder.release();
  });
});
