/**
 * Opens the store: PostgreSQL for `postgres://` URLs (deployments, many function instances sharing one
 * database), else the embedded SQLite file `<home>/memfrag.db`. Migrations run forward on every open.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { InputError, MemfragError } from '../../errors';
import type { Store } from '../../ports';
import { createKyselyStore } from './kyselyStore';
import { runMigrations } from './migrate';
import { redactSecret, redactUrl } from './redactUrl';
import type { Db, Engine } from './schema';

/** Where the store lives; `url` wins over `home`. */
export interface StoreOptions {
  /** `postgres://` or `postgresql://` URL (MEMFRAG_DATABASE_URL) */
  url?: string;
  /** directory of the SQLite file (MEMFRAG_HOME); default `.memfrag` in the current directory */
  home?: string;
  /** PostgreSQL pool size; small by default because every function instance has its own pool */
  poolSize?: number;
  /** PostgreSQL client-side limit per query, ms: a dead server surfaces as an error, never a hang */
  queryTimeoutMs?: number;
}

/** The SQLite file name inside `home`. */
export const SQLITE_FILE = 'memfrag.db';

/** Opens and migrates the store. */
export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  if (opts.url !== undefined && opts.url !== '') {
    if (!/^postgres(ql)?:\/\//.test(opts.url)) {
      throw new InputError(`unsupported database URL ${redactUrl(opts.url)}: expected postgres://...`, {
        field: 'url',
      });
    }
    return openPostgres(opts.url, opts);
  }
  return openSqlite(opts.home ?? '.memfrag');
}

async function openPostgres(url: string, opts: StoreOptions): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 5,
    application_name: 'memfrag',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 10_000,
    query_timeout: opts.queryTimeoutMs ?? 30_000,
    keepAlive: true,
  });
  // A server restart cuts every connection. Idle ones surface on the pool, checked-out ones on the
  // client (after their query has already failed); unheard, either would crash the process. The pool
  // drops dead clients, so the next call reconnects.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Db>({ dialect: new PostgresDialect({ pool }) });
  return migrateOrClose(
    db,
    'postgres',
    (err) => `cannot open the store at ${redactUrl(url)}: ${redactSecret(err, url)}`,
  );
}

async function openSqlite(home: string): Promise<Store> {
  const dir = resolve(home);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, SQLITE_FILE);
  // loaded on demand: the native driver is not in the cloud function bundles (they use PostgreSQL)
  const { default: Database } = await import('better-sqlite3');
  const database = new Database(file);
  // busy_timeout first: switching to WAL takes a lock another process may hold
  database.pragma('busy_timeout = 10000');
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Db>({ dialect: new SqliteDialect({ database }) });
  return migrateOrClose(db, 'sqlite', (err) => `cannot open the store at ${file}: ${err}`);
}

async function migrateOrClose(
  db: Kysely<Db>,
  engine: Engine,
  describe: (err: string) => string,
): Promise<Store> {
  try {
    await runMigrations(db as Kysely<unknown>, engine);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw new MemfragError(describe(errorText(err)), { cause: err });
  }
  return createKyselyStore(db, engine);
}

function errorText(err: unknown): string {
  const inner = err instanceof MemfragError && err.cause !== undefined ? err.cause : err;
  const msg = err instanceof Error ? err.message : String(err);
  const innerMsg = inner instanceof Error ? inner.message : String(inner);
  return inner === err ? msg : `${msg}: ${innerMsg}`;
}
