import { afterEach, describe, expect, it } from 'vitest';
import { main_handler as alarm } from '../../functions/alarm';
import { alarmEvent, type FunctionsHarness, fixture, functionsHarness, json } from './harness';

let h: FunctionsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FLEET = { groups: [{ count: 2, prefix: 'pc', state: 'pagecache' as const }] };

async function episodesCount(): Promise<number> {
  return (await h!.store.listEpisodes({})).length;
}

describe('alarm function', () => {
  it('answers a Cloud Monitor metric alarm with 202 and the worker closes the episode with an outcome', async () => {
    h = await functionsHarness(FLEET);
    const id = h.ids('pc')[0]!;
    const res = json(await alarm(alarmEvent(fixture('cm-metric-real.json', { 'ins-jis5nk7e': id }))));
    expect(res.statusCode).toBe(202);
    expect(res.body.episodes).toMatchObject([
      { instanceId: id, code: 'opened-episode', joined: false, dispatched: true },
    ]);
    await h.invoker.idle();
    const ep = await h.store.getEpisode(res.body.episodes[0].episodeId);
    expect(ep).toMatchObject({ state: 'closed', outcome: 'resolved', trigger: 'alarm' });
    expect((await h.store.listStages(ep!.id)).map((s) => s.name)).toEqual([
      'probe',
      'drop_caches',
      'reprobe',
    ]);
  });

  it('maps a retried alarm onto the first episode without a second worker', async () => {
    h = await functionsHarness(FLEET);
    const body = fixture('cm-metric-real.json', { 'ins-jis5nk7e': h.ids('pc')[0]! });
    const first = json(await alarm(alarmEvent(body)));
    const retry = json(await alarm(alarmEvent(body, undefined, 'query')));
    expect(retry.statusCode).toBe(202);
    expect(retry.body.episodes[0]).toMatchObject({
      episodeId: first.body.episodes[0].episodeId,
      code: 'duplicate-trigger',
      dispatched: false,
    });
    await h.invoker.idle();
    expect(h.invoker.count()).toBe(1);
    expect(await episodesCount()).toBe(1);
  });

  it('answers 500 when the worker cannot be invoked, and the retry hands the open episode over', async () => {
    h = await functionsHarness(FLEET, { failInvokes: 1 });
    const body = fixture('cm-metric-real.json', { 'ins-jis5nk7e': h.ids('pc')[0]! });
    const first = json(await alarm(alarmEvent(body)));
    expect(first).toEqual({ statusCode: 500, body: { error: 'internal error' } });
    const [ep] = await h.store.listEpisodes({});
    expect(ep).toMatchObject({ state: 'open' });
    const retry = json(await alarm(alarmEvent(body)));
    expect(retry.statusCode).toBe(202);
    expect(retry.body.episodes[0]).toMatchObject({
      episodeId: ep!.id,
      code: 'duplicate-trigger',
      dispatched: true,
    });
    await h.invoker.idle();
    expect(await h.store.getEpisode(ep!.id)).toMatchObject({ state: 'closed', outcome: 'resolved' });
    const codes = (await h.store.listDecisions({ episodeId: ep!.id })).map((d) => d.code);
    expect(codes.filter((c) => c.startsWith('worker-')).sort()).toEqual([
      'worker-invoke-failed',
      'worker-invoked',
      'worker-invoked',
    ]);
  });

  it('resolves an Alertmanager alert by private IP and notes the resolved one', async () => {
    h = await functionsHarness(FLEET, { ips: { '172.16.0.12': ['pc', 0] } });
    const id = h.ids('pc')[0]!;
    const res = json(
      await alarm(alarmEvent(fixture('alertmanager-v4-tke.json', { 'ins-k2m4p6q8': h.ids('pc')[1]! }))),
    );
    expect(res.statusCode).toBe(202);
    expect(res.body.episodes.map((e: { code: string }) => e.code)).toEqual(['opened-episode', 'recovered']);
    expect(res.body.episodes[0].instanceId).toBe(id);
    await h.invoker.idle();
    expect((await h.store.listEpisodes({ instanceId: id }))[0]).toMatchObject({ state: 'closed' });
    expect(await h.store.listEpisodes({ instanceId: h.ids('pc')[1]! })).toEqual([]);
  });

  it('opens an episode for an EventBridge GuestOom event', async () => {
    h = await functionsHarness(FLEET);
    const id = h.ids('pc')[1]!;
    const res = json(await alarm(alarmEvent(fixture('eventbridge-guestoom.json', { 'ins-a1b2c3d4': id }))));
    expect(res.statusCode).toBe(202);
    await h.invoker.idle();
    expect(await h.store.listEpisodes({ instanceId: id })).toMatchObject([
      { state: 'closed', trigger: 'alarm' },
    ]);
  });

  it('applies the configured dry run and target order to alarms', async () => {
    h = await functionsHarness(FLEET, { env: { MEMFRAG_DRY_RUN: 'true', MEMFRAG_TARGET_ORDER: '6' } });
    const id = h.ids('pc')[0]!;
    expect((await alarm(alarmEvent(fixture('cm-metric-real.json', { 'ins-jis5nk7e': id })))).statusCode).toBe(
      202,
    );
    await h.invoker.idle();
    const [ep] = await h.store.listEpisodes({ instanceId: id });
    expect(ep).toMatchObject({ dryRun: true, state: 'closed', params: { targetOrder: 6 } });
    expect(h.emu.node(id).log.filter((e) => e.writes.length > 0)).toEqual([]);
  });

  it('records a recovery notification and acts on nothing', async () => {
    h = await functionsHarness(FLEET);
    const body = fixture('cm-metric-real.json', { 'ins-jis5nk7e': h.ids('pc')[0]! }).replace(
      '"alarmStatus":"1"',
      '"alarmStatus":"0"',
    );
    const res = json(await alarm(alarmEvent(body)));
    expect(res.statusCode).toBe(200);
    expect(res.body.episodes).toMatchObject([{ code: 'recovered', episodeId: null }]);
    expect(await episodesCount()).toBe(0);
    expect(h.invoker.count()).toBe(0);
  });

  it.each([
    ['no token', alarmEvent('{}', ''), 401, undefined],
    ['a wrong token', alarmEvent('{}', 'wrong-token-xyz'), 403, undefined],
    ['a body that is not JSON', alarmEvent('{"alarmType":'), 400, 'body'],
    ['an unknown payload kind', alarmEvent('{"hello":"world"}'), 400, 'body'],
    [
      'a Cloud Monitor alarm with a bad alarmStatus',
      alarmEvent(fixture('cm-metric-real.json').replace('"alarmStatus":"1"', '"alarmStatus":"7"')),
      400,
      'alarmStatus',
    ],
    [
      'a Cloud Monitor alarm naming no node',
      alarmEvent(fixture('cm-metric-real.json').replace(/"dimensions":\{[^}]*\}/, '"dimensions":{}')),
      400,
      'alarmObjInfo.dimensions',
    ],
  ])('refuses %s with a clear 4xx and records nothing', async (_name, event, status, field) => {
    h ??= await functionsHarness(FLEET);
    const res = json(await alarm(event));
    expect(res.statusCode).toBe(status);
    expect(res.body.error).toEqual(expect.any(String));
    if (field) expect(res.body.field).toBe(field);
    expect(await episodesCount()).toBe(0);
    expect(await h.store.listDecisions({})).toEqual([]);
  });
});
