/** The engine's requests, reports, dependencies and per-episode working state. */
import type { Runbook, RunbookParams } from '../../runbooks/runbook';
import type { Rules } from '../domain/rules';
import type { Diagnosis, StageKind } from '../domain/types';
import type { Clock, Decision, Episode, EpisodeState, Executor, Outcome, Store } from '../ports';
import type { Assessment } from './assess';
import type { EngineConfig } from './config';
import type { DoneStage } from './nextStage';

/** A request to run a runbook on one node, from any trigger. */
export interface EpisodeRequest {
  instanceId: string;
  /** default `fragmentation` */
  runbook?: string;
  trigger: 'alarm' | 'manual' | 'sweep' | 'cli';
  reason: string;
  dryRun?: boolean;
  /** runbook parameter overrides, validated against the runbook */
  params?: unknown;
  /** the trigger's own idempotency key (alarm id, request id): a repeat joins the first episode */
  dedupKey?: string;
  /** epoch ms: no stage starts that cannot finish (with its re-probe) before this */
  deadline?: number;
  /** ask for approval before compaction even when the engine's config does not */
  requireApproval?: boolean;
  /** compaction is approved up front (manual API) */
  approved?: boolean;
  /** only these stage kinds may run in this invocation (manual API); absent = the runbook's stages */
  stages?: readonly StageKind[];
}

/** Fleet-wide limits of one run. */
export interface FleetBudgets {
  /** compactions at once in this run: a count, a percent of the fleet, or both (the smaller wins) */
  maxConcurrentCompactions?: { count?: number; percent?: number };
  /** failed tasks tolerated; one more opens the circuit and stops the run */
  maxErrors?: number;
  /** the first `size` nodes run alone; the rest run only when their measured effect is good enough */
  canary?: { size: number; minSuccessRatio?: number };
  /** epoch ms for the whole run */
  deadline?: number;
}

/** What happened to one request. */
export interface EpisodeReport {
  instanceId: string;
  episodeId: string | null;
  joined: boolean;
  state: EpisodeState | null;
  outcome: Outcome | null;
  verdict: string | null;
  /** the last decision's code: `resolved`, `cooldown`, `joined-episode`, `awaiting-approval`, ... */
  code: string;
  reason: string;
  stages: { name: string; state: string; effect?: string }[];
  decisions: Decision[];
}

/** What happened in one fleet run. */
export interface RunReport {
  runId: string;
  state: 'done' | 'stopped';
  episodes: EpisodeReport[];
  /** run-level decisions (canary gate, circuit breaker) */
  decisions: Decision[];
  errors: number;
}

/** Structured logger (pino-compatible subset). */
export interface EngineLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface EngineDeps {
  store: Store;
  executor: Executor;
  clock: Clock;
  config: EngineConfig;
  rules?: Rules;
  log?: EngineLog;
  /** plan and record only: no stage runs, not even for episodes opened before the flag was set */
  dryRun?: boolean;
}

/** The working state of one episode inside one engine invocation. */
export interface EpisodeContext {
  request: EpisodeRequest;
  runbook: Runbook;
  params: RunbookParams;
  episode: Episode;
  /** this invocation's lease holder id (never the episode id: a joining trigger must not share it) */
  holder: string;
  joined: boolean;
  approved: boolean;
  done: DoneStage[];
  initial: Diagnosis | null;
  current: Assessment | null;
  failed: boolean;
  finished: boolean;
  code: string;
  reason: string;
  decisions: Decision[];
}

/** Mutable state of a fleet run shared by its batches. */
export interface FleetState {
  runId: string | null;
  errors: number;
  maxErrors: number;
  circuitOpen: boolean;
  compactionChunk: number;
  deadline?: number;
  decisions: Decision[];
}
