import { afterEach, describe, expect, it } from 'vitest';
import { main_handler as sweep } from '../../functions/sweep';
import { type FunctionsHarness, functionsHarness, type Loose } from './harness';

let h: FunctionsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FLEET = {
  groups: [
    { count: 2, prefix: 'ok', state: 'healthy' as const },
    { count: 2, prefix: 'pc', state: 'pagecache' as const },
  ],
};
const TIMER = {
  Type: 'Timer',
  TriggerName: 'memfrag-sweep-every-15-min',
  Time: '2026-11-28T03:15:00Z',
  Message: '',
};

describe('sweep function', () => {
  it('probes the configured fleet and remediates only the nodes that need it', async () => {
    h = await functionsHarness(FLEET, { env: { MEMFRAG_FLEET: 'all' } });
    const res = (await sweep(TIMER, { time_limit_in_ms: 900_000 })) as Loose;
    expect(res).toMatchObject({ ok: true, mode: 'inline', nodes: 4 });
    const eps = await h.store.listEpisodes({ runId: res.runId });
    const byNode = Object.fromEntries(eps.map((e) => [e.instanceId, e.outcome]));
    for (const id of h.ids('pc')) expect(byNode[id]).toBe('resolved');
    for (const id of h.ids('ok')) expect(byNode[id]).not.toBe('resolved');
    const writes = h.ids('ok').flatMap((id) => h!.emu.node(id).log.filter((e) => e.writes.length > 0));
    expect(writes).toEqual([]);
  });

  it('maps a retried timer tick onto the episodes of the first', async () => {
    h = await functionsHarness(FLEET, { env: { MEMFRAG_FLEET: 'all' } });
    await sweep(TIMER, { time_limit_in_ms: 900_000 });
    const tasks = h.emu.instanceIds.map((id) => h!.emu.node(id).log.length);
    const again = (await sweep(TIMER, { time_limit_in_ms: 900_000 })) as Loose;
    expect(again).toMatchObject({ ok: true, nodes: 4 });
    const dups = (await h.store.listDecisions({ runId: again.runId })).filter(
      (d) => d.code === 'duplicate-trigger',
    );
    expect(dups).toHaveLength(4);
    expect(await h.store.listEpisodes({})).toHaveLength(4);
    expect(h.emu.instanceIds.map((id) => h!.emu.node(id).log.length)).toEqual(tasks);
  });

  it('fans a fleet larger than one run out to worker shards under one parent run', async () => {
    h = await functionsHarness(FLEET, {
      env: { MEMFRAG_FLEET: 'all', MEMFRAG_DRY_RUN: 'true' },
      shardSize: 3,
    });
    const res = (await sweep(TIMER, { time_limit_in_ms: 900_000 })) as Loose;
    expect(res).toMatchObject({ ok: true, mode: 'sharded', shards: 2, nodes: 4 });
    await h.invoker.idle();
    const shards = (await h.store.listRuns({ kind: 'shard' })).filter((r) => r.parentId === res.runId);
    expect(shards.map((s) => s.state)).toEqual(['done', 'done']);
    const eps = await h.store.listEpisodes({});
    expect(eps).toHaveLength(4);
    expect(eps.every((e) => e.dryRun && e.state === 'closed')).toBe(true);
  });

  it('records that an empty fleet sweeps nothing', async () => {
    h = await functionsHarness(FLEET);
    expect(await sweep(TIMER, { time_limit_in_ms: 900_000 })).toMatchObject({ ok: true, mode: 'empty' });
    expect((await h.store.listDecisions({})).map((d) => d.code)).toEqual(['empty-fleet']);
    expect(await h.store.listEpisodes({})).toEqual([]);
  });
});
