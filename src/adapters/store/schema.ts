/**
 * The tables as kysely sees them. Reads are typed loosely on purpose (PostgreSQL returns bigint as a
 * string, SQLite returns booleans as 0/1, jsonb arrives parsed while SQLite text does not); `codec.ts`
 * turns them into the records of `src/ports.ts`.
 */
import type { ColumnType } from 'kysely';

/** Epoch milliseconds: `bigint` in PostgreSQL (read back as a string), `integer` in SQLite. */
export type TimeCol = ColumnType<number | string, number, number>;
export type NullableTimeCol = ColumnType<number | string | null, number | null, number | null>;
/** JSON: `jsonb` in PostgreSQL (read back parsed), `text` in SQLite; always written as JSON text. */
export type JsonCol = ColumnType<unknown, string, string>;
export type NullableJsonCol = ColumnType<unknown, string | null, string | null>;
/** `boolean` in PostgreSQL, `integer` 0/1 in SQLite. */
export type BoolCol = ColumnType<boolean | number, boolean | number, boolean | number>;

export interface EpisodesTable {
  id: string;
  instance_id: string;
  problem: string;
  runbook: string;
  state: string;
  outcome: string | null;
  reason: string;
  trigger: string;
  run_id: string | null;
  dry_run: BoolCol;
  params: JsonCol;
  stage: string | null;
  created_at: TimeCol;
  updated_at: TimeCol;
  closed_at: NullableTimeCol;
  wait_until: NullableTimeCol;
  summary: NullableJsonCol;
}

export interface StagesTable {
  id: string;
  episode_id: string;
  name: string;
  state: string;
  started_at: TimeCol;
  ended_at: NullableTimeCol;
  result: NullableJsonCol;
  /** added by 0002_stage_script */
  script: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SnapshotsTable {
  id: string;
  episode_id: string | null;
  stage_id: string | null;
  run_id: string | null;
  instance_id: string;
  taken_at: TimeCol;
  trusted: BoolCol;
  raw: string;
  summary: JsonCol;
}

export interface EffectsTable {
  id: string;
  episode_id: string;
  stage_id: string;
  instance_id: string;
  at: TimeCol;
  effect: JsonCol;
}

export interface DecisionsTable {
  id: string;
  at: TimeCol;
  episode_id: string | null;
  run_id: string | null;
  instance_id: string | null;
  action: string;
  code: string;
  reason: string;
  details: NullableJsonCol;
}

export interface RunsTable {
  id: string;
  kind: string;
  parent_id: string | null;
  state: string;
  started_at: TimeCol;
  ended_at: NullableTimeCol;
  summary: NullableJsonCol;
}

export interface LeasesTable {
  key: string;
  holder: string;
  expires_at: TimeCol;
}

export interface DedupTable {
  key: string;
  episode_id: string;
  expires_at: TimeCol;
}

/** The whole database, for `Kysely<Db>`. */
export interface Db {
  episodes: EpisodesTable;
  stages: StagesTable;
  snapshots: SnapshotsTable;
  effects: EffectsTable;
  decisions: DecisionsTable;
  runs: RunsTable;
  leases: LeasesTable;
  dedup: DedupTable;
}

/** Which engine a store runs on; the codec and the migrations branch on it. */
export type Engine = 'sqlite' | 'postgres';
