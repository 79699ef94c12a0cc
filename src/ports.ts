/**
 * The ports: small structural interfaces through which the engine and the app reach the world.
 * Adapters in src/adapters implement them; src/config.ts wires the real ones; tests wire real local ones
 * (SQLite file, PostgreSQL server, the TAT emulator over HTTP, this host's kernel).
 */

// ---------------------------------------------------------------- Executor

/** A shell command ready to send: built only by `runbooks/` from constant scripts and validated parameters. */
export interface Command {
  /** the script's name (`probe`, `drop-caches`, `compact`, ...), for records and logs */
  name: string;
  /** the whole shell text */
  content: string;
}

/** How one instance's task ended, in our own small vocabulary (TAT's 13 statuses map onto it). */
export const TaskOutcome = {
  /** ran and exited 0 */
  Success: 'success',
  /** ran and exited non-zero */
  Failed: 'failed',
  /** ran past its timeout and was killed (exit code -1) */
  Timeout: 'timeout',
  /** never reached the node (agent offline/missing, instance stopped, delivery failed, agent silent) */
  NotDelivered: 'not-delivered',
  /** reached the node but could not start */
  StartFailed: 'start-failed',
  /** cancelled by us (deadline) before or while running */
  Cancelled: 'cancelled',
  /** still unknown when we stopped waiting */
  Unknown: 'unknown',
} as const;
export type TaskOutcome = (typeof TaskOutcome)[keyof typeof TaskOutcome];

/** The result of one command on one instance. */
export interface TaskResult {
  instanceId: string;
  outcome: TaskOutcome;
  /** the command reached the node */
  delivered: boolean;
  /** the command started on the node (so it may have had effects) */
  ran: boolean;
  exitCode: number | null;
  /** stdout with stderr merged, as much as was kept */
  output: string;
  /** bytes of output dropped beyond the cap; output is untrusted when > 0 */
  dropped: number;
  outputComplete: boolean;
  /** a readable reason when the task did not succeed */
  error?: string;
  /** the executor's own id of the task (TAT InvocationTaskId), for tracing */
  taskId?: string;
  startedAt?: number;
  endedAt?: number;
}

export interface RunOptions {
  /** per-command timeout on the node, seconds */
  timeoutSeconds: number;
  /** epoch ms after which we stop waiting and cancel what is left */
  deadline?: number;
  signal?: AbortSignal;
  /** called as results arrive, for progress display */
  onResult?: (result: TaskResult) => void;
}

/** Runs one command on many instances and reports one result per instance, in the order given. */
export interface Executor {
  run(command: Command, instanceIds: readonly string[], opts: RunOptions): Promise<TaskResult[]>;
}

// ---------------------------------------------------------------- Targets

export interface Target {
  instanceId: string;
  privateIp?: string;
  name?: string;
  clusterId?: string;
  nodeName?: string;
}

/** How a request names its nodes. */
export type TargetSelector =
  | { kind: 'instances'; instanceIds: string[] }
  | { kind: 'private-ips'; ips: string[] }
  | { kind: 'cluster'; clusterId: string }
  | { kind: 'tags'; tags: Record<string, string> }
  | { kind: 'all' };

export interface TargetResolver {
  resolve(selector: TargetSelector): Promise<Target[]>;
}

// ---------------------------------------------------------------- Clock, Invoker, Notifier

/** Time goes through here so tests move it instead of sleeping. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};

/** Hands work to another function run asynchronously (SCF Invoke, InvocationType Event). */
export interface Invoker {
  invokeAsync(functionName: string, payload: unknown): Promise<void>;
}

export interface Notifier {
  notify(summary: NotificationSummary): Promise<void>;
}

export interface NotificationSummary {
  title: string;
  episodeId?: string;
  runId?: string;
  instanceId?: string;
  verdict?: string;
  outcome?: string;
  lines: string[];
}

// ---------------------------------------------------------------- Store

export const EpisodeState = {
  Open: 'open',
  Running: 'running',
  AwaitingApproval: 'awaiting-approval',
  Closed: 'closed',
} as const;
export type EpisodeState = (typeof EpisodeState)[keyof typeof EpisodeState];

