/**
 * A store file (or database) from an older schema version moves forward on open with every row kept.
 * The old schema is built by the real migrations cut at 0001_init, the rows by plain SQL as that
 * version's code would have written them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../../src/adapters/store/migrate';
import { migrations } from '../../../src/adapters/store/migrations';
import { openStore } from '../../../src/adapters/store/openStore';
import type { Store } from '../../../src/ports';
import { createTestDatabase } from '../../support/pgDatabase';
import { PG_SKIP_REASON, pgUrlForTests } from '../../support/pgUrl';

const T0 = 1_790_000_000_000;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Writes v1 rows: an open episode with a running stage, a snapshot, a decision and a held lease. */
async function writeV1Rows(db: Kysely<unknown>, t: boolean | number): Promise<void> {
  await sql`insert into episodes (id, instance_id, problem, runbook, state, reason, trigger, dry_run, params, created_at, updated_at)
    values ('ep-old', 'ins-1', 'fragmentation', 'rb', 'running', 'alarm', 'alarm', ${t}, ${'{"order":6}'}, ${T0}, ${T0 + 1})`.execute(
    db,
  );
  await sql`insert into stages (id, episode_id, name, state, started_at, result)
    values ('st-old', 'ep-old', 'probe', 'running', ${T0 + 2}, ${'{"outcome":"success"}'})`.execute(db);
  await sql`insert into snapshots (id, episode_id, instance_id, taken_at, trusted, raw, summary)
    values ('sn-old', 'ep-old', 'ins-1', ${T0 + 3}, ${t}, 'Node 0, zone Normal 1 0', ${'{"verdict":"fragmented"}'})`.execute(
    db,
  );
  await sql`insert into decisions (id, at, episode_id, action, code, reason)
    values ('d-old', ${T0 + 4}, 'ep-old', 'act', 'fragmented', 'order 6 empty')`.execute(db);
  await sql`insert into leases (key, holder, expires_at) values ('node:ins-1', 'worker-1', ${T0 + 60_000})`.execute(
    db,
  );
}

/** Asserts the v1 rows read back whole through the newest store, and the new column works. */
async function expectV1RowsKept(store: Store): Promise<void> {
  const episode = await store.getEpisode('ep-old');
  expect(episode).toMatchObject({
    state: 'running',
    dryRun: true,
    params: { order: 6 },
    createdAt: T0,
    updatedAt: T0 + 1,
  });
  // joining proves the one-open-episode index survived the migration
  const joined = await store.openOrJoinEpisode({
    id: 'ep-new',
    instanceId: 'ins-1',
    problem: 'fragmentation',
    runbook: 'rb',
    reason: 'r',
    trigger: 'sweep',
    now: T0 + 9,
  });
  expect(joined).toMatchObject({ joined: true, episode: { id: 'ep-old' } });
  expect(await store.listStages('ep-old')).toEqual([
    {
      id: 'st-old',
      episodeId: 'ep-old',
      name: 'probe',
      state: 'running',
      startedAt: T0 + 2,
      endedAt: null,
      result: { outcome: 'success' },
      script: null,
    },
  ]);
  await store.updateStage('st-old', { state: 'done', script: 'probe' });
  expect((await store.listStages('ep-old'))[0]).toMatchObject({ state: 'done', script: 'probe' });
  expect(await store.listSnapshots({ episodeId: 'ep-old' })).toMatchObject([
    { id: 'sn-old', trusted: true, summary: { verdict: 'fragmented' } },
  ]);
  expect(await store.listDecisions({ episodeId: 'ep-old' })).toMatchObject([{ id: 'd-old', details: null }]);
  expect(await store.acquireLease('node:ins-1', 'worker-2', 1000, T0 + 10)).toBe(false);
}

describe('migrations', () => {
  it('are numbered in the order they run', () => {
    const names = Object.keys(migrations('sqlite'));
    expect(names).toEqual([...names].sort());
    expect(names.every((n) => /^\d{4}_[a-z_]+$/.test(n))).toBe(true);
    expect(Object.keys(migrations('postgres'))).toEqual(names);
  });

  it('move an SQLite file from schema 0001 forward without losing rows', async () => {
    const home = mkdtempSync(join(tmpdir(), 'memfrag-mig-'));
    dirs.push(home);
    const old = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new Database(join(home, 'memfrag.db')) }),
    });
    await runMigrations(old, 'sqlite', '0001_init');
    await writeV1Rows(old, 1);
    const cols = await sql<{ name: string }>`select name from pragma_table_info('stages')`.execute(old);
    expect(cols.rows.map((c) => c.name)).not.toContain('script');
    await old.destroy();

    const store = await openStore({ home });
    try {
      await expectV1RowsKept(store);
    } finally {
      await store.close();
    }
    // opening again finds nothing to do and still sees everything
    const again = await openStore({ home });
    expect(await again.getEpisode('ep-old')).not.toBeNull();
    await again.close();
  });

  const serverUrl = pgUrlForTests();
  it.skipIf(!serverUrl)(
    `move a PostgreSQL database from schema 0001 forward without losing rows${serverUrl ? '' : ` (skipped: ${PG_SKIP_REASON})`}`,
    async () => {
      const database = await createTestDatabase(serverUrl!);
      try {
        const old = new Kysely<unknown>({
          dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
        });
        await runMigrations(old, 'postgres', '0001_init');
        await writeV1Rows(old, true);
        await old.destroy();
        const store = await openStore({ url: database.url });
        try {
          await expectV1RowsKept(store);
        } finally {
          await store.close();
        }
      } finally {
        await database.drop();
      }
    },
  );
});
