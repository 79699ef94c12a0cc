/**
 * Polls DescribeInvocationTasks while batches are still being sent: each invocation is read from the moment
 * it exists (PollSchedule says when), up to 5 invocations per filter, and no longer once all its tasks are
 * final. At the deadline (or abort) what is left is cancelled and read once more.
 */
import { NonRetryableError } from '../../errors';
import type { Clock, TaskResult } from '../../ports';
import { chunk } from './chunk';
import type { SentBatch } from './dispatch';
import { PollSchedule, type Watched } from './pollSchedule';
import {
  cancelRest,
  createTracker,
  pending,
  readAllPages,
  readPages,
  record,
  type Tracker,
} from './taskTracker';
import type { TatApi } from './tatApi';

/** A filter holds at most 5 values: 5 invocations per DescribeInvocationTasks call. */
export const INVOCATIONS_PER_QUERY = 5;

/**
 * Group reads in flight at once. Each invocation has at most one, so this only bounds a burst; it must cover
 * the rate times the answer time of a loaded server (20/s x 500 ms), or reads fall behind the dispatch.
 */
const READS_IN_FLIGHT = 16;

/** How polling is paced and when it stops. */
export interface PollOptions {
  clock: Clock;
  deadline: number;
  intervalMs: { min: number; max: number };
  signal?: AbortSignal;
  onResult?: (result: TaskResult) => void;
  log?: (event: { event: string; [k: string]: unknown }) => void;
  /** called once when polling stops early (deadline, abort, stop): no more batches should be sent */
  onStop?: () => void;
}

/** A poller that batches join while it runs. */
export interface Poller {
  /** Starts watching an accepted batch. */
  add(batch: SentBatch): void;
  /** No more batches will be added. */
  close(): void;
  /** Stops waiting now: what is left is cancelled. */
  stop(): void;
  /** One result per added instance, once all are final or the rest was cancelled. */
  finished: Promise<Map<string, TaskResult>>;
}

/** Waits for the tasks of `sent`; returns one result per sent instance. */
export async function pollTasks(
  api: TatApi,
  sent: SentBatch[],
  opts: PollOptions,
): Promise<Map<string, TaskResult>> {
  const poller = startPolling(api, opts);
  for (const b of sent) poller.add(b);
  poller.close();
  return poller.finished;
}

/** Starts a poller; batches are added as RunCommand accepts them. */
export function startPolling(api: TatApi, opts: PollOptions): Poller {
  return new LivePoller(api, opts);
}

class LivePoller implements Poller {
  private readonly t: Tracker = createTracker();
  private readonly schedule: PollSchedule;
  private readonly inflight = new Set<Promise<void>>();
  private closed = false;
  private stopped = false;
  private fatal: unknown;
  private wake = () => {};
  private markClosed = () => {};
  private readonly whenClosed = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });
  readonly finished: Promise<Map<string, TaskResult>>;

  constructor(
    private readonly api: TatApi,
    private readonly opts: PollOptions,
  ) {
    this.schedule = new PollSchedule(opts.intervalMs);
    this.finished = this.run();
  }

  add = (batch: SentBatch): void => {
    for (const id of batch.instanceIds) this.t.owner.set(id, batch.invocationId);
    this.schedule.add(batch, this.opts.clock.now());
    this.wake();
  };

  close(): void {
    this.closed = true;
    this.markClosed();
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    this.wake();
  }

  /** Reads until everything sent is final, then (or at the deadline) cancels what is left. */
  private async run(): Promise<Map<string, TaskResult>> {
    const { opts } = this;
    while (!(this.closed && this.schedule.open().length === 0) && this.fatal === undefined) {
      const now = opts.clock.now();
      if (this.stopped || now >= opts.deadline || opts.signal?.aborted) break;
      this.launchDue(now);
      const until = this.inflight.size >= READS_IN_FLIGHT ? opts.deadline : this.schedule.nextDueAt();
      await sleepUntilWoken(opts, Math.min(until, opts.deadline) - now, (fn) => {
        this.wake = fn;
      });
    }
    opts.onStop?.();
    // batches whose RunCommand is still in flight join before the cancel
    await this.whenClosed;
    await Promise.all([...this.inflight]);
    if (this.fatal !== undefined) throw this.fatal;
    if (pending(this.t).length > 0) await cancelRest(this.api, this.t, opts);
    return this.t.collect();
  }

  /** Starts a read of every due invocation, 5 per filter, while reads in flight leave room. */
  private launchDue(now: number): void {
    const room = READS_IN_FLIGHT - this.inflight.size;
    const due = this.schedule.due(now, room * INVOCATIONS_PER_QUERY);
    for (const group of chunk(due, INVOCATIONS_PER_QUERY)) {
      for (const w of group) w.busy = true;
      const p: Promise<void> = readGroup(this.api, this.t, this.schedule, group, this.opts)
        .catch((err: unknown) => {
          this.fatal ??= err;
        })
        .finally(() => {
          this.inflight.delete(p);
          this.wake();
        });
      this.inflight.add(p);
    }
  }
}

/** Sleeps `ms`, or less when woken (a batch added, a read done) or the caller aborts. */
async function sleepUntilWoken(
  opts: PollOptions,
  ms: number,
  setWake: (fn: () => void) => void,
): Promise<void> {
  if (ms <= 0) return;
  const ac = new AbortController();
  const abort = () => ac.abort();
  setWake(abort);
  opts.signal?.addEventListener('abort', abort, { once: true });
  await opts.clock.sleep(ms, ac.signal).catch(() => undefined);
  opts.signal?.removeEventListener('abort', abort);
}

/**
 * Reads every page of a group at once when one of its invocations is read for the first time (it is expected
 * to be done by then) or was not read whole for the maximum interval (tasks on later pages must not wait for
 * those on the first). Otherwise, a command still running, reads the first page and the rest only when that
 * page shows progress or is all final.
 */
async function readGroup(
  api: TatApi,
  t: Tracker,
  schedule: PollSchedule,
  group: Watched[],
  opts: PollOptions,
): Promise<void> {
  const ids = group.map((w) => w.id);
  const before = new Map(ids.map((id) => [id, t.finalOf(id)]));
  try {
    const now = opts.clock.now();
    if (group.some((w) => w.reads === 0 || now - w.lastFullAt >= opts.intervalMs.max)) {
      const size = group.reduce((n, w) => n + w.size, 0);
      await readPages(api, t, ids, size, opts);
      for (const w of group) w.lastFullAt = now;
    } else {
      const first = await api.describeTasks(ids, 0, opts.signal);
      let fresh = 0;
      for (const task of first.tasks) if (record(t, task, opts)) fresh++;
      const settled = first.tasks.every((task) => t.isFinal(task.InstanceId));
      if (first.tasks.length < first.total && (fresh > 0 || settled)) {
        await readAllPages(api, t, ids, first, opts);
        for (const w of group) w.lastFullAt = now;
      }
    }
  } catch (err) {
    if (err instanceof NonRetryableError) throw err;
    // a failed read changes nothing on the nodes: keep the last state and read again later
    opts.log?.({ event: 'tat.poll-failed', error: err instanceof Error ? err.message : String(err) });
  } finally {
    const now = opts.clock.now();
    for (const w of group) {
      const final = t.finalOf(w.id);
      schedule.after(w, now, final - (before.get(w.id) ?? 0), w.size - final, t.longest.get(w.id));
    }
  }
}
