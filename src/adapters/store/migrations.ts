/**
 * The schema as numbered migrations, run forward on every open. A shipped migration is never edited:
 * a change is a new number, so a file or database from any older version moves forward without loss.
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import type { Engine } from './schema';

type ColType = 'text' | 'bigint' | 'integer' | 'boolean' | 'jsonb';

/** Column types per engine: PostgreSQL gets bigint/boolean/jsonb, SQLite their integer/text forms. */
function types(engine: Engine): { time: ColType; bool: ColType; json: ColType } {
  return engine === 'postgres'
    ? { time: 'bigint', bool: 'boolean', json: 'jsonb' }
    : { time: 'integer', bool: 'integer', json: 'text' };
}

async function createRecordTables(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const t = types(engine);
  await db.schema
    .createTable('episodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('problem', 'text', (c) => c.notNull())
    .addColumn('runbook', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('dry_run', t.bool, (c) => c.notNull())
    .addColumn('params', t.json, (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .addColumn('closed_at', t.time)
    .addColumn('wait_until', t.time)
    .addColumn('summary', t.json)
    .execute();
  await db.schema
    .createTable('stages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('episode_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', t.time, (c) => c.notNull())
    .addColumn('ended_at', t.time)
    .addColumn('result', t.json)
    .execute();
  await db.schema
    .createTable('snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('episode_id', 'text')
    .addColumn('stage_id', 'text')
    .addColumn('run_id', 'text')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('taken_at', t.time, (c) => c.notNull())
    .addColumn('trusted', t.bool, (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('summary', t.json, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('effects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('episode_id', 'text', (c) => c.notNull())
    .addColumn('stage_id', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('effect', t.json, (c) => c.notNull())
    .execute();
}

async function createControlTables(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const t = types(engine);
  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('episode_id', 'text')
    .addColumn('run_id', 'text')
    .addColumn('instance_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('details', t.json)
    .execute();
  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', t.time, (c) => c.notNull())
    .addColumn('ended_at', t.time)
    .addColumn('summary', t.json)
    .execute();
  await db.schema
    .createTable('leases')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('dedup')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('episode_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.time, (c) => c.notNull())
    .execute();
}

/** Indexes for the queries the Store makes: history by instance, by time, by run, by episode. */
const INDEXES: ReadonlyArray<[name: string, table: string, columns: string[]]> = [
  ['episodes_instance_created', 'episodes', ['instance_id', 'problem', 'created_at']],
  ['episodes_created', 'episodes', ['created_at']],
  ['episodes_run', 'episodes', ['run_id']],
  ['stages_episode', 'stages', ['episode_id', 'started_at']],
  ['snapshots_episode', 'snapshots', ['episode_id', 'taken_at']],
  ['snapshots_run', 'snapshots', ['run_id', 'taken_at']],
  ['snapshots_instance', 'snapshots', ['instance_id', 'taken_at']],
  ['effects_episode', 'effects', ['episode_id', 'at']],
  ['decisions_episode', 'decisions', ['episode_id', 'at']],
  ['decisions_run', 'decisions', ['run_id', 'at']],
  ['decisions_instance', 'decisions', ['instance_id', 'at']],
  ['decisions_at', 'decisions', ['at']],
  ['runs_started', 'runs', ['started_at']],
  ['runs_kind_started', 'runs', ['kind', 'started_at']],
  ['runs_parent', 'runs', ['parent_id']],
];

async function createIndexes(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
  // Exactly one open episode per (instance, problem): the partial unique index is the arbiter under
  // concurrent openers, not application code.
  await db.schema
    .createIndex('episodes_one_open')
    .unique()
    .on('episodes')
    .columns(['instance_id', 'problem'])
    .where(sql.ref('state'), '<>', 'closed')
    .execute();
}

/** The migrations for one engine, by name; names sort in the order they run. */
export function migrations(engine: Engine): Record<string, Migration> {
  return {
    '0001_init': {
      up: async (db) => {
        await createRecordTables(db, engine);
        await createControlTables(db, engine);
        await createIndexes(db);
      },
    },
    '0002_stage_script': {
      // the constant script a stage ran (`probe`, `drop-caches`, ...), for the record
      up: async (db) => {
        await db.schema.alterTable('stages').addColumn('script', 'text').execute();
      },
    },
  };
}

/** A static provider over `migrations(engine)`, optionally cut at `upTo` (tests build old schemas). */
export function migrationProvider(engine: Engine, upTo?: string): MigrationProvider {
  const all = migrations(engine);
  const names = Object.keys(all).filter((n) => upTo === undefined || n <= upTo);
  return {
    getMigrations: async () => Object.fromEntries(names.map((n) => [n, all[n] as Migration])),
  };
}
