import { afterEach, describe, expect, it } from 'vitest';
import { main_handler as invoke } from '../../functions/invoke';
import { apiEvent, type FunctionsHarness, functionsHarness, json } from './harness';

let h: FunctionsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FLEET = { groups: [{ count: 3, prefix: 'pc', state: 'pagecache' as const }] };

async function post(path: string, body: unknown, limitMs?: number) {
  const ctx = limitMs ? { time_limit_in_ms: limitMs } : undefined;
  return json(await invoke(apiEvent('POST', path, JSON.stringify(body)), ctx));
}
async function get(path: string, query: Record<string, string> = {}) {
  return json(await invoke(apiEvent('GET', path, '', { query })));
}

describe('invoke function (manual API)', () => {
  it('hands a run to the worker when the call is too short for a probe, and reports it', async () => {
    h = await functionsHarness(FLEET);
    const id = h.ids('pc')[0]!;
    // the deployed 30 s is less than the probe's worst case: the worker runs it under this parent run
    const start = await post('/v1/runs', { instanceIds: [id], reason: 'ticket OPS-1' });
    expect(start.statusCode).toBe(202);
    expect(start.body).toMatchObject({
      mode: 'sharded',
      shards: 1,
      nodes: 1,
      runId: expect.stringMatching(/^run-/),
    });
    await h.invoker.idle();
    const [episode] = await h.store.listEpisodes({ instanceId: id });
    const episodeId = episode!.id;
    const ep = await get(`/v1/episodes/${episodeId}`);
    expect(ep.statusCode).toBe(200);
    expect(ep.body.episode).toMatchObject({ state: 'closed', outcome: 'resolved', trigger: 'manual' });
    expect(ep.body.stages.map((s: { name: string }) => s.name)).toEqual(['probe', 'drop_caches', 'reprobe']);
    const run = await get(`/v1/runs/${start.body.runId}`);
    expect(run.body.children).toHaveLength(1);
    expect(run.body.episodes.map((e: { id: string }) => e.id)).toEqual([episodeId]);
    const hist = await get('/v1/history', { node: id, limit: '5' });
    expect(hist.body.episodes.map((e: { id: string }) => e.id)).toEqual([episodeId]);
  });

  it('answers a dry run inside a call long enough for the probe, with the plan recorded', async () => {
    h = await functionsHarness(FLEET);
    const start = await post(
      '/v1/runs',
      { instanceIds: [h.ids('pc')[1]!], reason: 'what would it do', dryRun: true },
      120_000,
    );
    expect(start.statusCode).toBe(200);
    expect(start.body.episodes[0]).toMatchObject({ state: 'closed', outcome: 'skipped', code: 'dry-run' });
    expect(h.emu.node(h.ids('pc')[1]!).log.filter((e) => e.writes.length > 0)).toEqual([]);
  });

  it('shards a run larger than one call to the worker under one parent run', async () => {
    h = await functionsHarness(FLEET, { inlineLimit: 1, shardSize: 2 });
    const start = await post(
      '/v1/runs',
      { instanceIds: h.ids('pc'), reason: 'fleet', dryRun: true },
      120_000,
    );
    expect(start.statusCode).toBe(202);
    expect(start.body).toMatchObject({ mode: 'sharded', shards: 2, nodes: 3 });
    await h.invoker.idle();
    const run = await get(`/v1/runs/${start.body.runId}`);
    expect(run.body.children).toHaveLength(2);
    expect(
      run.body.children.every(
        (c: { kind: string; state: string }) => c.kind === 'shard' && c.state === 'done',
      ),
    ).toBe(true);
    expect(await h.store.listEpisodes({})).toHaveLength(3);
  });

  it('approves an episode waiting for compaction approval and continues it', async () => {
    h = await functionsHarness(
      { groups: [{ count: 1, prefix: 'anon', state: 'anonymous' }] },
      { env: { MEMFRAG_REQUIRE_APPROVAL: 'true' } },
    );
    const id = h.ids('anon')[0]!;
    expect((await post('/v1/runs', { instanceIds: [id], reason: 'compaction please' })).statusCode).toBe(202);
    await h.invoker.idle();
    const [waiting] = await h.store.listEpisodes({ instanceId: id });
    expect(waiting).toMatchObject({ state: 'awaiting-approval' });
    const wrong = await post(`/v1/episodes/${waiting!.id}/approve`, { by: 'bad name!' });
    expect(wrong).toMatchObject({ statusCode: 400, body: { field: 'by' } });
    const ok = await post(`/v1/episodes/${waiting!.id}/approve`, { by: 'alice' });
    // approved here; the compaction does not fit the 30 s call, so the worker runs it
    expect(ok.statusCode).toBe(202);
    expect(ok.body.decisions.map((d: { code: string }) => d.code)).toContain('approved');
    await h.invoker.idle();
    const ep = await get(`/v1/episodes/${waiting!.id}`);
    expect(ep.body.episode.state).toBe('closed');
    expect(ep.body.stages.map((s: { name: string }) => s.name)).toContain('compact');
    const again = await post(`/v1/episodes/${waiting!.id}/approve`, { by: 'bob' });
    expect(again.statusCode).toBe(409);
  });

  it.each([
    [
      'an unknown field',
      () => apiEvent('POST', '/v1/runs', '{"reason":"x","instanceIds":["ins-abcdefgh"],"force":true}'),
      400,
      'force',
    ],
    [
      'a bad instance id',
      () => apiEvent('POST', '/v1/runs', '{"reason":"x","instanceIds":["i-1"]}'),
      400,
      'instanceIds.0',
    ],
    ['no nodes', () => apiEvent('POST', '/v1/runs', '{"reason":"x"}'), 400, 'instanceIds'],
    ['a bad id in the path', () => apiEvent('GET', '/v1/episodes/nope'), 400, 'episodeId'],
    ['a bad history node', () => apiEvent('GET', '/v1/history', '', { query: { node: 'x' } }), 400, 'node'],
    [
      'a timestamp outside the replay window',
      () => apiEvent('POST', '/v1/runs', '{}', { ts: Math.floor(Date.now() / 1000) - 301 }),
      401,
      undefined,
    ],
    [
      'a wrong signature',
      () => apiEvent('POST', '/v1/runs', '{}', { key: 'another-key-0123456789' }),
      403,
      undefined,
    ],
    ['no signature', () => ({ ...apiEvent('POST', '/v1/runs', '{}'), headers: {} }), 401, undefined],
    ['an unknown route', () => apiEvent('GET', '/v1/nothing'), 404, undefined],
    ['a wrong method', () => apiEvent('DELETE', '/v1/runs'), 405, undefined],
  ])('refuses %s with a clear status and records nothing', async (_n, event, status, field) => {
    h ??= await functionsHarness(FLEET);
    const res = json(await invoke(event()));
    expect(res.statusCode).toBe(status);
    expect(res.body.error).toEqual(expect.any(String));
    if (field) expect(res.body.field).toBe(field);
    expect(await h.store.listEpisodes({})).toEqual([]);
    expect(await h.store.listRuns({})).toEqual([]);
  });

  it('refuses a signed write replayed inside its window, and lets reads repeat', async () => {
    h ??= await functionsHarness(FLEET);
    const run = apiEvent(
      'POST',
      '/v1/runs',
      JSON.stringify({ instanceIds: [h.ids('pc')[0]], reason: 'replay', dryRun: true }),
    );
    expect([200, 202]).toContain(json(await invoke(run)).statusCode);
    const again = json(await invoke({ ...run }));
    expect(again.statusCode).toBe(401);
    expect(again.body).toMatchObject({ field: 'x-memfrag-signature' });
    expect(again.body.error).toContain('replay');
    const read = apiEvent('GET', '/v1/history', '', { query: { limit: '5' } });
    expect(json(await invoke(read)).statusCode).toBe(200);
    expect(json(await invoke({ ...read })).statusCode).toBe(200);
  });
});
