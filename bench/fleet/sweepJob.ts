/** What the fleet benchmark's child process is asked to do and what it answers (JSON over stdio). */

/** Where the emulator is and which instances to probe. */
export interface SweepJob {
  /** the TatExecutor, the naive per-instance loop, or the bench-only pipelined reference */
  mode: 'sweep' | 'naive' | 'pipelined';
  endpoint: string;
  region: string;
  secretId: string;
  secretKey: string;
  instanceIds: string[];
  /** the command's Timeout on the node, seconds */
  timeoutSeconds: number;
  /** the sweeper's adaptive poll interval */
  pollIntervalMs: { min: number; max: number };
  /** naive loop: instances handled at once */
  naivePool: number;
  /** naive loop: wait between two polls of one task */
  naivePollMs: number;
}

/** The child's answer: timings, outcomes and what reached the user. */
export interface SweepAnswer {
  mode: SweepJob['mode'];
  /** wall time of the whole run (agent check, dispatch, polling), ms */
  wallMs: number;
  /** when the first RunCommand was sent and the last one answered, ms after start (sweep only) */
  firstRunMs: number | null;
  lastRunMs: number | null;
  /** outcome -> number of instances */
  outcomes: Record<string, number>;
  /** results whose error mentions throttling: what a user would see */
  surfacedThrottles: number;
  /** up to 5 distinct error texts of unsuccessful results */
  errors: string[];
  /** API calls the client sent, per action, and retries after RequestLimitExceeded */
  clientCalls: Record<string, number>;
  throttleRetries: number;
  /** peak resident set size of the child, MiB */
  maxRssMiB: number;
  /** results with a complete probe report */
  completeOutputs: number;
}
