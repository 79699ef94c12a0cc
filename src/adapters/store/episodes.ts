/**
 * Episode queries. Opening relies on the partial unique index `episodes_one_open`: the insert either
 * creates the one open episode for (instance, problem) or does nothing, and everyone then reads the
 * same open row, so concurrent openers from any number of processes agree on one episode.
 */
import type { Kysely, Updateable } from 'kysely';
import { MemfragError } from '../../errors';
import type { Episode, EpisodeFilter, EpisodePatch, NewEpisode } from '../../ports';
import type { Codec } from './codec';
import { fromNewEpisode, toEpisode } from './rows';
import type { Db, EpisodesTable } from './schema';

// The open row can close between our insert and our read; a few rounds settle it.
const OPEN_ATTEMPTS = 5;

/** Opens the episode for (instanceId, problem) or joins the open one. */
export async function openOrJoinEpisode(
  db: Kysely<Db>,
  codec: Codec,
  input: NewEpisode,
): Promise<{ episode: Episode; joined: boolean }> {
  for (let i = 0; i < OPEN_ATTEMPTS; i++) {
    await db
      .insertInto('episodes')
      .values(fromNewEpisode(input, codec))
      .onConflict((oc) => oc.doNothing())
      .execute();
    const open = await db
      .selectFrom('episodes')
      .selectAll()
      .where('instance_id', '=', input.instanceId)
      .where('problem', '=', input.problem)
      .where('state', '<>', 'closed')
      .executeTakeFirst();
    if (open) return { episode: toEpisode(open), joined: open.id !== input.id };
  }
  throw new MemfragError(
    `cannot open an episode for ${input.instanceId}/${input.problem}: episode id ${input.id} is already used`,
  );
}

/** One episode by id, or null. */
export async function getEpisode(db: Kysely<Db>, id: string): Promise<Episode | null> {
  const row = await db.selectFrom('episodes').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toEpisode(row) : null;
}

/** Episodes matching the filter, newest first. */
export async function listEpisodes(db: Kysely<Db>, f: EpisodeFilter): Promise<Episode[]> {
  if (f.states && f.states.length === 0) return [];
  let q = db.selectFrom('episodes').selectAll();
  if (f.instanceId !== undefined) q = q.where('instance_id', '=', f.instanceId);
  if (f.problem !== undefined) q = q.where('problem', '=', f.problem);
  if (f.runId !== undefined) q = q.where('run_id', '=', f.runId);
  if (f.states) q = q.where('state', 'in', f.states);
  if (f.since !== undefined) q = q.where('created_at', '>=', f.since);
  q = q.orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (f.limit !== undefined) q = q.limit(f.limit);
  return (await q.execute()).map(toEpisode);
}

/** Applies a patch; closing without an explicit closedAt stamps it with `now`. */
export async function updateEpisode(
  db: Kysely<Db>,
  codec: Codec,
  id: string,
  p: EpisodePatch,
): Promise<Episode> {
  const set: Updateable<EpisodesTable> = { updated_at: p.now };
  if (p.state !== undefined) set.state = p.state;
  if (p.outcome !== undefined) set.outcome = p.outcome;
  if (p.stage !== undefined) set.stage = p.stage;
  if (p.closedAt !== undefined) set.closed_at = p.closedAt;
  else if (p.state === 'closed') set.closed_at = p.now;
  if (p.waitUntil !== undefined) set.wait_until = p.waitUntil;
  if (p.summary !== undefined) set.summary = codec.jsonOrNull(p.summary);
  const row = await db
    .updateTable('episodes')
    .set(set)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new MemfragError(`episode ${id} not found`);
  return toEpisode(row);
}

/** The most recently closed episode for (instanceId, problem), for cooldowns. */
export async function lastClosedEpisode(
  db: Kysely<Db>,
  instanceId: string,
  problem: string,
): Promise<Episode | null> {
  const row = await db
    .selectFrom('episodes')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('problem', '=', problem)
    .where('state', '=', 'closed')
    .orderBy((eb) => eb.fn.coalesce('closed_at', 'updated_at'), 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toEpisode(row) : null;
}

/** How many episodes for (instanceId, problem) were created at or after `since`. */
export async function countEpisodesSince(
  db: Kysely<Db>,
  instanceId: string,
  problem: string,
  since: number,
): Promise<number> {
  const row = await db
    .selectFrom('episodes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('instance_id', '=', instanceId)
    .where('problem', '=', problem)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
