/**
 * Polls DescribeInvocationTasks until every sent instance reaches a final status or the deadline passes;
 * then cancels what is left and reads once more. The interval adapts: it grows while nothing finishes and
 * shrinks when tasks do (the shared rate limiter still caps the call rate).
 */
import { NonRetryableError } from '../../errors';
import type { Clock, TaskResult } from '../../ports';
import { chunk } from './chunk';
import { TERMINAL_TASK_STATUSES } from './classifyTask';
import type { SentBatch } from './dispatch';
import type { InvocationTask, TatApi } from './tatApi';
import { syntheticResult, toTaskResult } from './toTaskResult';

/** A filter holds at most 5 values: 5 invocations per DescribeInvocationTasks call. */
const INVOCATIONS_PER_QUERY = 5;

/** How polling is paced and when it stops. */
export interface PollOptions {
  clock: Clock;
  deadline: number;
  intervalMs: { min: number; max: number };
  signal?: AbortSignal;
  onResult?: (result: TaskResult) => void;
  log?: (event: { event: string; [k: string]: unknown }) => void;
}

interface Tracker {
  /** instance -> the invocation it was sent in */
  owner: Map<string, string>;
  latest: Map<string, { result: TaskResult; status: string }>;
  final: Set<string>;
}

/** Waits for the tasks of `sent`; returns one result per sent instance. */
export async function pollTasks(
  api: TatApi,
  sent: SentBatch[],
  opts: PollOptions,
): Promise<Map<string, TaskResult>> {
  const t: Tracker = { owner: new Map(), latest: new Map(), final: new Set() };
  for (const b of sent) for (const id of b.instanceIds) t.owner.set(id, b.invocationId);
  let interval = opts.intervalMs.min;
  while (pending(t).length > 0 && opts.clock.now() < opts.deadline && !opts.signal?.aborted) {
    const finished = await pollRound(api, t, opts, opts.signal);
    interval =
      finished > 0
        ? Math.max(opts.intervalMs.min, interval / 2)
        : Math.min(opts.intervalMs.max, interval * 1.5);
    const left = pending(t);
    if (left.length === 0) break;
    const wait = Math.min(interval, opts.deadline - opts.clock.now());
    if (wait > 0) await opts.clock.sleep(wait, opts.signal).catch(() => undefined);
  }
  if (pending(t).length > 0) await cancelRest(api, t, opts);
  return collect(t);
}

/** Invocations that still have instances without a final status. */
function pending(t: Tracker): string[] {
  const open = new Set<string>();
  for (const [id, inv] of t.owner) if (!t.final.has(id)) open.add(inv);
  return [...open];
}

/** Reads every page of the pending invocations' tasks; returns how many instances became final. */
async function pollRound(api: TatApi, t: Tracker, opts: PollOptions, signal?: AbortSignal): Promise<number> {
  let finished = 0;
  for (const group of chunk(pending(t), INVOCATIONS_PER_QUERY)) {
    try {
      for (let offset = 0; ; ) {
        const page = await api.describeTasks(group, offset, signal);
        for (const task of page.tasks) if (record(t, task, opts)) finished++;
        offset += page.tasks.length;
        if (page.tasks.length === 0 || offset >= page.total) break;
      }
    } catch (err) {
      if (err instanceof NonRetryableError) throw err;
      // a failed read changes nothing on the nodes: keep the last state and try again next round
      opts.log?.({ event: 'tat.poll-failed', error: err instanceof Error ? err.message : String(err) });
    }
  }
  return finished;
}

/** Stores one task's state; true when it just became final. */
function record(t: Tracker, task: InvocationTask, opts: PollOptions): boolean {
  const id = task.InstanceId;
  if (!id || t.owner.get(id) !== task.InvocationId || t.final.has(id)) return false;
  const status = task.TaskStatus ?? '';
  const result = toTaskResult(id, task);
  t.latest.set(id, { result, status });
  if (!TERMINAL_TASK_STATUSES.has(status)) return false;
  t.final.add(id);
  opts.onResult?.(result);
  return true;
}

/** At the deadline: cancel the invocations still open, read their final states, settle the rest. */
async function cancelRest(api: TatApi, t: Tracker, opts: PollOptions): Promise<void> {
  const open = pending(t);
  opts.log?.({ event: 'tat.cancel', invocations: open.length });
  for (const inv of open) {
    // no signal: cancelling must happen even when the caller aborted
    await api.cancelInvocation(inv).catch((err: unknown) => {
      opts.log?.({ event: 'tat.cancel-failed', error: err instanceof Error ? err.message : String(err) });
    });
  }
  for (let i = 0; i < 2 && pending(t).length > 0; i++) {
    await pollRound(api, t, opts);
    if (pending(t).length > 0) await opts.clock.sleep(opts.intervalMs.min).catch(() => undefined);
  }
  for (const [id] of t.owner) {
    if (t.final.has(id)) continue;
    const last = t.latest.get(id);
    const result = last
      ? {
          ...last.result,
          outcome: 'cancelled' as const,
          outputComplete: false,
          error: `stopped waiting at the deadline and cancelled (last status ${last.status})`,
        }
      : syntheticResult(id, 'unknown', 'no task reported before the deadline; cancel requested', {
          ran: true,
        });
    t.final.add(id);
    t.latest.set(id, { result, status: last?.status ?? '' });
    opts.onResult?.(result);
  }
}

function collect(t: Tracker): Map<string, TaskResult> {
  const out = new Map<string, TaskResult>();
  for (const [id, { result }] of t.latest) out.set(id, result);
  return out;
}
