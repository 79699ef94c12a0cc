/**
 * What the poller knows about each sent instance: the invocation it was sent in, its last reported task and
 * whether that task is final; plus the deadline path that cancels and settles what never became final.
 */
import type { TaskResult } from '../../ports';
import { chunk } from './chunk';
import { TERMINAL_TASK_STATUSES } from './classifyTask';
import type { PollOptions } from './pollTasks';
import { type InvocationTask, TAT_PAGE_LIMIT, type TatApi } from './tatApi';
import { parseTatTime, syntheticResult, toTaskResult } from './toTaskResult';

/** The tasks seen so far. */
export interface Tracker {
  /** instance -> the invocation it was sent in */
  owner: Map<string, string>;
  latest: Map<string, { result: TaskResult; status: string }>;
  final: Set<string>;
  /** invocation -> how many of its tasks are final */
  finalCount: Map<string, number>;
  /** invocation -> the longest creation-to-end time of its final tasks, by the server's clock */
  longest: Map<string, number>;
  finalOf(invocationId: string): number;
  isFinal(instanceId: string | undefined): boolean;
  collect(): Map<string, TaskResult>;
}

/** An empty tracker. */
export function createTracker(): Tracker {
  const t: Tracker = {
    owner: new Map(),
    latest: new Map(),
    final: new Set(),
    finalCount: new Map(),
    longest: new Map(),
    finalOf: (inv) => t.finalCount.get(inv) ?? 0,
    isFinal: (id) => id !== undefined && t.final.has(id),
    collect: () => new Map([...t.latest].map(([id, { result }]) => [id, result])),
  };
  return t;
}

/** Invocations that still have instances without a final status. */
export function pending(t: Tracker): string[] {
  const open = new Set<string>();
  for (const [id, inv] of t.owner) if (!t.final.has(id)) open.add(inv);
  return [...open];
}

/** Stores one task's state; true when it just became final. */
export function record(t: Tracker, task: InvocationTask, opts: Pick<PollOptions, 'onResult'>): boolean {
  const id = task.InstanceId;
  if (!id || t.owner.get(id) !== task.InvocationId || t.final.has(id)) return false;
  const status = task.TaskStatus ?? '';
  const result = toTaskResult(id, task);
  t.latest.set(id, { result, status });
  if (!TERMINAL_TASK_STATUSES.has(status)) return false;
  markFinal(t, id, result, opts);
  // both ends by the server's clock: immune to skew between it and ours
  const created = parseTatTime(task.CreatedTime);
  const ended = parseTatTime(task.EndTime) ?? result.endedAt;
  if (created !== undefined && ended !== undefined && task.InvocationId) {
    t.longest.set(task.InvocationId, Math.max(t.longest.get(task.InvocationId) ?? 0, ended - created));
  }
  return true;
}

function markFinal(t: Tracker, id: string, result: TaskResult, opts: Pick<PollOptions, 'onResult'>): void {
  t.final.add(id);
  const inv = t.owner.get(id) ?? '';
  t.finalCount.set(inv, t.finalOf(inv) + 1);
  opts.onResult?.(result);
}

/** Reads the pages after `first` concurrently (the limiter paces them); returns how many tasks became final. */
export async function readAllPages(
  api: TatApi,
  t: Tracker,
  invocationIds: string[],
  first: { total: number; tasks: InvocationTask[] },
  opts: Pick<PollOptions, 'onResult' | 'signal'>,
): Promise<number> {
  const offsets: number[] = [];
  for (let o = first.tasks.length; first.tasks.length > 0 && o < first.total; o += first.tasks.length)
    offsets.push(o);
  const pages = await Promise.all(offsets.map((o) => api.describeTasks(invocationIds, o, opts.signal)));
  let finished = 0;
  for (const page of pages) for (const task of page.tasks) if (record(t, task, opts)) finished++;
  return finished;
}

/** Reads all pages of invocations holding `size` tasks at once (the limiter paces them). */
export async function readPages(
  api: TatApi,
  t: Tracker,
  invocationIds: string[],
  size: number,
  opts: Pick<PollOptions, 'onResult' | 'signal'>,
): Promise<void> {
  const offsets: number[] = [];
  for (let o = 0; o < Math.max(1, size); o += TAT_PAGE_LIMIT) offsets.push(o);
  const pages = await Promise.all(offsets.map((o) => api.describeTasks(invocationIds, o, opts.signal)));
  for (const page of pages) for (const task of page.tasks) record(t, task, opts);
}

/** Reads every page of the pending invocations' tasks, one request at a time (the rare deadline path). */
async function readPending(api: TatApi, t: Tracker, opts: PollOptions): Promise<void> {
  for (const group of chunk(pending(t), 5)) {
    try {
      const first = await api.describeTasks(group, 0);
      for (const task of first.tasks) record(t, task, opts);
      await readAllPages(api, t, group, first, opts.onResult ? { onResult: opts.onResult } : {});
    } catch (err) {
      opts.log?.({ event: 'tat.poll-failed', error: err instanceof Error ? err.message : String(err) });
    }
  }
}

/** At the deadline: cancel the invocations still open, read their final states, settle the rest. */
export async function cancelRest(api: TatApi, t: Tracker, opts: PollOptions): Promise<void> {
  const open = pending(t);
  opts.log?.({ event: 'tat.cancel', invocations: open.length });
  // no signal: cancelling must happen even when the caller aborted
  await Promise.all(
    open.map((inv) =>
      api.cancelInvocation(inv).catch((err: unknown) => {
        opts.log?.({ event: 'tat.cancel-failed', error: err instanceof Error ? err.message : String(err) });
      }),
    ),
  );
  for (let i = 0; i < 2 && pending(t).length > 0; i++) {
    await readPending(api, t, opts);
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
    t.latest.set(id, { result, status: last?.status ?? '' });
    markFinal(t, id, result, opts);
  }
}
