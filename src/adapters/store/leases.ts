/**
 * Leases, counting semaphores and dedup keys. Each take is ONE upsert statement whose conflict branch
 * only fires when the row is expired (or already ours), so the database, not a read-then-write in our
 * code, decides the single winner: PostgreSQL re-checks the WHERE on the locked, latest row version,
 * and SQLite runs the statement under its one writer lock.
 */
import { type Kysely, sql } from 'kysely';
import type { Db } from './schema';

/** Takes or renews `key` for `holder` until now+ttlMs; false when another holder has it unexpired. */
export async function acquireLease(
  db: Kysely<Db>,
  key: string,
  holder: string,
  ttlMs: number,
  now: number,
): Promise<boolean> {
  const row = await db
    .insertInto('leases')
    .values({ key, holder, expires_at: now + ttlMs })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => ({
          holder: eb.ref('excluded.holder'),
          expires_at: eb.ref('excluded.expires_at'),
        }))
        .where((eb) =>
          eb.or([eb('leases.expires_at', '<=', now), eb('leases.holder', '=', eb.ref('excluded.holder'))]),
        ),
    )
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/** Releases `key` only when `holder` holds it. */
export async function releaseLease(db: Kysely<Db>, key: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('key', '=', key).where('holder', '=', holder).execute();
}

function slotKey(pool: string, i: number): string {
  return `${pool}:${i}`;
}

/**
 * Takes one of `limit` slots of `pool`: renews the slot the holder already has, else tries slots
 * 0..limit-1 in turn. Each slot is a lease, so at most `limit` holders win without a transaction.
 */
export async function acquireSlot(
  db: Kysely<Db>,
  pool: string,
  holder: string,
  limit: number,
  ttlMs: number,
  now: number,
): Promise<boolean> {
  const keys = Array.from({ length: limit }, (_, i) => slotKey(pool, i));
  if (keys.length === 0) return false;
  const mine = await db
    .selectFrom('leases')
    .select('key')
    .where('key', 'in', keys)
    .where('holder', '=', holder)
    .executeTakeFirst();
  if (mine && (await acquireLease(db, mine.key, holder, ttlMs, now))) return true;
  for (const key of keys) {
    if (await acquireLease(db, key, holder, ttlMs, now)) return true;
  }
  return false;
}

/** Releases every slot of `pool` held by `holder` (a prefix match: slots beyond today's limit too). */
export async function releaseSlot(db: Kysely<Db>, pool: string, holder: string): Promise<void> {
  const prefix = `${pool}:`;
  // substr, not LIKE: pool names may contain % or _; not a range either, which depends on collation
  await db
    .deleteFrom('leases')
    .where('holder', '=', holder)
    .where(sql<string>`substr(${sql.ref('key')}, 1, ${prefix.length})`, '=', prefix)
    .execute();
}

/**
 * Claims `key` for `episodeId` until now+ttlMs. The first claimant wins until expiry; a repeat claim by
 * the winner itself counts as claimed, so retries are idempotent.
 */
export async function claimDedup(
  db: Kysely<Db>,
  key: string,
  episodeId: string,
  ttlMs: number,
  now: number,
): Promise<{ claimed: boolean; episodeId: string }> {
  const won = await db
    .insertInto('dedup')
    .values({ key, episode_id: episodeId, expires_at: now + ttlMs })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => ({
          episode_id: eb.ref('excluded.episode_id'),
          expires_at: eb.ref('excluded.expires_at'),
        }))
        .where('dedup.expires_at', '<=', now),
    )
    .returning('episode_id')
    .executeTakeFirst();
  if (won) return { claimed: true, episodeId };
  // rows are never deleted, so the winner's row is there to read
  const row = await db
    .selectFrom('dedup')
    .select('episode_id')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return { claimed: row.episode_id === episodeId, episodeId: row.episode_id };
}
