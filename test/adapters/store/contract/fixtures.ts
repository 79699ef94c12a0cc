/** Shared inputs for the Store contract. */
import type { NewEpisode, Store } from '../../../../src/ports';

/** A time beyond 2^32 ms, so a 32-bit integer column or a lossy bigint conversion would show. */
export const T0 = 1_790_000_000_000;

let seq = 0;
/** A unique id: contract tests share one store per engine, so every test keys its rows apart. */
export const uid = (p: string) => `${p}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

/** A NewEpisode for a fresh instance, overridable field by field. */
export function newEpisode(over: Partial<NewEpisode> = {}): NewEpisode {
  return {
    id: uid('ep'),
    instanceId: uid('ins'),
    problem: 'fragmentation',
    runbook: 'fragmentation-default',
    reason: 'alarm: order-6 failures',
    trigger: 'alarm',
    now: T0,
    ...over,
  };
}

/** The store under test, opened by the engine's test file before the contract's tests run. */
export type GetStore = () => Store;
