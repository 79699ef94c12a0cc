/**
 * The alarm's hand-off to the worker and the worker's answer, over the real engine, SQLite store and local
 * executor: the worker may start before the alarm's invoke returns, and a held lease must be retried.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { appFromConfig } from '../../src/app/appFromConfig';
import { openEpisodes } from '../../src/app/openEpisodes';
import { work } from '../../src/app/work';
import { loadConfig } from '../../src/config';
import { engineConfig } from '../../src/engine/config';
import { createLogger } from '../../src/log';
import type { RemediationRequest } from '../../src/triggers/request';
import { type Harness, harness } from '../engine/harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const alarm = {
  source: 'cloud-monitor',
  firing: true,
  nodes: [{ kind: 'instance', instanceId: 'local' }],
  runbook: 'fragmentation',
  reason: 'alarm',
  dedupKey: 'cm:1',
  dryRun: false,
  params: {},
} as unknown as RemediationRequest;

describe('handing an alarm episode to the worker', () => {
  it('lets go of the node lease before the worker starts, so a worker that starts at once runs the episode', async () => {
    h = await harness('centos7-3.10');
    const hh = h;
    const engineDeps = { store: hh.store, executor: hh.executor, clock: hh.clock, config: engineConfig({}) };
    let worker: { code: string; state: string | null } | undefined;
    // a warm worker starts while the Invoke answer is still on its way back to the alarm function
    const invoker = {
      invokeAsync: async (_name: string, payload: unknown) => {
        const r = await hh.engine.reconcile((payload as { episodeId: string }).episodeId);
        worker = { code: r.code, state: r.state };
      },
    };
    const res = await openEpisodes(
      { store: hh.store, clock: hh.clock, invoker, workerFunction: 'worker', engineDeps },
      [alarm],
    );
    expect(res.episodes.map((e) => [e.code, e.dispatched])).toEqual([['opened-episode', true]]);
    expect(worker?.state).toBe('closed');
    expect(hh.read('proc/sys/vm/drop_caches')).toBe('3\n');
  });

  it('throws from the worker while the node lease is held, so the async event is retried', async () => {
    h = await harness('centos7-3.10');
    const r = await h.engine.runEpisode({
      instanceId: 'local',
      trigger: 'alarm',
      reason: 'alarm',
      deadline: h.clock.now() + 120_000,
    });
    await h.store.acquireLease('node:local', 'alarm-call', 60_000, h.clock.now());
    const deps = { engine: h.engine, store: h.store, clock: h.clock, budgets: {} };
    const payload = { kind: 'episode' as const, episodeId: r.episodeId! };
    await expect(work(deps, payload, h.clock.now() + 900_000)).rejects.toThrow(/lease/);
    await h.store.releaseLease('node:local', 'alarm-call');
    const retried = await work(deps, payload, h.clock.now() + 900_000);
    expect(retried).toMatchObject({ ok: true, report: { state: 'closed' } });
  });
});

describe('the configured dry run', () => {
  it('keeps the worker from acting on an episode opened before MEMFRAG_DRY_RUN was set', async () => {
    h = await harness('centos7-3.10');
    const r = await h.engine.runEpisode({
      instanceId: 'local',
      trigger: 'alarm',
      reason: 'alarm',
      deadline: h.clock.now() + 120_000,
    });
    expect(r.state).toBe('open');
    const config = loadConfig({ MEMFRAG_HOME: h.root, MEMFRAG_DRY_RUN: 'true', LOG_LEVEL: 'silent' });
    const runtime = await appFromConfig(config, {
      store: h.store,
      executor: h.executor,
      clock: h.clock,
      log: createLogger({ level: 'silent' }),
      invoker: { invokeAsync: async () => {} },
      resolver: { resolve: async () => [] },
    });
    const done = await runtime.app.work(
      { kind: 'episode', episodeId: r.episodeId! },
      h.clock.now() + 900_000,
    );
    expect(done).toMatchObject({ ok: true, report: { code: 'dry-run', stages: [] } });
    expect(h.read('proc/sys/vm/drop_caches')).toBe('');
  });
});
