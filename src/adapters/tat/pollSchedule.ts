/**
 * When each invocation is read next. DescribeInvocationTasks is the busiest API of a sweep (one page per 100
 * tasks at 20 requests/s), so reads that find nothing new are budget taken from reads that would: an
 * invocation is first read about when earlier ones were seen finishing, the oldest first, and then at an
 * interval that grows with how long its command has been running and drops to the minimum while tasks finish.
 */
import type { SentBatch } from './dispatch';

/** One invocation being watched. */
export interface Watched {
  id: string;
  size: number;
  sentAt: number;
  nextAt: number;
  /** tasks not final yet */
  open: number;
  /** a read of it is in flight */
  busy: boolean;
  /** when all of its pages were last read */
  lastFullAt: number;
  /** reads done so far */
  reads: number;
  /** it has given its sample of how long commands take */
  sampled: boolean;
}

/** How many recent samples of "sent → nearly all final" set the first-read delay. */
const SAMPLES = 15;

/** The per-invocation read schedule. */
export class PollSchedule {
  readonly watched = new Map<string, Watched>();
  private readonly samples: number[] = [];

  constructor(private readonly interval: { min: number; max: number }) {}

  /** Starts watching an accepted batch. */
  add(batch: SentBatch, now: number): void {
    const size = batch.instanceIds.length;
    const w: Watched = {
      id: batch.invocationId,
      size,
      sentAt: now,
      nextAt: now + this.interval.min,
      open: size,
      busy: false,
      lastFullAt: now,
      reads: 0,
      sampled: false,
    };
    this.watched.set(w.id, w);
  }

  /** Invocations with tasks not final yet. */
  open(): Watched[] {
    return [...this.watched.values()].filter((w) => w.open > 0);
  }

  /** Up to `limit` invocations due for a read at `now`, oldest first. */
  due(now: number, limit: number): Watched[] {
    if (limit <= 0) return [];
    const oldest = this.oldestOpen();
    return this.open()
      .filter((w) => !w.busy && this.dueAt(w, oldest) <= now)
      .sort((a, b) => a.sentAt - b.sentAt)
      .slice(0, limit);
  }

  /** The earliest time an idle open invocation becomes due; Infinity when none. */
  nextDueAt(): number {
    const oldest = this.oldestOpen();
    let next = Number.POSITIVE_INFINITY;
    for (const w of this.open()) if (!w.busy) next = Math.min(next, this.dueAt(w, oldest));
    return next;
  }

  /**
   * Records a read of `w` that saw `newlyFinal` tasks become final; schedules the next one. `longestMs` is how
   * long its slowest final task took by the server's clock: the sample of how long commands take (the age at
   * the read would only measure this schedule back).
   */
  after(w: Watched, now: number, newlyFinal: number, open: number, longestMs: number | undefined): void {
    w.open = open;
    w.busy = false;
    w.reads++;
    const age = now - w.sentAt;
    if (!w.sampled && open <= w.size * 0.1) {
      w.sampled = true;
      this.samples.push(longestMs ?? age);
      if (this.samples.length > SAMPLES) this.samples.shift();
    }
    const { min, max } = this.interval;
    w.nextAt = now + (newlyFinal > 0 ? min : Math.min(max, Math.max(min, age / 4)));
  }

  /** When `w` is due: its own next read, but not before commands like its own were seen finishing. */
  private dueAt(w: Watched, oldest: Watched | undefined): number {
    return Math.max(w.nextAt, w.sentAt + this.firstDelay(w === oldest));
  }

  /** Before any sample only the oldest invocation is read (others wait at most the maximum interval). */
  private firstDelay(isOldest: boolean): number {
    if (this.samples.length === 0) return isOldest ? 0 : this.interval.max;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return Math.min(this.interval.max, sorted[Math.floor(sorted.length / 2)]!);
  }

  private oldestOpen(): Watched | undefined {
    let oldest: Watched | undefined;
    for (const w of this.open()) if (!oldest || w.sentAt < oldest.sentAt) oldest = w;
    return oldest;
  }
}
