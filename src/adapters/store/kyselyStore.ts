/**
 * The Store port over kysely: the same queries on SQLite and PostgreSQL, with the engine's differences
 * kept in the codec and the migrations.
 */
import type { Kysely, Updateable } from 'kysely';
import { MemfragError } from '../../errors';
import type { RunRecord, StageRecord, Store } from '../../ports';
import { codecFor } from './codec';
import * as episodes from './episodes';
import * as leases from './leases';
import {
  fromDecision,
  fromEffect,
  fromRun,
  fromSnapshot,
  fromStage,
  toDecision,
  toEffect,
  toRun,
  toSnapshot,
  toStage,
} from './rows';
import type { Db, Engine, RunsTable, StagesTable } from './schema';

type StagePatch = Partial<Omit<StageRecord, 'id' | 'episodeId'>>;
type RunPatch = Partial<Omit<RunRecord, 'id'>>;

/** Builds the Store over an open, migrated database; `close` destroys `db`. */
export function createKyselyStore(db: Kysely<Db>, engine: Engine): Store {
  const c = codecFor(engine);
  return {
    openOrJoinEpisode: (input) => episodes.openOrJoinEpisode(db, c, input),
    getEpisode: (id) => episodes.getEpisode(db, id),
    listEpisodes: (filter) => episodes.listEpisodes(db, filter),
    updateEpisode: (id, patch) => episodes.updateEpisode(db, c, id, patch),
    lastClosedEpisode: (instanceId, problem) => episodes.lastClosedEpisode(db, instanceId, problem),
    countEpisodesSince: (instanceId, problem, since) =>
      episodes.countEpisodesSince(db, instanceId, problem, since),

    addStage: async (stage) => {
      await db.insertInto('stages').values(fromStage(stage, c)).execute();
    },
    updateStage: async (id, patch) => {
      const set = stageSet(patch, c.jsonOrNull);
      if (Object.keys(set).length === 0) return;
      const r = await db.updateTable('stages').set(set).where('id', '=', id).executeTakeFirst();
      if (r.numUpdatedRows === 0n) throw new MemfragError(`stage ${id} not found`);
    },
    listStages: async (episodeId) =>
      (
        await db
          .selectFrom('stages')
          .selectAll()
          .where('episode_id', '=', episodeId)
          .orderBy('started_at')
          .orderBy('id')
          .execute()
      ).map(toStage),

    addSnapshot: async (snapshot) => {
      await db.insertInto('snapshots').values(fromSnapshot(snapshot, c)).execute();
    },
    listSnapshots: async (f) => {
      let q = db.selectFrom('snapshots').selectAll();
      if (f.episodeId !== undefined) q = q.where('episode_id', '=', f.episodeId);
      if (f.runId !== undefined) q = q.where('run_id', '=', f.runId);
      if (f.instanceId !== undefined) q = q.where('instance_id', '=', f.instanceId);
      return (await q.orderBy('taken_at').orderBy('id').execute()).map(toSnapshot);
    },

    addEffect: async (effect) => {
      await db.insertInto('effects').values(fromEffect(effect, c)).execute();
    },
    listEffects: async (episodeId) =>
      (
        await db
          .selectFrom('effects')
          .selectAll()
          .where('episode_id', '=', episodeId)
          .orderBy('at')
          .orderBy('id')
          .execute()
      ).map(toEffect),

    addDecision: async (decision) => {
      await db.insertInto('decisions').values(fromDecision(decision, c)).execute();
    },
    listDecisions: async (f) => {
      let q = db.selectFrom('decisions').selectAll();
      if (f.episodeId !== undefined) q = q.where('episode_id', '=', f.episodeId);
      if (f.runId !== undefined) q = q.where('run_id', '=', f.runId);
      if (f.instanceId !== undefined) q = q.where('instance_id', '=', f.instanceId);
      if (f.since !== undefined) q = q.where('at', '>=', f.since);
      return (await q.orderBy('at').orderBy('id').execute()).map(toDecision);
    },

    addRun: async (run) => {
      await db.insertInto('runs').values(fromRun(run, c)).execute();
    },
    updateRun: async (id, patch) => {
      const set = runSet(patch, c.jsonOrNull);
      if (Object.keys(set).length === 0) return;
      const r = await db.updateTable('runs').set(set).where('id', '=', id).executeTakeFirst();
      if (r.numUpdatedRows === 0n) throw new MemfragError(`run ${id} not found`);
    },
    getRun: async (id) => {
      const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRun(row) : null;
    },
    listRuns: async (f) => {
      let q = db.selectFrom('runs').selectAll();
      if (f.since !== undefined) q = q.where('started_at', '>=', f.since);
      if (f.kind !== undefined) q = q.where('kind', '=', f.kind);
      q = q.orderBy('started_at', 'desc').orderBy('id', 'desc');
      if (f.limit !== undefined) q = q.limit(f.limit);
      return (await q.execute()).map(toRun);
    },

    acquireLease: (key, holder, ttlMs, now) => leases.acquireLease(db, key, holder, ttlMs, now),
    releaseLease: (key, holder) => leases.releaseLease(db, key, holder),
    acquireSlot: (pool, holder, limit, ttlMs, now) => leases.acquireSlot(db, pool, holder, limit, ttlMs, now),
    releaseSlot: (pool, holder) => leases.releaseSlot(db, pool, holder),
    claimDedup: (key, episodeId, ttlMs, now) => leases.claimDedup(db, key, episodeId, ttlMs, now),

    close: () => db.destroy(),
  };
}

function stageSet(p: StagePatch, json: (v: unknown) => string | null): Updateable<StagesTable> {
  const set: Updateable<StagesTable> = {};
  if (p.name !== undefined) set.name = p.name;
  if (p.state !== undefined) set.state = p.state;
  if (p.startedAt !== undefined) set.started_at = p.startedAt;
  if (p.endedAt !== undefined) set.ended_at = p.endedAt;
  if (p.result !== undefined) set.result = json(p.result);
  if (p.script !== undefined) set.script = p.script;
  return set;
}

function runSet(p: RunPatch, json: (v: unknown) => string | null): Updateable<RunsTable> {
  const set: Updateable<RunsTable> = {};
  if (p.kind !== undefined) set.kind = p.kind;
  if (p.parentId !== undefined) set.parent_id = p.parentId;
  if (p.state !== undefined) set.state = p.state;
  if (p.startedAt !== undefined) set.started_at = p.startedAt;
  if (p.endedAt !== undefined) set.ended_at = p.endedAt;
  if (p.summary !== undefined) set.summary = json(p.summary);
  return set;
}
