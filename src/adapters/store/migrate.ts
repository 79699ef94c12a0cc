/**
 * Runs the migrations forward. PostgreSQL: kysely's Migrator takes a transaction-scoped advisory lock,
 * so two instances opening at once migrate once. SQLite: kysely takes no lock there, so the whole run
 * goes inside one `BEGIN IMMEDIATE` (the file's write lock, waited for through busy_timeout); a second
 * process then finds nothing left to do, and a crash mid-migration rolls back.
 */
import { type Kysely, Migrator, sql } from 'kysely';
import { MemfragError } from '../../errors';
import { migrationProvider } from './migrations';
import type { Engine } from './schema';

/** Brings the schema up to the newest migration (or to `upTo`, for tests that build old files). */
export async function runMigrations(db: Kysely<unknown>, engine: Engine, upTo?: string): Promise<void> {
  if (engine === 'postgres') return migrateWith(db, engine, upTo);
  await db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      await migrateWith(conn, engine, upTo);
      await sql`commit`.execute(conn);
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}

async function migrateWith(db: Kysely<unknown>, engine: Engine, upTo?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(engine, upTo) });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MemfragError(failed ? `store migration ${failed} failed` : 'store migration failed', {
      cause: error,
    });
  }
}
