import { spawn } from 'node:child_process';

/** TAT keeps the first 24 KiB of a task's output and reports the rest as dropped. */
export const MAX_OUTPUT_BYTES = 24 * 1024;

// Constant wrappers: stderr joins stdout in one ordered stream, then the script file runs with bash.
// The "hang" wrapper keeps the task alive after the script, like a node stuck in an uninterruptible write.
const RUN = 'exec 2>&1; exec bash "$1"';
const RUN_THEN_HANG = 'exec 2>&1; bash "$1"; exec sleep 86400';

/** How to run one script file. */
export interface BashRun {
  file: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  hang?: boolean;
  /** called with the process group id once the process exists */
  onStart?: (pgid: number) => void;
}

/** What a run produced: raw output (uncapped), exit code (-1 when killed) and why it ended. */
export interface BashOutcome {
  exitCode: number;
  output: Buffer;
  /** bytes the script wrote in all (the buffer may hold fewer) */
  totalBytes: number;
  ended: 'exit' | 'timeout' | 'aborted';
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

/**
 * Runs `bash <file>` like the TAT agent: own process group, stdin /dev/null, stderr merged into stdout;
 * on timeout or abort the whole group gets SIGKILL and the exit code is -1.
 */
export function runBash(run: BashRun): Promise<BashOutcome> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', run.hang ? RUN_THEN_HANG : RUN, 'bash', run.file], {
      cwd: run.cwd,
      env: run.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let ended: BashOutcome['ended'] = 'exit';
    // the raw stream is kept whole up to a generous bound; the cap is applied by the caller
    child.stdout.on('data', (b: Buffer) => {
      if (size < MAX_OUTPUT_BYTES * 8) chunks.push(b);
      size += b.length;
    });
    const stop = (why: BashOutcome['ended']) => {
      ended = why;
      killGroup(child.pid);
    };
    const timer = setTimeout(() => stop('timeout'), run.timeoutMs);
    const onAbort = () => stop('aborted');
    run.signal.addEventListener('abort', onAbort, { once: true });
    if (child.pid !== undefined) run.onStart?.(child.pid);
    let grace: NodeJS.Timeout | undefined;
    // a background child still holding stdout would keep the stream open forever
    child.on('exit', () => {
      grace = setTimeout(() => killGroup(child.pid), 500);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(grace);
      run.signal.removeEventListener('abort', onAbort);
      // stragglers the script left behind in its group go too, so nothing outlives the task
      killGroup(child.pid);
      const output = Buffer.concat(chunks);
      resolve({ exitCode: ended === 'exit' && code !== null ? code : -1, output, totalBytes: size, ended });
    });
    child.on('error', () => undefined);
  });
}

/** The head kept and the number of bytes dropped, as the agent reports them. */
export function capOutput(raw: Buffer, totalBytes = raw.length): { output: Buffer; dropped: number } {
  return { output: raw.subarray(0, MAX_OUTPUT_BYTES), dropped: Math.max(0, totalBytes - MAX_OUTPUT_BYTES) };
}
