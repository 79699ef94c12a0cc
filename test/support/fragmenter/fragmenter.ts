/**
 * Runs the fragmenter (frag.c) on this host and holds the fragmented state until `release()`. The child
 * runs in its own process group; release, a failure, a timeout or this process exiting kill the group, and
 * the child also dies when its stdin closes or its parent dies, so nothing is left behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildFragmenter } from './buildFragmenter';
import { snapshot } from './hostMemory';
import { type FragmentMode, type FragmentPlan, planFragment } from './sizing';

/** A held fragmented state. */
export interface Fragmentation {
  plan: FragmentPlan;
  /** what frag.c reported (`anon_kept_pages`, `cache_pages`, `pipe_pages`) */
  report: Record<string, number>;
  /** ms from start to `ready` */
  elapsedMs: number;
  /** frees everything the fragmenter holds; safe to call twice */
  release(): Promise<void>;
}

/** Where the pagecache mode puts its sparse file: a real disk filesystem (never tmpfs), the repo's own. */
const SCRATCH_PARENT = '/var/tmp';
const READY_TIMEOUT_MS = 120_000;
const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// last resort: a test runner that exits without calling release() must not leave memory held
process.on('exit', () => {
  for (const c of live) killGroup(c);
});

function parseLines(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^([a-z_]+)=(\d+)$/gm)) out[m[1] as string] = Number(m[2]);
  return out;
}

function waitReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('fragmenter not ready in time')), READY_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`fragmenter failed: ${why} ${out.trim()}`.trim()));
    };
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (/^ready$/m.test(out)) {
        clearTimeout(timer);
        resolve(out);
      } else if (/^error=/m.test(out)) fail('');
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal})`));
    child.once('error', (e) => fail(e.message));
  });
}

function releaser(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    child.stdin?.end();
    const timer = setTimeout(() => killGroup(child), 5_000);
    await exited;
    clearTimeout(timer);
    killGroup(child);
    live.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * Fragments this host's memory in `mode`, sized from MemAvailable and the Normal zone. Returns a reason
 * string instead when it cannot be done within the safety budget.
 */
export async function fragment(mode: FragmentMode): Promise<Fragmentation | string> {
  const bin = buildFragmenter();
  const dir = mkdtempSync(join(SCRATCH_PARENT, 'memfrag-frag-'));
  const plan = planFragment(mode, snapshot(), dir);
  if (typeof plan === 'string') {
    rmSync(dir, { recursive: true, force: true });
    return plan;
  }
  const started = Date.now();
  const child = spawn(bin, plan.args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  const release = releaser(child, dir);
  try {
    const out = await waitReady(child);
    return { plan, report: parseLines(out), elapsedMs: Date.now() - started, release };
  } catch (e) {
    await release();
    throw e;
  }
}
