import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../../src/adapters/local/localExecutor';
import { OUTPUT_CAP_BYTES } from '../../../src/adapters/local/runBash';

const exec = createLocalExecutor();
const run = (content: string, timeoutSeconds = 10, ids: string[] = ['local']) =>
  exec.run({ name: 'test', content }, ids, { timeoutSeconds });

/** Running (a zombie waiting for a reaper counts as dead: it can no longer run). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\S+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

describe('LocalExecutor', () => {
  it('merges stderr into stdout in the order written', async () => {
    const [r] = await run('echo one; echo two >&2; echo three; echo four >&2');
    expect(r).toMatchObject({
      outcome: 'success',
      exitCode: 0,
      delivered: true,
      ran: true,
      outputComplete: true,
    });
    expect(r?.output).toBe('one\ntwo\nthree\nfour\n');
    expect(r?.dropped).toBe(0);
  });

  it('reports a non-zero exit as failed with its code', async () => {
    const [r] = await run('echo bad >&2; exit 3');
    expect(r).toMatchObject({ outcome: 'failed', exitCode: 3, output: 'bad\n', outputComplete: true });
    expect(r?.error).toContain('code 3');
  });

  it('keeps the first 24 KiB and counts the rest as dropped', async () => {
    const [r] = await run('head -c 100000 /dev/zero | tr "\\0" a; echo -n END');
    expect(r?.output.length).toBe(OUTPUT_CAP_BYTES);
    expect(r?.output).toBe('a'.repeat(OUTPUT_CAP_BYTES));
    expect(r?.dropped).toBe(100003 - OUTPUT_CAP_BYTES);
    expect(r).toMatchObject({ outcome: 'success', outputComplete: false });
    expect(r?.error).toContain('dropped');
  });

  it('kills the whole process group at the timeout, grandchildren included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'memfrag-test-'));
    const pidFile = join(dir, 'pid');
    const started = Date.now();
    const [r] = await run(`echo start; bash -c 'sleep 30 & echo $! > ${pidFile}; wait'`, 1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r).toMatchObject({ outcome: 'timeout', exitCode: -1, ran: true, outputComplete: false });
    expect(r?.output).toBe('start\n');
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(pid).toBeGreaterThan(0);
    // SIGKILL is delivered at once, but reaping by init may lag on a loaded machine
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });

  it('runs with stdin at /dev/null', async () => {
    const [r] = await run('cat; echo done');
    expect(r?.output).toBe('done\n');
  });

  it('sets MEMFRAG_ROOT when given a root', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'memfrag-root-'));
    await writeFile(join(dir, 'marker'), 'x');
    const withRoot = createLocalExecutor({ root: dir });
    const [r] = await withRoot.run({ name: 't', content: 'cat "$MEMFRAG_ROOT/marker"' }, ['local'], {
      timeoutSeconds: 10,
    });
    expect(r?.output).toBe('x');
  });

  it('answers by host name as well and refuses other instances', async () => {
    const results = await run('echo hi', 10, [hostname(), 'ins-elsewhere']);
    expect(results.map((r) => r.outcome)).toEqual(['success', 'not-delivered']);
    expect(results[1]).toMatchObject({ delivered: false, ran: false, exitCode: null });
  });

  it('cancels a running command when the signal aborts', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const [r] = await exec.run({ name: 't', content: 'echo a; sleep 30' }, ['local'], {
      timeoutSeconds: 20,
      signal: ac.signal,
    });
    expect(r).toMatchObject({ outcome: 'cancelled', exitCode: -1, output: 'a\n' });
  });

  it('counts a bash syntax error as a failed run with its message in the output', async () => {
    const [r] = await run('if then');
    expect(r?.outcome).toBe('failed');
    expect(r?.exitCode).toBe(2);
    expect(r?.output).toMatch(/syntax error/);
  });

  it('returns without waiting for a background process that keeps the pipe open', async () => {
    const started = Date.now();
    const [r] = await run('sleep 5 & echo quick');
    expect(Date.now() - started).toBeLessThan(4000);
    expect(r).toMatchObject({ outcome: 'success', output: 'quick\n' });
  });
});
