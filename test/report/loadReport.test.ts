import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/openStore';
import { InputError } from '../../src/errors';
import type { Store } from '../../src/ports';
import { loadReport } from '../../src/report/loadReport';
import { renderReport } from '../../src/report/renderReport';
import { HOSTILE_REASON, type Seeded, seedStore } from './seedStore';

let seeded: Seeded;
let store: Store;
beforeAll(async () => {
  seeded = await seedStore();
  store = await openStore({ home: seeded.home });
}, 60_000);
afterAll(async () => {
  await store?.close();
  seeded?.cleanup();
});

describe('loadReport over records the engine wrote', () => {
  it('loads every episode of the window with its stages, snapshots, effects and decisions', async () => {
    const r = await loadReport(store, { now: Date.now() });
    expect(r.episodes).toHaveLength(seeded.run.episodes.length);
    const anon = r.episodes.find((e) => e.episode.id === seeded.episodeOf('tke-old'))!;
    expect(anon.stages.map((s) => s.name)).toEqual(['probe', 'drop_caches', 'reprobe', 'compact', 'reprobe']);
    expect(anon.snapshots).toHaveLength(3);
    expect(anon.effects.map((e) => e.effect.stage)).toEqual(['drop_caches', 'compact']);
    expect(anon.decisions.map((d) => d.code)).toContain('compact');
    expect(r.omitted).toBeUndefined();
  });

  it('loads one episode by id, with the decisions of its run', async () => {
    const id = seeded.episodeOf('pinned');
    const r = await loadReport(store, { now: Date.now(), episodeId: id });
    expect(r.episodes.map((e) => e.episode.id)).toEqual([id]);
    expect(r.scope).toBe(`episode ${id}`);
    expect(r.episodes[0]!.decisions.map((d) => d.code)).toContain('compaction-cannot-help');
  });

  it('refuses an unknown episode id with an InputError naming --episode', async () => {
    const e = await loadReport(store, { now: Date.now(), episodeId: 'ep-nope' }).catch((x) => x);
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/^--episode: no episode ep-nope/);
  });

  it('leaves out episodes older than the window and counts those beyond the limit', async () => {
    expect((await loadReport(store, { now: Date.now(), since: Date.now() + 1 })).episodes).toEqual([]);
    const r = await loadReport(store, { now: Date.now(), limit: 2 });
    expect(r.episodes).toHaveLength(2);
    expect(r.omitted).toBe(seeded.run.episodes.length - 2);
  });

  it('renders the engine records: every episode, charts with data, reasons escaped', async () => {
    const html = renderReport(await loadReport(store, { now: Date.now() }));
    for (const e of seeded.run.episodes) expect(html).toContain(`id="${e.episodeId}"`);
    const anon = html.match(
      new RegExp(`<section class="episode" id="${seeded.episodeOf('tke-old')}"[\\s\\S]*?</section>`),
    )![0];
    for (const series of ['before', 'after drop_caches', 'after compaction'])
      expect(anon).toMatch(new RegExp(`<rect class="bar" data-series="${series}"`));
    expect(anon).toMatch(/target: order ≥ \d/);
    expect(html).not.toContain(HOSTILE_REASON);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
  });
});
