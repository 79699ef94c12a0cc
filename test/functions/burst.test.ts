/** Cloud Monitor retries and re-notifies: a burst of duplicate alarms on a shared PostgreSQL store. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main_handler as alarm } from '../../functions/alarm';
import { createTestDatabase, type TestDatabase } from '../support/pgDatabase';
import { PG_SKIP_REASON, pgUrlForTests } from '../support/pgUrl';
import { alarmEvent, type FunctionsHarness, fixture, functionsHarness, json } from './harness';

const server = pgUrlForTests();
let db: TestDatabase | undefined;
let h: FunctionsHarness | undefined;

beforeAll(async () => {
  if (server) db = await createTestDatabase(server);
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

describe.skipIf(!server)(`duplicate alarm burst on PostgreSQL${server ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  it('turns 50 concurrent duplicate alarms for 5 nodes into exactly 5 episodes and 5 worker runs', async () => {
    h = await functionsHarness(
      { groups: [{ count: 5, prefix: 'pc', state: 'pagecache' }] },
      { databaseUrl: db!.url },
    );
    const bodies = h.ids('pc').map((id) => fixture('cm-metric-real.json', { 'ins-jis5nk7e': id }));
    const calls = Array.from({ length: 50 }, (_, i) => alarm(alarmEvent(bodies[i % 5]!)));
    const answers = (await Promise.all(calls)).map(json);
    expect(answers.every((a) => a.statusCode === 202)).toBe(true);
    const perNode = new Map<string, Set<string>>();
    for (const a of answers)
      for (const e of a.body.episodes as { instanceId: string; episodeId: string | null }[]) {
        if (e.episodeId) perNode.set(e.instanceId, (perNode.get(e.instanceId) ?? new Set()).add(e.episodeId));
      }
    await h.invoker.idle();
    const episodes = await h.store.listEpisodes({ limit: 1000 });
    expect(episodes).toHaveLength(5);
    expect(new Set(episodes.map((e) => e.instanceId))).toEqual(new Set(h.ids('pc')));
    // every answer that named an episode named the node's one episode
    for (const [node, ids] of perNode)
      expect([...ids]).toEqual([episodes.find((e) => e.instanceId === node)!.id]);
    expect(h.invoker.count()).toBe(5);
    expect(episodes.every((e) => e.state === 'closed' && e.outcome === 'resolved')).toBe(true);
    for (const e of episodes) {
      const drops = (await h.store.listStages(e.id)).filter((s) => s.name === 'drop_caches');
      expect(drops).toHaveLength(1);
    }
  });
});
