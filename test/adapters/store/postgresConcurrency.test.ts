/**
 * Many function instances at once against one real PostgreSQL server: separate stores (separate pools,
 * so separate connections) race for the same episode, lease, slots and dedup key, round after round.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/adapters/store/openStore';
import type { Store } from '../../../src/ports';
import { createTestDatabase, type TestDatabase } from '../../support/pgDatabase';
import { PG_SKIP_REASON, pgUrlForTests } from '../../support/pgUrl';

const serverUrl = pgUrlForTests();
if (!serverUrl) process.stderr.write(`postgresConcurrency.test.ts skipped: ${PG_SKIP_REASON}\n`);

const INSTANCES = 10;
const POOL = 5;
const RACERS = 50;
const ROUNDS = 5;
const T0 = 1_790_000_000_000;

describe.skipIf(!serverUrl)('PostgreSQL store under concurrent writers', () => {
  let database: TestDatabase;
  let stores: Store[] = [];
  // racer i always goes through store i % INSTANCES
  const via = (i: number) => stores[i % INSTANCES]!;

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl!);
    // ten instances opening (and migrating) at once must not trip over each other either
    stores = await Promise.all(
      Array.from({ length: INSTANCES }, () => openStore({ url: database.url, poolSize: POOL })),
    );
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await database?.drop();
  });

  it('opens exactly one episode for 50 parallel openers of one node', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const instanceId = `ins-race-${round}`;
      const results = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          via(i).openOrJoinEpisode({
            id: `ep-${round}-${i}`,
            instanceId,
            problem: 'fragmentation',
            runbook: 'r',
            reason: 'race',
            trigger: 'alarm',
            now: T0 + round,
          }),
        ),
      );
      expect(results.filter((r) => !r.joined)).toHaveLength(1);
      expect(new Set(results.map((r) => r.episode.id)).size).toBe(1);
      expect(await stores[0]!.listEpisodes({ instanceId })).toHaveLength(1);
    }
  });

  it('grants a lease to exactly one of 50 parallel acquirers, also when it has expired', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const key = `node:ins-lease-${round % 2}`;
      const now = T0 + round * 10_000; // every round starts after the previous round's lease expired
      const won = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => via(i).acquireLease(key, `h-${round}-${i}`, 5_000, now)),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
    }
  });

  it('never hands out more slots than the limit', async () => {
    const limit = 3;
    for (let round = 0; round < ROUNDS; round++) {
      const now = T0 + round * 10_000;
      const won = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          via(i).acquireSlot('compact', `h-${round}-${i}`, limit, 5_000, now),
        ),
      );
      expect(won.filter(Boolean)).toHaveLength(limit);
    }
  });

  it('lets exactly one of 50 parallel claimants take a dedup key', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const key = `alarm:${round % 2}`;
      const now = T0 + round * 10_000;
      const claims = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => via(i).claimDedup(key, `ep-${round}-${i}`, 5_000, now)),
      );
      const winners = claims.filter((c) => c.claimed);
      expect(winners).toHaveLength(1);
      expect(new Set(claims.map((c) => c.episodeId))).toEqual(new Set([winners[0]!.episodeId]));
    }
  });
});
