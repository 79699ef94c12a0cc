import { afterEach, describe, expect, it } from 'vitest';
import { main_handler as alarm } from '../../functions/alarm';
import { main_handler as worker } from '../../functions/worker';
import { alarmEvent, type FunctionsHarness, fixture, functionsHarness, json } from './harness';

let h: FunctionsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FLEET = { groups: [{ count: 1, prefix: 'pc', state: 'pagecache' as const }] };
const LONG = { time_limit_in_ms: 900_000 };

describe('worker function', () => {
  it('answers an unknown episode without throwing, so SCF does not retry it', async () => {
    h = await functionsHarness(FLEET);
    const res = await worker({ kind: 'episode', episodeId: 'ep-00000000-0000-4000-8000-000000000000' }, LONG);
    expect(res).toMatchObject({ kind: 'episode', ok: false, error: expect.stringContaining('no episode') });
  });

  it.each([
    ['an unknown kind', { kind: 'reboot' }],
    ['a bad episode id', { kind: 'episode', episodeId: "x'; rm -rf /" }],
    [
      'a shard with a bad instance id',
      {
        kind: 'shard',
        parentRunId: 'run-00000000-0000-4000-8000-000000000000',
        instanceIds: ['i-1'],
        request: {},
      },
    ],
    ['JSON text that is not a payload', '{"kind":'],
  ])('answers %s with ok:false and records nothing', async (_n, event) => {
    h ??= await functionsHarness(FLEET);
    expect(await worker(event, LONG)).toMatchObject({
      ok: false,
      error: expect.stringContaining('worker payload'),
    });
    expect(await h.store.listDecisions({})).toEqual([]);
  });

  it('is idempotent: a retried episode event finds it closed and runs nothing again', async () => {
    h = await functionsHarness(FLEET);
    const id = h.ids('pc')[0]!;
    const res = json(await alarm(alarmEvent(fixture('cm-metric-real.json', { 'ins-jis5nk7e': id }))));
    await h.invoker.idle();
    const episodeId = res.body.episodes[0].episodeId as string;
    const tasks = h.emu.node(id).log.length;
    const retry = await worker(JSON.stringify({ kind: 'episode', episodeId }), LONG);
    expect(retry).toMatchObject({
      ok: true,
      report: { code: 'closed', state: 'closed', outcome: 'resolved' },
    });
    expect(h.emu.node(id).log.length).toBe(tasks);
  });
});
