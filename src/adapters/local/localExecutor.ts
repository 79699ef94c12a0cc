/**
 * Executor for this host: the same scripts through bash with TAT's semantics (merged output, 24 KiB cap,
 * process-group kill at the timeout, exit code -1 when killed). Only `local` or this host's name is served.
 */
import { hostname } from 'node:os';
import type { Command, Executor, RunOptions, TaskResult } from '../../ports';
import { runBash } from './runBash';

/** Options of `createLocalExecutor`. */
export interface LocalExecutorOptions {
  /** set as MEMFRAG_ROOT for the scripts (a simulated tree instead of /) */
  root?: string;
  shell?: 'bash';
}

/** The instance id that names this host. */
export const LOCAL_INSTANCE_ID = 'local';

/** Builds an Executor that runs commands on this host. */
export function createLocalExecutor(opts: LocalExecutorOptions = {}): Executor {
  const env: Record<string, string> = opts.root ? { MEMFRAG_ROOT: opts.root } : {};
  const isLocal = (id: string) => id === LOCAL_INSTANCE_ID || id === hostname();
  return {
    async run(command: Command, instanceIds: readonly string[], run: RunOptions): Promise<TaskResult[]> {
      const results: TaskResult[] = [];
      for (const id of instanceIds) {
        const result = isLocal(id) ? await runHere(id, command, run, env) : elsewhere(id);
        run.onResult?.(result);
        results.push(result);
      }
      return results;
    },
  };
}

async function runHere(
  instanceId: string,
  command: Command,
  run: RunOptions,
  env: Record<string, string>,
): Promise<TaskResult> {
  const untilDeadline = run.deadline === undefined ? Number.POSITIVE_INFINITY : run.deadline - Date.now();
  const timeoutMs = Math.min(run.timeoutSeconds * 1000, untilDeadline);
  if (run.signal?.aborted || timeoutMs <= 0) {
    return {
      ...elsewhere(instanceId),
      outcome: 'cancelled',
      error: 'not started: cancelled or past the deadline',
    };
  }
  const r = await runBash(command.content, { timeoutMs, env, ...(run.signal ? { signal: run.signal } : {}) });
  const outcome =
    r.killed === 'abort' ? 'cancelled' : r.killed ? 'timeout' : r.exitCode === 0 ? 'success' : 'failed';
  const result: TaskResult = {
    instanceId,
    outcome,
    delivered: true,
    ran: true,
    exitCode: r.exitCode,
    output: r.output.toString('utf8'),
    dropped: r.dropped,
    outputComplete: r.dropped === 0 && r.killed === null,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
  };
  const reasons = [
    r.killed === 'timeout' ? `killed at the timeout (${timeoutMs} ms)` : undefined,
    r.killed === 'abort' ? 'cancelled while running' : undefined,
    outcome === 'failed' ? `exited with code ${r.exitCode}` : undefined,
    r.dropped > 0 ? `output cut: ${r.dropped} bytes dropped` : undefined,
  ].filter(Boolean);
  if (reasons.length > 0) result.error = reasons.join('; ');
  return result;
}

function elsewhere(instanceId: string): TaskResult {
  return {
    instanceId,
    outcome: 'not-delivered',
    delivered: false,
    ran: false,
    exitCode: null,
    output: '',
    dropped: 0,
    outputComplete: false,
    error: `the local executor only runs on this host ('${LOCAL_INSTANCE_ID}' or '${hostname()}')`,
  };
}
