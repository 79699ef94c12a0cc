import { afterEach, describe, expect, it } from 'vitest';
import { engineConfig } from '../../src/engine/config';
import { createEngine } from '../../src/engine/createEngine';
import { type Harness, harness } from './harness';

const req = { instanceId: 'local', trigger: 'manual' as const, reason: 'test' };
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function stagesOf(id: string | null) {
  return (await h!.store.listStages(id!)).map((s) => `${s.name}:${s.state}`);
}
async function codesOf(id: string | null) {
  return (await h!.store.listDecisions({ episodeId: id! })).map((d) => d.code);
}

describe('engine over the local executor and a recorded fragmented tree', () => {
  it('drops caches, then compacts, and records no-effect without looping when nothing changes', async () => {
    h = await harness('centos7-3.10');
    const r = await h.engine.runEpisode(req);
    expect(r.outcome).toBe('no-effect');
    expect(h.read('proc/sys/vm/drop_caches')).toBe('3\n');
    expect(h.read('proc/sys/vm/compact_memory')).toBe('1\n');
    expect(await stagesOf(r.episodeId)).toEqual([
      'probe:done',
      'drop_caches:done',
      'reprobe:done',
      'compact:done',
      'reprobe:done',
    ]);
    const effects = await h.store.listEffects(r.episodeId!);
    expect(effects.map((e) => [e.effect.stage, e.effect.class])).toEqual([
      ['drop_caches', 'no-effect'],
      ['compact', 'no-effect'],
    ]);
    expect(effects[0]?.effect.stallMs).toEqual(expect.any(Number));
    expect(await codesOf(r.episodeId)).toEqual([
      'opened-episode',
      'drop_caches',
      'effect-no-effect',
      'compact',
      'effect-no-effect',
      'stage-outcome',
    ]);
    const snaps = await h.store.listSnapshots({ episodeId: r.episodeId! });
    expect(snaps).toHaveLength(3);
    expect(snaps.every((s) => s.trusted && s.raw.startsWith('memfrag-probe 1'))).toBe(true);
    const ep = await h.store.getEpisode(r.episodeId!);
    expect(ep).toMatchObject({ state: 'closed', outcome: 'no-effect' });
  });

  it('refuses a second remediation during the cooldown and records why', async () => {
    h = await harness('centos7-3.10', { cooldownMs: 600_000 });
    const first = await h.engine.runEpisode(req);
    h.clock.advance(60_000);
    const second = await h.engine.runEpisode(req);
    expect(second).toMatchObject({ code: 'cooldown', episodeId: null });
    expect(second.reason).toContain(first.episodeId!);
    const d = await h.store.listDecisions({ instanceId: 'local' });
    expect(d.filter((x) => x.code === 'cooldown')).toHaveLength(1);
  });

  it('stops remediating at the attempt limit and recommends fixing the cause', async () => {
    h = await harness('centos7-3.10', { cooldownMs: 0, attemptLimit: { max: 2, windowMs: 3_600_000 } });
    await h.engine.runEpisode(req);
    h.clock.advance(1000);
    await h.engine.runEpisode(req);
    h.clock.advance(1000);
    const third = await h.engine.runEpisode(req);
    expect(third.code).toBe('attempt-limit');
    expect(third.reason).toMatch(/min_free_kbytes.*compaction_proactiveness/);
    expect((await h.store.listEpisodes({ instanceId: 'local' })).length).toBe(2);
  });

  it('does nothing on a healthy node and says so', async () => {
    h = await harness('two-node');
    const r = await h.engine.runEpisode(req);
    expect(r).toMatchObject({ outcome: 'skipped', code: 'healthy', verdict: 'healthy' });
    expect(await stagesOf(r.episodeId)).toEqual(['probe:done']);
    expect(h.read('proc/sys/vm/drop_caches')).toBe('');
  });

  it('only probes and evaluates with the diagnose runbook', async () => {
    h = await harness('centos7-3.10');
    const r = await h.engine.runEpisode({ ...req, runbook: 'diagnose' });
    expect(r).toMatchObject({ outcome: 'skipped', code: 'diagnose-only', verdict: 'fragmented' });
    expect(h.read('proc/sys/vm/drop_caches')).toBe('');
  });

  it('records the whole plan on a dry run and leaves the node untouched', async () => {
    h = await harness('centos7-3.10');
    const r = await h.engine.runEpisode({ ...req, dryRun: true });
    expect(r).toMatchObject({ outcome: 'skipped', code: 'dry-run' });
    expect(h.read('proc/sys/vm/drop_caches')).toBe('');
    expect(h.read('proc/sys/vm/compact_memory')).toBe('');
    expect(await stagesOf(r.episodeId)).toEqual(['probe:done']);
    const plan = (await h.store.listDecisions({ episodeId: r.episodeId! })).filter(
      (d) => d.action === 'plan',
    );
    expect(plan.map((d) => [d.details?.stage, d.code])).toEqual([
      ['drop_caches', 'would-run'],
      ['compact', 'would-run'],
    ]);
    // a dry run does not count as an attempt: a real run follows at once
    const real = await h.engine.runEpisode(req);
    expect(real.outcome).toBe('no-effect');
  });

  it('skips with a decision when another holder has the node lease', async () => {
    h = await harness('centos7-3.10');
    await h.store.acquireLease('node:local', 'someone-else', 600_000, h.clock.now());
    const r = await h.engine.runEpisode(req);
    expect(r).toMatchObject({ code: 'lease-held', episodeId: null });
    expect(r.decisions.map((d) => [d.action, d.code])).toEqual([['skip', 'lease-held']]);
    expect(h.read('proc/sys/vm/drop_caches')).toBe('');
    expect(await h.store.listEpisodes({})).toHaveLength(0);
  });

  it('joins the open episode when a second trigger arrives while it runs', async () => {
    h = await harness('centos7-3.10');
    const { episode } = await h.store.openOrJoinEpisode({
      id: 'ep-running',
      instanceId: 'local',
      problem: 'fragmentation',
      runbook: 'fragmentation',
      reason: 'alarm',
      trigger: 'alarm',
      now: h.clock.now(),
    });
    await h.store.updateEpisode(episode.id, { state: 'running', now: h.clock.now() });
    await h.store.acquireLease('node:local', 'the-alarm-run', 600_000, h.clock.now());
    const r = await h.engine.runEpisode({ ...req, trigger: 'sweep' });
    expect(r).toMatchObject({ joined: true, episodeId: 'ep-running', code: 'joined-episode' });
    expect(await h.store.listEpisodes({ instanceId: 'local' })).toHaveLength(1);
    expect(h.read('proc/sys/vm/drop_caches')).toBe('');
  });

  it('maps a repeated trigger key to its first episode', async () => {
    h = await harness('two-node');
    const first = await h.engine.runEpisode({ ...req, dedupKey: 'alarm-123' });
    const again = await h.engine.runEpisode({ ...req, dedupKey: 'alarm-123' });
    expect(again).toMatchObject({ code: 'duplicate-trigger', episodeId: first.episodeId, joined: true });
  });

  it('reconciles an interrupted episode with a re-probe and does not repeat its stage', async () => {
    h = await harness('centos7-3.10');
    const t0 = h.clock.now();
    await h.store.openOrJoinEpisode({
      id: 'ep-cut',
      instanceId: 'local',
      problem: 'fragmentation',
      runbook: 'fragmentation',
      reason: 'alarm',
      trigger: 'alarm',
      now: t0,
    });
    await h.store.updateEpisode('ep-cut', { state: 'running', stage: 'drop_caches', now: t0 });
    await h.store.addStage({
      id: 'st-cut',
      episodeId: 'ep-cut',
      name: 'drop_caches',
      state: 'running',
      startedAt: t0,
      endedAt: null,
      result: null,
    });
    await h.store.acquireLease('node:local', 'dead-run', 1_000, t0);
    h.clock.advance(60_000);
    const r = await h.engine.runEpisode({ ...req, trigger: 'alarm' });
    expect(r.episodeId).toBe('ep-cut');
    expect(await codesOf('ep-cut')).toContain('interrupted-episode');
    expect(await stagesOf('ep-cut')).toEqual([
      'drop_caches:interrupted',
      'probe:done',
      'compact:done',
      'reprobe:done',
    ]);
    expect(h.read('proc/sys/vm/drop_caches')).toBe('');
    expect(r.state).toBe('closed');
  });

  it('does not start a stage that cannot finish before the deadline and leaves the episode open', async () => {
    h = await harness('centos7-3.10');
    const r = await h.engine.runEpisode({ ...req, deadline: h.clock.now() + 120_000 });
    expect(r).toMatchObject({ code: 'deadline', state: 'open', outcome: null });
    expect(h.read('proc/sys/vm/drop_caches')).toBe('');
    const next = await h.engine.reconcile(r.episodeId!);
    expect(next.state).toBe('closed');
    expect(h.read('proc/sys/vm/drop_caches')).toBe('3\n');
  });

  it('does not even probe when the probe cannot finish before the deadline', async () => {
    h = await harness('centos7-3.10');
    const r = await h.engine.runEpisode({ ...req, deadline: h.clock.now() + 30_000 });
    expect(r).toMatchObject({ code: 'deadline', state: 'open' });
    expect(await stagesOf(r.episodeId)).toEqual([]);
  });

  it('waits for approval before compaction and continues once approved', async () => {
    h = await harness('centos7-3.10', { approval: { compaction: true, timeoutMs: 600_000 } });
    const r = await h.engine.runEpisode(req);
    expect(r).toMatchObject({ code: 'awaiting-approval', state: 'awaiting-approval' });
    expect(h.read('proc/sys/vm/drop_caches')).toBe('3\n');
    expect(h.read('proc/sys/vm/compact_memory')).toBe('');
    const joined = await h.engine.runEpisode({ ...req, trigger: 'alarm' });
    expect(joined).toMatchObject({ code: 'awaiting-approval', joined: true });
    h.clock.advance(60_000);
    const done = await h.engine.approve(r.episodeId!, { by: 'alice' });
    expect(done).toMatchObject({ state: 'closed', outcome: 'no-effect' });
    expect(h.read('proc/sys/vm/compact_memory')).toBe('1\n');
  });

  it('closes a waiting episode as skipped when the approval comes too late', async () => {
    h = await harness('centos7-3.10', { approval: { compaction: true, timeoutMs: 60_000 } });
    const r = await h.engine.runEpisode(req);
    h.clock.advance(120_000);
    const late = await h.engine.approve(r.episodeId!);
    expect(late).toMatchObject({ code: 'approval-expired', state: 'closed', outcome: 'skipped' });
    expect(h.read('proc/sys/vm/compact_memory')).toBe('');
  });

  it('skips remediation outside the maintenance windows', async () => {
    const hour = new Date().getUTCHours();
    const start = `${String((hour + 2) % 24).padStart(2, '0')}:00`;
    const end = `${String((hour + 3) % 24).padStart(2, '0')}:00`;
    h = await harness('centos7-3.10', { windows: [{ start, end }] });
    const r = await h.engine.runEpisode(req);
    expect(r).toMatchObject({ code: 'outside-window', outcome: 'skipped' });
    expect(h.read('proc/sys/vm/drop_caches')).toBe('');
  });

  it('rejects unknown runbooks and bad parameters before anything runs', async () => {
    h = await harness('centos7-3.10');
    await expect(h.engine.runEpisode({ ...req, runbook: 'rm' })).rejects.toThrow(/unknown runbook/);
    await expect(h.engine.runEpisode({ ...req, params: { dropCaches: { mode: '3; id' } } })).rejects.toThrow(
      /invalid runbook parameter/,
    );
    expect(await h.store.listEpisodes({})).toHaveLength(0);
  });
});

