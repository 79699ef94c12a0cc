/** Fleet-run safety against the TAT emulator: fresh evidence per compaction chunk, a real canary, live leases. */
import { afterEach, describe, expect, it } from 'vitest';
import { type FleetHarness, fleetHarness } from './fleetHarness';

let h: FleetHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sweep = (id: string) => ({ instanceId: id, trigger: 'sweep' as const, reason: 'sweep' });

/** Every command the emulator received, in order, as `script@node index`. */
function commands(ids: string[]): string[] {
  const name = (s: string) =>
    /mf_begin compact/m.test(s) ? 'compact' : /mf_begin drop-caches/m.test(s) ? 'drop' : 'probe';
  const tasks = [...h!.emu.store.tasks.values()] as { script: string; InstanceId: string }[];
  return tasks.map((t) => `${name(t.script)}@${ids.indexOf(t.InstanceId)}`);
}

describe('fleet runs', () => {
  it('probes the nodes whose compaction waited for a slot again before it compacts them', async () => {
    h = await fleetHarness({ groups: [{ count: 3, prefix: 'anon', state: 'anonymous' }] });
    const ids = h.ids('anon');
    await h.engine.runFleet(ids.map(sweep), { maxConcurrentCompactions: { count: 1 } }, 'sweep');
    const seq = commands(ids);
    for (const [node, waitedFor] of [
      [1, 0],
      [2, 1],
    ] as const) {
      const before = seq.indexOf(`compact@${waitedFor}`);
      const mine = seq.indexOf(`compact@${node}`);
      expect(seq.slice(before + 1, mine)).toContain(`probe@${node}`);
    }
  });

  it('takes the canary from nodes that will act, not from healthy ones', async () => {
    h = await fleetHarness({
      groups: [
        { count: 2, prefix: 'ok', state: 'healthy' },
        { count: 3, prefix: 'anon', state: 'anonymous' },
      ],
    });
    const ids = [...h.ids('ok'), ...h.ids('anon')];
    const run = await h.engine.runFleet(ids.map(sweep), { canary: { size: 2 } }, 'sweep');
    const gate = run.decisions.find((d) => d.code.startsWith('canary-'));
    expect(gate).toMatchObject({ code: 'canary-passed', details: { acted: 2 } });
  });

  it('does not pass a canary in which no node acted, and cancels the rest', async () => {
    const hh = (new Date().getUTCHours() + 12) % 24;
    const at = `${String(hh).padStart(2, '0')}:00`;
    const end = `${String(hh).padStart(2, '0')}:01`;
    h = await fleetHarness(
      { groups: [{ count: 3, prefix: 'anon', state: 'anonymous' }] },
      { windows: [{ start: at, end }] },
    );
    const run = await h.engine.runFleet(h.ids('anon').map(sweep), { canary: { size: 1 } }, 'sweep');
    expect(run.state).toBe('stopped');
    expect(run.decisions.map((d) => d.code)).toEqual(['canary-inconclusive']);
    expect(run.episodes.map((e) => e.code)).toEqual([
      'outside-window',
      'canary-inconclusive',
      'canary-inconclusive',
    ]);
  });

  it('renews node leases before each command group, so a long first group cannot let one expire', async () => {
    h = await fleetHarness({ groups: [{ count: 2, prefix: 'anon', state: 'anonymous' }] });
    const [a, b] = h.ids('anon') as [string, string];
    const store = h.store;
    const add = store.addDecision.bind(store);
    let intruder: boolean | undefined;
    // each drop_caches group takes 12 minutes; another run tries to take b's node lease as b's group starts
    store.addDecision = async (d) => {
      if (d.code === 'drop_caches') {
        h?.clock.advance(12 * 60_000);
        if (d.instanceId === b)
          intruder = await store.acquireLease(`node:${b}`, 'intruder', 60_000, h!.clock.now());
      }
      return add(d);
    };
    await h.engine.runFleet(
      [
        { ...sweep(a), params: { dropCaches: { mode: 1 } } },
        { ...sweep(b), params: { dropCaches: { mode: 3 } } },
      ],
      {},
      'sweep',
    );
    expect(intruder).toBe(false);
  });
});
