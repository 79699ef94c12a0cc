/**
 * Data safety: a fleet sweep whose PostgreSQL server restarts in the middle (every connection cut while
 * nodes are being remediated). Whatever the sweep managed, the next run reconciles: every episode closed,
 * none left running, no row lost, no remediation script run twice on a node. (An SQLite file or PostgreSQL
 * database of an older schema moving forward is covered by test/adapters/store/migrations.test.ts.)
 * Heavy: starts its own throwaway cluster (about 15 s).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/openStore';
import { createTatExecutor } from '../../src/adapters/tat/tatExecutor';
import { createKernel } from '../../src/emulator/kernel/kernelModel';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator';
import { engineConfig } from '../../src/engine/config';
import { createEngine } from '../../src/engine/createEngine';
import type { Store } from '../../src/ports';
import { testClock } from '../engine/harness';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/pgCluster';

let server: ThrowawayPostgres | null = null;
let emu: Emulator;

beforeAll(async () => {
  delete process.env.http_proxy;
  server = await startThrowawayPostgres();
  emu = await startEmulator({
    fleet: { groups: [{ count: 8, prefix: 'pc', state: 'pagecache' }] },
    kernel: createKernel,
    seed: 9,
    fastProbe: true,
    onInternalError: () => {},
  });
}, 60_000);
afterAll(async () => {
  await emu?.close();
  await server?.stop();
});

function engineOver(store: Store, start = Date.now()) {
  const executor = createTatExecutor({
    region: emu.region,
    endpoint: emu.endpoint,
    credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
    pollIntervalMs: { min: 30, max: 100 },
  });
  const config = engineConfig({ leaseTtlMs: 1_000, slotTtlMs: 1_000 });
  return createEngine({ store, executor, clock: testClock(start), config });
}

describe('a PostgreSQL restart in the middle of a sweep', () => {
  it('loses no row and the next run closes every episode', async (ctx) => {
    if (!server) return ctx.skip('no PostgreSQL binaries or not root: cannot start a throwaway cluster');
    const store = await openStore({ url: server.url, poolSize: 4 });
    try {
      const requests = emu.instanceIds.map((instanceId) => ({
        instanceId,
        trigger: 'sweep' as const,
        reason: 'sweep',
      }));
      let restartedAt = 0;
      // restart as soon as drop_caches reaches the first node: the sweep is between its records
      const restarted = new Promise<void>((resolve) => {
        const tick = () => {
          if (emu.instanceIds.some((id) => emu.node(id).log.some((e) => e.name === 'drop-caches')))
            return void server!.restart().then(() => {
              restartedAt = Date.now();
              resolve();
            });
          setTimeout(tick, 2);
        };
        tick();
      });
      const sweep = await engineOver(store)
        .runFleet(requests, {}, 'sweep')
        .then(
          (r) => r.state,
          (e: Error) => `threw ${e.name}`,
        );
      const sweptAt = Date.now();
      await restarted;
      await emu.idle();
      // the restart happened while the sweep was still running
      expect(restartedAt).toBeGreaterThan(0);
      expect(restartedAt).toBeLessThan(sweptAt);
      expect(sweep).toBeTruthy();
      // the next run: leases expired, every unfinished episode reconciled
      const next = engineOver(store, Date.now() + 5_000);
      for (const e of await store.listEpisodes({ states: ['open', 'running'] })) await next.reconcile(e.id);
      const again = engineOver(store, Date.now() + 10_000);
      // a node whose episode never got recorded is swept again and remediated now
      const recorded = new Set((await store.listEpisodes({})).map((e) => e.instanceId));
      const missing = requests.filter((r) => !recorded.has(r.instanceId));
      if (missing.length > 0) await again.runFleet(missing, {}, 'sweep');

      const episodes = await store.listEpisodes({});
      expect(new Set(episodes.map((e) => e.instanceId)).size).toBe(emu.instanceIds.length);
      expect(await store.listEpisodes({ states: ['open', 'running'] })).toEqual([]);
      for (const e of episodes) {
        expect((await store.listStages(e.id)).filter((s) => s.state === 'running')).toEqual([]);
        expect(await store.listSnapshots({ episodeId: e.id })).not.toEqual([]);
      }
      for (const id of emu.instanceIds) {
        const drops = emu.node(id).log.filter((e) => e.name === 'drop-caches');
        expect(drops.length).toBeLessThanOrEqual(1);
      }
      expect(episodes.filter((e) => e.outcome === 'resolved').length).toBe(emu.instanceIds.length);
    } finally {
      await store.close();
    }
  }, 120_000);
});
