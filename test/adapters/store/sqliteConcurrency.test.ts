/**
 * Several processes sharing one SQLite file (the embedded default on one host): they open and migrate
 * a fresh file at the same moment, then race for the same leases and slots.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const RACER = join(import.meta.dirname, 'leaseRacer.ts');
const KEYS = 200;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Won {
  leases: string[];
  slots: number;
}

interface Racer {
  child: ChildProcess;
  /** resolves when the racer printed `line` */
  printed: (line: string) => Promise<void>;
  result: Promise<Won>;
}

function startRacer(home: string, holder: string): Racer {
  const child = spawn(process.execPath, ['--import', 'tsx', RACER, home, holder, String(KEYS)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
    for (const w of waiters) w();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const failed = (code: number | null) => new Error(`racer ${holder} exited ${code}: ${err}`);
  const printed = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.split('\n').includes(line) && resolve();
      waiters.push(check);
      check();
      void exited.then((code) => reject(failed(code)));
    });
  const result = exited.then((code) => {
    if (code !== 0) throw failed(code);
    return JSON.parse(out.split('\n')[2]!) as Won;
  });
  return { child, printed, result };
}

describe('SQLite store shared by several processes', () => {
  it('migrates a fresh file from three processes at once and grants each lease and slot once', async () => {
    const home = mkdtempSync(join(tmpdir(), 'memfrag-race-'));
    dirs.push(home);
    const racers = ['a', 'b', 'c'].map((h) => startRacer(home, h));
    // tsx startup times differ; `open` goes to all three only once each is listening
    await Promise.all(racers.map((r) => r.printed('listening')));
    for (const r of racers) r.child.stdin!.write('open\n');
    await Promise.all(racers.map((r) => r.printed('ready')));
    for (const r of racers) r.child.stdin!.end('go\n');
    const results = await Promise.all(racers.map((r) => r.result));

    const all = results.flatMap((r) => r.leases);
    expect(all).toHaveLength(KEYS); // each key went to someone, and to no one twice
    expect(new Set(all).size).toBe(KEYS);
    const withSlot = results.filter((r) => r.slots > 0);
    expect(withSlot.length).toBeLessThanOrEqual(2);
    expect(withSlot.length).toBeGreaterThanOrEqual(1);
  }, 30_000);
});