export const Outcome = {
  Resolved: 'resolved',
  Improved: 'improved',
  NoEffect: 'no-effect',
  Regressed: 'regressed',
  Failed: 'failed',
  Skipped: 'skipped',
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

export interface Episode {
  id: string;
  instanceId: string;
  /** the problem this episode is about (`fragmentation`); one open episode per (instanceId, problem) */
  problem: string;
  runbook: string;
  state: EpisodeState;
  outcome: Outcome | null;
  /** why it was opened (alarm text, operator reason, sweep) */
  reason: string;
  /** the trigger that opened it: `alarm` | `manual` | `sweep` | `cli` */
  trigger: string;
  runId: string | null;
  dryRun: boolean;
  /** validated runbook parameters (JSON) */
  params: Record<string, unknown>;
  /** the current stage name or null */
  stage: string | null;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  /** epoch ms when a wait (approval) expires */
  waitUntil: number | null;
  summary: Record<string, unknown> | null;
}

export interface NewEpisode {
  id: string;
  instanceId: string;
  problem: string;
  runbook: string;
  reason: string;
  trigger: string;
  runId?: string | null;
  dryRun?: boolean;
  params?: Record<string, unknown>;
  now: number;
}

export interface EpisodePatch {
  state?: EpisodeState;
  outcome?: Outcome | null;
  stage?: string | null;
  closedAt?: number | null;
  waitUntil?: number | null;
  summary?: Record<string, unknown> | null;
  now: number;
}

export interface StageRecord {
  id: string;
  episodeId: string;
  /** `probe` | `drop_caches` | `compact` | `reprobe` | ... */
  name: string;
  state: 'running' | 'done' | 'failed' | 'interrupted' | 'skipped';
  startedAt: number;
  endedAt: number | null;
  /** structured result: task outcome, effect, stall, error (JSON) */
  result: Record<string, unknown> | null;
  /** the constant script the stage ran (`Command.name`: `probe`, `drop-caches`, ...); null when none */
  script?: string | null;
}

export interface Snapshot {
  id: string;
  episodeId: string | null;
  stageId: string | null;
  runId: string | null;
  instanceId: string;
  takenAt: number;
  trusted: boolean;
  /** the raw probe report text */
  raw: string;
  /** the parsed, evaluated summary (JSON) */
  summary: Record<string, unknown>;
}

export interface EffectRecord {
  id: string;
  episodeId: string;
  stageId: string;
  instanceId: string;
  at: number;
  effect: Record<string, unknown>;
}

/** A decision, including every decision not to act, with its reason. */
export interface Decision {
  id: string;
  at: number;
  episodeId: string | null;
  runId: string | null;
  instanceId: string | null;
  /** what was decided: `act` | `skip` | `join` | `wait` | `stop` | ... */
  action: string;
  /** machine-readable reason code: `cooldown`, `joined-episode`, `budget-exhausted`, `outside-window`, ... */
  code: string;
  reason: string;
  details: Record<string, unknown> | null;
}

/** A parent record for a sweep or a manual run over many nodes. */
export interface RunRecord {
  id: string;
  kind: 'sweep' | 'manual' | 'alarm' | 'shard';
  parentId: string | null;
  state: 'running' | 'done' | 'stopped' | 'failed';
  startedAt: number;
  endedAt: number | null;
  summary: Record<string, unknown> | null;
}

export interface EpisodeFilter {
  instanceId?: string;
  problem?: string;
  runId?: string;
  states?: EpisodeState[];
  since?: number;
  limit?: number;
}

export interface Store {
  /** Atomically open a new episode, or join the open one for (instanceId, problem). */
  openOrJoinEpisode(input: NewEpisode): Promise<{ episode: Episode; joined: boolean }>;
  getEpisode(id: string): Promise<Episode | null>;
  listEpisodes(filter: EpisodeFilter): Promise<Episode[]>;
  updateEpisode(id: string, patch: EpisodePatch): Promise<Episode>;
  /** the most recent closed episode for (instanceId, problem), for cooldowns */
  lastClosedEpisode(instanceId: string, problem: string): Promise<Episode | null>;
  /** episodes for (instanceId, problem) created at or after `since`, for attempt limits */
  countEpisodesSince(instanceId: string, problem: string, since: number): Promise<number>;

  addStage(stage: StageRecord): Promise<void>;
  updateStage(id: string, patch: Partial<Omit<StageRecord, 'id' | 'episodeId'>>): Promise<void>;
  listStages(episodeId: string): Promise<StageRecord[]>;

  addSnapshot(snapshot: Snapshot): Promise<void>;
  listSnapshots(filter: { episodeId?: string; runId?: string; instanceId?: string }): Promise<Snapshot[]>;

  addEffect(effect: EffectRecord): Promise<void>;
  listEffects(episodeId: string): Promise<EffectRecord[]>;

  addDecision(decision: Decision): Promise<void>;
  listDecisions(filter: {
    episodeId?: string;
    runId?: string;
    instanceId?: string;
    since?: number;
  }): Promise<Decision[]>;

  addRun(run: RunRecord): Promise<void>;
  updateRun(id: string, patch: Partial<Omit<RunRecord, 'id'>>): Promise<void>;
  getRun(id: string): Promise<RunRecord | null>;
  listRuns(filter: { since?: number; kind?: RunRecord['kind']; limit?: number }): Promise<RunRecord[]>;

  /** Take or renew the lease `key` for `holder` until now+ttlMs; false when someone else holds it. */
  acquireLease(key: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  releaseLease(key: string, holder: string): Promise<void>;
  /** Take one of `limit` slots of the counting semaphore `pool` (leases `pool:*`); false when all are held. */
  acquireSlot(pool: string, holder: string, limit: number, ttlMs: number, now: number): Promise<boolean>;
  releaseSlot(pool: string, holder: string): Promise<void>;

  /** Claim a dedup key for an episode; when already claimed (and unexpired) return the first claimant. */
  claimDedup(
    key: string,
    episodeId: string,
    ttlMs: number,
    now: number,
  ): Promise<{ claimed: boolean; episodeId: string }>;

  close(): Promise<void>;
}
