/**
 * An Invoker that runs the worker in this process, asynchronously (as SCF's Event invocation does), for
 * `memfrag serve` and tests: the alarm answers first and the worker runs after. The payload goes through
 * JSON like a real async event, so nothing is shared by reference.
 */
import type { Invoker } from '../ports';

/** What the in-process invoker calls: a worker handler taking the event. */
export type LocalFunction = (event: unknown) => Promise<unknown>;

/** An in-process invoker with a way to wait for the work it started. */
export interface InProcessInvoker extends Invoker {
  /** resolves when every started invocation has settled (for tests and shutdown) */
  idle(): Promise<void>;
  /** invocations started so far */
  count(): number;
}

/** Invokes `functions[name]` on the next turn of the event loop; `onError` hears what a run threw. */
export function createInProcessInvoker(
  functions: Record<string, LocalFunction>,
  onError: (name: string, err: unknown) => void = () => {},
): InProcessInvoker {
  const inflight = new Set<Promise<unknown>>();
  let started = 0;
  return {
    async invokeAsync(name, payload) {
      const fn = functions[name];
      if (!fn) throw new Error(`no local function ${name}`);
      const event = JSON.parse(JSON.stringify(payload)) as unknown;
      started += 1;
      const run = new Promise<unknown>((resolve) => setImmediate(resolve))
        .then(() => fn(event))
        .catch((err: unknown) => onError(name, err))
        .finally(() => inflight.delete(run));
      inflight.add(run);
    },
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    count: () => started,
  };
}
