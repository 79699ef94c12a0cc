import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { toEpisodeRequest, toRunbookParams } from '../../src/app/toEpisodeRequest';
import type { RemediationRequest } from '../../src/triggers/request';
import { type FleetHarness, fleetHarness } from '../engine/fleetHarness';

let h: FleetHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function request(over: Partial<RemediationRequest> = {}): RemediationRequest {
  return {
    source: 'cloud-monitor',
    firing: true,
    nodes: [],
    runbook: 'fragmentation',
    reason: 'alarm: page allocation failure',
    dedupKey: 'cm-alarm-1',
    dryRun: false,
    params: {},
    ...over,
  };
}

async function app(fleet: Parameters<typeof fleetHarness>[0]) {
  h = await fleetHarness(fleet);
  return createApp({ engine: h.engine, store: h.store, clock: h.clock });
}

describe('app use cases', () => {
  it('maps trigger parameters onto the runbook and keys dedup per node', () => {
    expect(
      toRunbookParams({ dropCachesMode: 1, syncFirst: true, compactScope: 'numa', targetOrder: 6 }),
    ).toEqual({
      dropCaches: { mode: 1, sync: true },
      compaction: { scope: 'nodes' },
      targetOrder: 6,
    });
    expect(toRunbookParams({ compactScope: 'global' })).toEqual({ compaction: { scope: 'global' } });
    const r = toEpisodeRequest(request({ approve: true, stages: ['drop_caches'] }), 'ins-1', 99);
    expect(r).toMatchObject({
      instanceId: 'ins-1',
      trigger: 'alarm',
      dedupKey: 'cm-alarm-1:ins-1',
      deadline: 99,
      approved: true,
      stages: ['drop_caches'],
    });
  });

  it('remediates an alarmed node and maps the re-notified alarm to the same episode', async () => {
    const a = await app({ groups: [{ count: 1, prefix: 'pc', state: 'pagecache' }] });
    const id = h!.ids('pc')[0]!;
    const first = await a.remediate(request({ nodes: [{ kind: 'instance', instanceId: id }] }));
    expect(first.episodes[0]).toMatchObject({ outcome: 'resolved' });
    const again = await a.remediate(request({ nodes: [{ kind: 'instance', instanceId: id }] }));
    expect(again.episodes[0]).toMatchObject({
      code: 'duplicate-trigger',
      episodeId: first.episodes[0]?.episodeId,
    });
    const status = await a.status(first.episodes[0]!.episodeId!);
    expect(status?.stages.map((s) => s.name)).toEqual(['probe', 'drop_caches', 'reprobe']);
    expect(status?.effects).toHaveLength(1);
    expect(status?.snapshots[0]).not.toHaveProperty('raw');
    expect((await a.history({ instanceId: id })).map((e) => e.outcome)).toEqual(['resolved']);
  });

  it('records a recovery notification and acts on nothing', async () => {
    const a = await app({ groups: [{ count: 1, prefix: 'pc', state: 'pagecache' }] });
    const r = await a.remediate(
      request({ firing: false, nodes: [{ kind: 'instance', instanceId: h!.ids('pc')[0]! }] }),
    );
    expect(r.decisions.map((d) => d.code)).toEqual(['not-firing']);
    expect(await h!.store.listEpisodes({})).toHaveLength(0);
  });

  it('records node references that match no instance', async () => {
    const a = await app({ groups: [{ count: 1, prefix: 'pc', state: 'pagecache' }] });
    const r = await a.remediate(request({ nodes: [{ kind: 'private-ip', ip: '10.0.0.9' }] }));
    expect(r.unresolved).toEqual([{ kind: 'private-ip', ip: '10.0.0.9' }]);
    expect(r.decisions.map((d) => d.code)).toContain('target-unresolved');
  });

  it('runs only the stages a manual request allows', async () => {
    const a = await app({ groups: [{ count: 1, prefix: 'anon', state: 'anonymous' }] });
    const id = h!.ids('anon')[0]!;
    const r = await a.remediate(
      request({ source: 'manual', stages: ['drop_caches'], nodes: [{ kind: 'instance', instanceId: id }] }),
    );
    expect(r.episodes[0]?.stages.map((s) => s.name)).toEqual(['drop_caches']);
    expect(
      h!.emu
        .node(id)
        .log.filter((e) => e.writes.length > 0)
        .map((e) => e.name),
    ).toEqual(['drop-caches']);
  });
});
