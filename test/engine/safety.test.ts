/**
 * Remediation safety over the real engine, SQLite store and local executor: dry runs never act, restrictions
 * and guards survive resumes and races, and a failure leaves nothing running or locked.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineConfig } from '../../src/engine/config';
import { createEngine } from '../../src/engine/createEngine';
import type { Executor, Store } from '../../src/ports';
import { type Harness, harness } from './harness';

const req = { instanceId: 'local', trigger: 'manual' as const, reason: 'test' };
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const untouched = () => [h!.read('proc/sys/vm/drop_caches'), h!.read('proc/sys/vm/compact_memory')];
const codesOf = async (id: string) => (await h!.store.listDecisions({ episodeId: id })).map((d) => d.code);

// a real episode parked at its deadline before any stage: the worker is to continue it
async function parkedEpisode(): Promise<string> {
  const r = await h!.engine.runEpisode({ ...req, trigger: 'alarm', deadline: h!.clock.now() + 120_000 });
  expect(r).toMatchObject({ code: 'deadline', state: 'open' });
  return r.episodeId!;
}

describe('dry runs', () => {
  it('leaves a real open episode alone when a dry run joins it, and runs nothing', async () => {
    h = await harness('centos7-3.10');
    const id = await parkedEpisode();
    const d = await h.engine.runEpisode({ ...req, dryRun: true });
    expect(d).toMatchObject({ code: 'dry-run-open-episode', joined: true, episodeId: id, stages: [] });
    expect(untouched()).toEqual(['', '']);
    expect(await h.store.getEpisode(id)).toMatchObject({ state: 'open' });
    // the lease was let go: the real episode still continues
    expect((await h.engine.reconcile(id)).stages.length).toBeGreaterThan(0);
  });

  it('runs no stage of an episode opened before the engine was set to dry run, and records the plan', async () => {
    h = await harness('centos7-3.10');
    const id = await parkedEpisode();
    const dry = createEngine({
      store: h.store,
      executor: h.executor,
      clock: h.clock,
      config: engineConfig({}),
      dryRun: true,
    });
    const r = await dry.reconcile(id);
    expect(r).toMatchObject({ code: 'dry-run', state: 'closed', stages: [] });
    expect(untouched()).toEqual(['', '']);
    expect(await codesOf(id)).toContain('would-run');
    const fresh = await dry.runEpisode({ ...req, trigger: 'alarm' });
    expect(fresh.code).toBe('dry-run');
    expect(await h.store.getEpisode(fresh.episodeId!)).toMatchObject({ dryRun: true });
    expect(untouched()).toEqual(['', '']);
  });
});

describe('resuming an episode', () => {
  it('keeps the stages the opening request allowed when the episode is reconciled', async () => {
    h = await harness('centos7-3.10');
    const r = await h.engine.runEpisode({
      ...req,
      stages: ['drop_caches'],
      deadline: h.clock.now() + 120_000,
    });
    expect(r.code).toBe('deadline');
    const next = await h.engine.reconcile(r.episodeId!);
    expect(next.stages.map((s) => s.name)).toEqual(['drop_caches']);
    expect(h.read('proc/sys/vm/drop_caches')).toBe('3\n');
    expect(h.read('proc/sys/vm/compact_memory')).toBe('');
  });
});

describe('loop guards', () => {
  it('holds the cooldown after an episode that was opened before the look-back window but closed just now', async () => {
    h = await harness('centos7-3.10', { cooldownMs: 30 * 60_000 });
    const now = h.clock.now();
    const old = {
      id: 'ep-old',
      instanceId: 'local',
      problem: 'fragmentation',
      runbook: 'fragmentation',
      reason: 'old',
      trigger: 'alarm',
    };
    await h.store.openOrJoinEpisode({ ...old, now: now - 25 * 3_600_000 });
    await h.store.updateEpisode('ep-old', {
      state: 'closed',
      outcome: 'improved',
      closedAt: now - 60_000,
      now,
    });
    const r = await h.engine.runEpisode({ ...req, trigger: 'alarm' });
    expect(r).toMatchObject({ code: 'cooldown', episodeId: null });
    expect(r.reason).toContain('ep-old');
    expect(untouched()).toEqual(['', '']);
  });

  it('reads the open episode under the node lease, so one that closes meanwhile counts for the cooldown', async () => {
    h = await harness('centos7-3.10', { cooldownMs: 3_600_000 });
    const t0 = h.clock.now();
    await h.store.openOrJoinEpisode({
      id: 'ep-a',
      instanceId: 'local',
      problem: 'fragmentation',
      runbook: 'fragmentation',
      reason: 'A',
      trigger: 'alarm',
      now: t0,
    });
    await h.store.updateEpisode('ep-a', { state: 'running', now: t0 });
    await h.store.acquireLease('node:local', 'holder-a', 600_000, t0);
    const base = h.store;
    // run A closes its (remediated) episode and lets the lease go exactly while B asks for the lease
    const store: Store = Object.create(base);
    let first = true;
    store.acquireLease = async (key, holder, ttl, now) => {
      if (first && holder !== 'holder-a') {
        first = false;
        await base.updateEpisode('ep-a', { state: 'closed', outcome: 'improved', closedAt: now, now });
        await base.releaseLease('node:local', 'holder-a');
      }
      return base.acquireLease(key, holder, ttl, now);
    };
    const config = engineConfig({ cooldownMs: 3_600_000 });
    const engine = createEngine({ store, executor: h.executor, clock: h.clock, config });
    const r = await engine.runEpisode({ ...req, trigger: 'alarm' });
    expect(r.code).toBe('cooldown');
    expect(untouched()).toEqual(['', '']);
  });
});

describe('approval', () => {
  it('records no approval while the node lease is busy, so the wait still expires', async () => {
    h = await harness('centos7-3.10', { approval: { compaction: true, timeoutMs: 600_000 } });
    const r = await h.engine.runEpisode(req);
    expect(r.state).toBe('awaiting-approval');
    const waitUntil = (await h.store.getEpisode(r.episodeId!))?.waitUntil;
    await h.store.acquireLease('node:local', 'other-run', 60_000, h.clock.now());
    const a = await h.engine.approve(r.episodeId!, { by: 'alice' });
    expect(a).toMatchObject({ code: 'lease-held', state: 'awaiting-approval' });
    const ep = await h.store.getEpisode(r.episodeId!);
    expect(ep?.waitUntil).toBe(waitUntil);
    expect(ep?.summary?.approvedAt).toBeUndefined();
    await h.store.releaseLease('node:local', 'other-run');
    h.clock.advance(3_600_000);
    const rec = await h.engine.reconcile(r.episodeId!);
    expect(rec).toMatchObject({ code: 'approval-expired', state: 'closed' });
    expect(h.read('proc/sys/vm/compact_memory')).toBe('');
  });
});

describe('an exception inside the engine', () => {
  it('parks the episode open, interrupts its stage, lets the lease go, and the retry continues at once', async () => {
    h = await harness('centos7-3.10');
    const real = h.executor;
    const failing: Executor = {
      run: async (cmd, ids, o) => {
        if (cmd.name === 'drop-caches') throw new Error('AuthFailure: secret expired');
        return real.run(cmd, ids, o);
      },
    };
    const engine = createEngine({
      store: h.store,
      executor: failing,
      clock: h.clock,
      config: engineConfig({}),
    });
    await expect(engine.runEpisode(req)).rejects.toThrow('AuthFailure');
    const [ep] = await h.store.listEpisodes({ instanceId: 'local' });
    expect(ep).toMatchObject({ state: 'open' });
    expect((await h.store.listStages(ep!.id)).map((s) => `${s.name}:${s.state}`)).toEqual([
      'probe:done',
      'drop_caches:interrupted',
    ]);
    expect(await codesOf(ep!.id)).toContain('engine-error');
    h.clock.advance(60_000);
    const again = await h.engine.reconcile(ep!.id);
    expect(again.code).not.toBe('lease-held');
    expect(again.state).toBe('closed');
  });

  it('marks a fleet run stopped and parks its episodes', async () => {
    h = await harness('centos7-3.10');
    const failing: Executor = {
      run: async () => {
        throw new Error('RequestLimitExceeded');
      },
    };
    const engine = createEngine({
      store: h.store,
      executor: failing,
      clock: h.clock,
      config: engineConfig({}),
    });
    await expect(engine.runFleet([req])).rejects.toThrow('RequestLimitExceeded');
    const [ep] = await h.store.listEpisodes({ instanceId: 'local' });
    expect(ep?.state).toBe('open');
    expect((await h.store.getRun(ep!.runId!))?.state).toBe('stopped');
    expect(await h.store.acquireLease('node:local', 'next', 60_000, h.clock.now())).toBe(true);
  });
});

describe('evidence for compaction', () => {
  it('does not compact when the probe had to cut pagetypeinfo, and records why', async () => {
    h = await harness('centos7-3.10');
    // a host with many NUMA nodes: pagetypeinfo is longer than the probe's bound for it
    const row =
      'Node 9, zone   Normal, type    Movable      0      0      0      0      0      0      0      0      0      0      0\n';
    appendFileSync(join(h.root, 'proc/pagetypeinfo'), row.repeat(300));
    const r = await h.engine.runEpisode(req);
    expect(r.stages.map((s) => s.name)).toEqual(['drop_caches']);
    expect(r).toMatchObject({ code: 'evidence-incomplete', state: 'closed' });
    expect(r.reason).toContain('pagetypeinfo was cut');
    expect(h.read('proc/sys/vm/compact_memory')).toBe('');
  });
});
