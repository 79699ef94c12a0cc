/**
 * Runs a script with bash the way the TAT agent does: own process group, stdin /dev/null, stderr merged
 * into stdout in order, the first 24 KiB kept and the rest counted, SIGKILL to the whole group on timeout.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The agent's MAX_REPORT_BYTES: output beyond this many bytes is dropped and counted. */
export const OUTPUT_CAP_BYTES = 24 * 1024;

/** How a bash run ended. */
export interface BashRun {
  /** the exit code, or -1 when killed (timeout, abort) or killed by a signal */
  exitCode: number;
  killed: 'timeout' | 'abort' | null;
  output: Buffer;
  dropped: number;
  startedAt: number;
  endedAt: number;
}

/** Runs `content` with bash; `env` is added to this process's environment. */
export async function runBash(
  content: string,
  opts: { timeoutMs: number; env?: Record<string, string>; signal?: AbortSignal },
): Promise<BashRun> {
  const dir = await mkdtemp(join(tmpdir(), 'memfrag-local-'));
  const script = join(dir, 'task.sh');
  await writeFile(script, content, { mode: 0o700 });
  try {
    return await spawnCapped(script, dir, opts);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnCapped(
  script: string,
  cwd: string,
  opts: { timeoutMs: number; env?: Record<string, string>; signal?: AbortSignal },
): Promise<BashRun> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    // one pipe for both streams keeps their order: the outer bash points fd 2 at fd 1, then execs the script
    const child = spawn('bash', ['-c', 'exec 2>&1; exec bash "$0"', script], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, ...opts.env },
    });
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let dropped = 0;
    let killed: BashRun['killed'] = null;
    child.stdout.on('data', (buf: Buffer) => {
      const take = Math.min(OUTPUT_CAP_BYTES - keptBytes, buf.length);
      if (take > 0) kept.push(buf.subarray(0, take));
      keptBytes += take;
      dropped += buf.length - take;
    });
    const killGroup = (why: 'timeout' | 'abort') => {
      killed ??= why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    const timer = setTimeout(() => killGroup('timeout'), opts.timeoutMs);
    const onAbort = () => killGroup('abort');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      // a background process of the script may keep the pipe open: read what is there, then stop
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(grace);
        child.stdout.destroy();
        const exitCode = killed || code === null ? -1 : code;
        resolve({ exitCode, killed, output: Buffer.concat(kept), dropped, startedAt, endedAt: Date.now() });
      };
      const grace = setTimeout(finish, 200);
      if (child.stdout.readableEnded) finish();
      else child.stdout.once('end', finish);
    });
  });
}
