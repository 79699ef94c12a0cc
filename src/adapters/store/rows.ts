/**
 * Rows to records and back, one pair per table. Reads go through the codec's readers so both engines
 * yield identical records.
 */
import type { Insertable, Selectable } from 'kysely';
import type {
  Decision,
  EffectRecord,
  Episode,
  EpisodeState,
  NewEpisode,
  Outcome,
  RunRecord,
  Snapshot,
  StageRecord,
} from '../../ports';
import { type Codec, readBool, readJson, readJsonOrNull, readTime, readTimeOrNull } from './codec';
import type {
  DecisionsTable,
  EffectsTable,
  EpisodesTable,
  RunsTable,
  SnapshotsTable,
  StagesTable,
} from './schema';

type Json = Record<string, unknown>;

/** An episodes row as an Episode. */
export function toEpisode(r: Selectable<EpisodesTable>): Episode {
  return {
    id: r.id,
    instanceId: r.instance_id,
    problem: r.problem,
    runbook: r.runbook,
    state: r.state as EpisodeState,
    outcome: r.outcome as Outcome | null,
    reason: r.reason,
    trigger: r.trigger,
    runId: r.run_id,
    dryRun: readBool(r.dry_run),
    params: readJson<Json>(r.params),
    stage: r.stage,
    createdAt: readTime(r.created_at),
    updatedAt: readTime(r.updated_at),
    closedAt: readTimeOrNull(r.closed_at),
    waitUntil: readTimeOrNull(r.wait_until),
    summary: readJsonOrNull<Json>(r.summary),
  };
}

/** A NewEpisode as the row that opens it. */
export function fromNewEpisode(e: NewEpisode, c: Codec): Insertable<EpisodesTable> {
  return {
    id: e.id,
    instance_id: e.instanceId,
    problem: e.problem,
    runbook: e.runbook,
    state: 'open',
    outcome: null,
    reason: e.reason,
    trigger: e.trigger,
    run_id: e.runId ?? null,
    dry_run: c.bool(e.dryRun ?? false),
    params: c.json(e.params ?? {}),
    stage: null,
    created_at: e.now,
    updated_at: e.now,
    closed_at: null,
    wait_until: null,
    summary: null,
  };
}

/** A stages row as a StageRecord. */
export function toStage(r: Selectable<StagesTable>): StageRecord {
  return {
    id: r.id,
    episodeId: r.episode_id,
    name: r.name,
    state: r.state as StageRecord['state'],
    startedAt: readTime(r.started_at),
    endedAt: readTimeOrNull(r.ended_at),
    result: readJsonOrNull<Json>(r.result),
    script: r.script,
  };
}

/** A StageRecord as a row. */
export function fromStage(s: StageRecord, c: Codec): Insertable<StagesTable> {
  return {
    id: s.id,
    episode_id: s.episodeId,
    name: s.name,
    state: s.state,
    started_at: s.startedAt,
    ended_at: s.endedAt,
    result: c.jsonOrNull(s.result),
    script: s.script ?? null,
  };
}

/** A snapshots row as a Snapshot. */
export function toSnapshot(r: Selectable<SnapshotsTable>): Snapshot {
  return {
    id: r.id,
    episodeId: r.episode_id,
    stageId: r.stage_id,
    runId: r.run_id,
    instanceId: r.instance_id,
    takenAt: readTime(r.taken_at),
    trusted: readBool(r.trusted),
    raw: r.raw,
    summary: readJson<Json>(r.summary),
  };
}

/** A Snapshot as a row. */
export function fromSnapshot(s: Snapshot, c: Codec): Insertable<SnapshotsTable> {
  return {
    id: s.id,
    episode_id: s.episodeId,
    stage_id: s.stageId,
    run_id: s.runId,
    instance_id: s.instanceId,
    taken_at: s.takenAt,
    trusted: c.bool(s.trusted),
    raw: c.text(s.raw),
    summary: c.json(s.summary),
  };
}

/** An effects row as an EffectRecord. */
export function toEffect(r: Selectable<EffectsTable>): EffectRecord {
  return {
    id: r.id,
    episodeId: r.episode_id,
    stageId: r.stage_id,
    instanceId: r.instance_id,
    at: readTime(r.at),
    effect: readJson<Json>(r.effect),
  };
}

/** An EffectRecord as a row. */
export function fromEffect(e: EffectRecord, c: Codec): Insertable<EffectsTable> {
  return {
    id: e.id,
    episode_id: e.episodeId,
    stage_id: e.stageId,
    instance_id: e.instanceId,
    at: e.at,
    effect: c.json(e.effect),
  };
}

/** A decisions row as a Decision. */
export function toDecision(r: Selectable<DecisionsTable>): Decision {
  return {
    id: r.id,
    at: readTime(r.at),
    episodeId: r.episode_id,
    runId: r.run_id,
    instanceId: r.instance_id,
    action: r.action,
    code: r.code,
    reason: r.reason,
    details: readJsonOrNull<Json>(r.details),
  };
}

/** A Decision as a row. */
export function fromDecision(d: Decision, c: Codec): Insertable<DecisionsTable> {
  return {
    id: d.id,
    at: d.at,
    episode_id: d.episodeId,
    run_id: d.runId,
    instance_id: d.instanceId,
    action: d.action,
    code: d.code,
    reason: d.reason,
    details: c.jsonOrNull(d.details),
  };
}

/** A runs row as a RunRecord. */
export function toRun(r: Selectable<RunsTable>): RunRecord {
  return {
    id: r.id,
    kind: r.kind as RunRecord['kind'],
    parentId: r.parent_id,
    state: r.state as RunRecord['state'],
    startedAt: readTime(r.started_at),
    endedAt: readTimeOrNull(r.ended_at),
    summary: readJsonOrNull<Json>(r.summary),
  };
}

/** A RunRecord as a row. */
export function fromRun(r: RunRecord, c: Codec): Insertable<RunsTable> {
  return {
    id: r.id,
    kind: r.kind,
    parent_id: r.parentId,
    state: r.state,
    started_at: r.startedAt,
    ended_at: r.endedAt,
    summary: c.jsonOrNull(r.summary),
  };
}
