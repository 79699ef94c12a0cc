import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/adapters/store/openStore';
import { createTestDatabase, type TestDatabase } from '../../support/pgDatabase';
import { PG_SKIP_REASON, pgUrlForTests } from '../../support/pgUrl';
import { storeContract } from './storeContract';

const serverUrl = pgUrlForTests();
if (!serverUrl) process.stderr.write(`postgresStore.test.ts skipped: ${PG_SKIP_REASON}\n`);

describe.skipIf(!serverUrl)('PostgreSQL store', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(serverUrl!);
  });
  afterAll(async () => {
    await database?.drop();
  });

  storeContract(() => openStore({ url: database.url }));

  it('reads times as numbers and booleans as booleans', async () => {
    const store = await openStore({ url: database.url });
    try {
      const { episode } = await store.openOrJoinEpisode({
        id: 'ep-types',
        instanceId: 'ins-types',
        problem: 'fragmentation',
        runbook: 'r',
        reason: 'r',
        trigger: 'cli',
        dryRun: true,
        now: 9_007_199_254_740_000,
      });
      expect(typeof episode.createdAt).toBe('number');
      expect(episode.createdAt).toBe(9_007_199_254_740_000);
      expect(episode.dryRun).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('names its connections memfrag on the server', async () => {
    const store = await openStore({ url: database.url });
    const admin = new pg.Client({ connectionString: database.url });
    try {
      await store.getEpisode('any'); // leaves one idle pooled connection behind
      await admin.connect();
      const { rows } = await admin.query<{ application_name: string }>(
        'select application_name from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      expect(rows.map((r) => r.application_name)).toContain('memfrag');
    } finally {
      await admin.end();
      await store.close();
    }
  });

  it('keeps the password out of connection errors', async () => {
    const url = new URL(database.url);
    url.password = 's3cr3t-pw';
    url.port = '1'; // nothing listens there
    const err = await openStore({ url: url.toString() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(
      /cannot open the store at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\//,
    );
    expect(String((err as Error).message)).not.toContain('s3cr3t-pw');
  });
});
