/**
 * The store survives its PostgreSQL server going away mid-use: a call made while the server is down
 * fails fast with an error (never hangs), and once it is back the pool reconnects on the next call with
 * nothing lost. Uses its own throwaway cluster, since it stops the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/adapters/store/openStore';
import type { Store } from '../../../src/ports';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/pgCluster';

const T0 = 1_790_000_000_000;

/** Runs `fn` until it succeeds (at most `tries` times), returning how many calls failed first. */
async function failuresBeforeSuccess(fn: () => Promise<unknown>, tries: number): Promise<number> {
  for (let i = 0; i < tries; i++) {
    try {
      await fn();
      return i;
    } catch {
      // a call cut by the restart; the next one gets a fresh connection
    }
  }
  throw new Error(`no success in ${tries} calls`);
}

async function settleTime(p: Promise<unknown>): Promise<{ ms: number; ok: boolean }> {
  const t = Date.now();
  const ok = await p.then(
    () => true,
    () => false,
  );
  return { ms: Date.now() - t, ok };
}

let server: ThrowawayPostgres | null = null;
let store: Store;

beforeAll(async () => {
  server = await startThrowawayPostgres();
  if (server) store = await openStore({ url: server.url, poolSize: 4 });
}, 60_000);
afterAll(async () => {
  await store?.close();
  await server?.stop();
});

describe('PostgreSQL store across server restarts', () => {
  it('recovers on the next call after a restart, with every row kept', async (ctx) => {
    if (!server) return ctx.skip('no PostgreSQL binaries or not root: cannot start a throwaway cluster');
    const { episode } = await store.openOrJoinEpisode({
      id: 'ep-r',
      instanceId: 'ins-r',
      problem: 'fragmentation',
      runbook: 'rb',
      reason: 'r',
      trigger: 'sweep',
      now: T0,
    });
    // fill the pool with idle connections, which the restart will cut
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.acquireLease(`k${i}`, 'w', 60_000, T0)));
    await server.restart();

    const failed = await failuresBeforeSuccess(() => store.getEpisode(episode.id), 6);
    expect(failed).toBeLessThan(6);
    expect(await store.getEpisode(episode.id)).toEqual(episode);
    expect(await store.acquireLease('k0', 'other', 60_000, T0 + 1)).toBe(false);
    // every pooled connection works again
    const after = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.acquireLease(`k${i}`, 'w', 60_000, T0 + 2)),
    );
    expect(after.every(Boolean)).toBe(true);
  });

  it('fails fast while the server is down and works once it is back', async (ctx) => {
    if (!server) return ctx.skip('no PostgreSQL binaries or not root: cannot start a throwaway cluster');
    await server.pause();
    try {
      const down = await Promise.all(Array.from({ length: 5 }, () => settleTime(store.getEpisode('ep-r'))));
      expect(down.every((d) => !d.ok)).toBe(true);
      expect(Math.max(...down.map((d) => d.ms))).toBeLessThan(10_000);
    } finally {
      await server.resume();
    }
    await failuresBeforeSuccess(() => store.getEpisode('ep-r'), 3);
    expect((await store.getEpisode('ep-r'))?.instanceId).toBe('ins-r');
    const { joined } = await store.openOrJoinEpisode({
      id: 'ep-r2',
      instanceId: 'ins-r',
      problem: 'fragmentation',
      runbook: 'rb',
      reason: 'r',
      trigger: 'alarm',
      now: T0 + 5,
    });
    expect(joined).toBe(true);
  });
});
