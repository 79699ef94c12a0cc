import { afterEach, describe, expect, it } from 'vitest';
import type { FleetSpec } from '../../src/emulator/fleetSpec';
import { type FleetHarness, fleetHarness } from './fleetHarness';

let h: FleetHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sweep = (id: string) => ({ instanceId: id, trigger: 'sweep' as const, reason: 'sweep' });
const one = (prefix: string) => h!.ids(prefix)[0]!;

async function stageNames(episodeId: string | null) {
  return (await h!.store.listStages(episodeId!)).map((s) => s.name);
}

/** Names of the scripts that wrote a control file on a node, in order. */
function writers(id: string): string[] {
  return h!.emu
    .node(id)
    .log.filter((e) => e.writes.length > 0)
    .map((e) => e.name);
}

const MIXED: FleetSpec = {
  groups: [
    { count: 1, prefix: 'pc', state: 'pagecache' },
    { count: 1, prefix: 'anon', state: 'anonymous' },
    { count: 1, prefix: 'unmov', state: 'unmovable' },
    { count: 1, prefix: 'low', state: 'low-memory', memoryMiB: 2048 },
    { count: 1, prefix: 'ok', state: 'healthy' },
  ],
};

describe('engine against the TAT emulator fleet', () => {
  it('remediates each kind of node as far as it should, in batched calls', async () => {
    h = await fleetHarness(MIXED);
    const run = await h.engine.runFleet(h.emu.instanceIds.map(sweep), {}, 'sweep');
    const by = (p: string) => run.episodes.find((e) => e.instanceId === one(p))!;
    expect(run.state).toBe('done');

    expect(by('pc')).toMatchObject({ outcome: 'resolved', code: 'target-met' });
    expect(await stageNames(by('pc').episodeId)).toEqual(['probe', 'drop_caches', 'reprobe']);

    expect(by('anon').stages.map((s) => s.name)).toEqual(['drop_caches', 'compact']);
    expect(['resolved', 'improved']).toContain(by('anon').outcome);

    expect(by('unmov').code).toBe('compaction-cannot-help');
    expect(writers(one('unmov'))).not.toContain('compact');

    expect(by('low').code).toBe('memory-exhausted');
    expect(writers(one('low'))).not.toContain('compact');

    expect(by('ok')).toMatchObject({ outcome: 'skipped', code: 'healthy' });
    expect(writers(one('ok'))).toEqual([]);

    // probe, drop_caches, re-probe, compact, re-probe: one RunCommand each for the whole fleet, except that
    // drop_caches goes out in two groups: with `sync` where compaction is planned next (fragmented nodes),
    // without where it is not (the unmovable node: compaction cannot help)
    expect(h.emu.stats().calls.RunCommand).toBe(6);
    const drop = (id: string) =>
      [...h!.emu.store.tasks.values()].find(
        (t) => t.InstanceId === id && /^mf_begin drop-caches/m.test(t.script),
      )?.script;
    expect(drop(one('anon'))).toContain("MEMFRAG_SYNC='1'");
    expect(drop(one('pc'))).toContain("MEMFRAG_SYNC='1'");
    expect(drop(one('unmov'))).toContain("MEMFRAG_SYNC='0'");
    const effects = await h.store.listEffects(by('pc').episodeId!);
    expect(effects[0]?.effect).toMatchObject({ stage: 'drop_caches', class: 'resolved' });
    expect(effects[0]?.effect.pageCacheDroppedKb).toBeGreaterThan(0);
  });

  it('compacts no more nodes at once than the budget allows', async () => {
    h = await fleetHarness({ groups: [{ count: 3, prefix: 'anon', state: 'anonymous' }] });
    const run = await h.engine.runFleet(h.ids('anon').map(sweep), {
      maxConcurrentCompactions: { percent: 34 },
    });
    expect(run.episodes.every((e) => e.stages.some((s) => s.name === 'compact'))).toBe(true);
    const tasks = [...h.emu.store.tasks.values()].filter((t) => /^mf_begin compact/m.test(t.script));
    const calls = new Set(tasks.map((t) => t.InvocationId));
    // 34% of 3 nodes = 2 at a time: two compaction calls, the first with two nodes
    expect(tasks).toHaveLength(3);
    expect(calls.size).toBe(2);
  });

  it('skips compaction with a decision when every fleet slot is held elsewhere', async () => {
    h = await fleetHarness(
      { groups: [{ count: 1, prefix: 'anon', state: 'anonymous' }] },
      { maxConcurrentCompactions: 1 },
    );
    await h.store.acquireSlot('compact', 'another-run', 1, 3_600_000, h.clock.now());
    const r = await h.engine.runEpisode(sweep(one('anon')));
    expect(r.code).toBe('budget-exhausted');
    expect(writers(one('anon'))).toEqual(['drop-caches']);
  });

  it('stops the run when the canary batch fails, and runs the rest when it passes', async () => {
    h = await fleetHarness({
      groups: [
        { count: 1, prefix: 'lost', state: 'pagecache' },
        { count: 2, prefix: 'pc', state: 'pagecache' },
      ],
    });
    // the canary node's agent goes offline between its probe and its first stage: the stage fails
    const store = h.store;
    const add = store.addDecision.bind(store);
    store.addDecision = async (d) => {
      if (d.code === 'drop_caches' && d.instanceId === one('lost'))
        h?.emu.setFaults(one('lost'), { agent: 'offline' });
      return add(d);
    };
    const failed = await h.engine.runFleet([sweep(one('lost')), ...h.ids('pc').map(sweep)], {
      canary: { size: 1 },
    });
    expect(failed.state).toBe('stopped');
    expect(failed.decisions.map((d) => d.code)).toContain('canary-failed');
    expect(failed.episodes.slice(1).map((e) => e.code)).toEqual(['canary-failed', 'canary-failed']);
    for (const id of h.ids('pc')) expect(writers(id)).toEqual([]);

    const passed = await h.engine.runFleet(h.ids('pc').map(sweep), { canary: { size: 1 } });
    expect(passed.decisions.map((d) => d.code)).toContain('canary-passed');
    expect(passed.episodes.map((e) => e.outcome)).toEqual(['resolved', 'resolved']);
  });

  it('opens the circuit after too many errors and starts no stage', async () => {
    h = await fleetHarness({
      groups: [
        { count: 1, prefix: 'lost', state: 'pagecache', faults: { agent: 'offline' } },
        { count: 2, prefix: 'pc', state: 'pagecache' },
      ],
    });
    const run = await h.engine.runFleet(h.emu.instanceIds.map(sweep), { maxErrors: 0 });
    expect(run).toMatchObject({ state: 'stopped', errors: 1 });
    expect(run.episodes.map((e) => e.code).sort()).toEqual(['circuit-open', 'circuit-open', 'probe-failed']);
    for (const id of h.ids('pc')) expect(writers(id)).toEqual([]);
  });

  it('lets one of two simultaneous triggers act and the other join or stand down', async () => {
    h = await fleetHarness({ groups: [{ count: 1, prefix: 'pc', state: 'pagecache' }] });
    const id = one('pc');
    const [a, b] = await Promise.all([
      h.engine.runEpisode({ instanceId: id, trigger: 'alarm', reason: 'alarm' }),
      h.engine.runEpisode({ instanceId: id, trigger: 'manual', reason: 'operator' }),
    ]);
    const acted = [a, b].filter((r) => r.stages.length > 0);
    expect(acted).toHaveLength(1);
    expect([a, b].map((r) => r.code)).toContainEqual(expect.stringMatching(/joined-episode|lease-held/));
    expect(writers(id)).toEqual(['drop-caches']);
  });

  it('never acts on garbled or cut probe output and records why', async () => {
    h = await fleetHarness({
      groups: [
        { count: 1, prefix: 'noisy', state: 'pagecache', faults: { garbled: true } },
        { count: 1, prefix: 'chatty', state: 'pagecache', faults: { hugeOutput: true } },
      ],
    });
    const run = await h.engine.runFleet(h.emu.instanceIds.map(sweep));
    for (const e of run.episodes) {
      expect(e).toMatchObject({ code: 'evidence-untrusted', outcome: 'skipped' });
      expect(writers(e.instanceId)).toEqual([]);
    }
    const snaps = await h.store.listSnapshots({ runId: run.runId });
    expect(snaps.map((s) => s.trusted)).toEqual([false, false]);
  });

  it('runs nothing on a dry run but records the plan', async () => {
    h = await fleetHarness({ groups: [{ count: 1, prefix: 'anon', state: 'anonymous' }] });
    const r = await h.engine.runEpisode({ ...sweep(one('anon')), dryRun: true });
    expect(r.code).toBe('dry-run');
    expect(writers(one('anon'))).toEqual([]);
    expect(await stageNames(r.episodeId)).toEqual(['probe']);
    const plan = (await h.store.listDecisions({ episodeId: r.episodeId! })).filter(
      (d) => d.action === 'plan',
    );
    expect(plan.map((d) => d.code)).toEqual(['would-run', 'would-run']);
  });
});