describe('reconcile racing another invocation', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('does nothing when the episode closed between loading it and taking the node lease', async () => {
    h = await harness('centos7-3.10');
    const t0 = h.clock.now();
    await h.store.openOrJoinEpisode({
      id: 'ep-race',
      instanceId: 'local',
      problem: 'fragmentation',
      runbook: 'fragmentation',
      reason: 'alarm',
      trigger: 'alarm',
      now: t0,
    });
    // the other worker finishes the episode right as this one takes the lease
    const store = h.store;
    const racing = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop !== 'acquireLease') return Reflect.get(target, prop, receiver);
        return async (key: string, holder: string, ttl: number, now: number) => {
          await target.updateEpisode('ep-race', { state: 'closed', outcome: 'resolved', now });
          return target.acquireLease(key, holder, ttl, now);
        };
      },
    });
    const engine = createEngine({
      store: racing,
      executor: h.executor,
      clock: h.clock,
      config: engineConfig({}),
    });
    const r = await engine.reconcile('ep-race');
    expect(r.code).toBe('closed');
    expect(await store.listStages('ep-race')).toEqual([]);
    expect(h.read('proc/sys/vm/drop_caches')).toBe('');
    expect(await store.acquireLease('node:local', 'someone-else', 1_000, h.clock.now())).toBe(true);
  });
});
