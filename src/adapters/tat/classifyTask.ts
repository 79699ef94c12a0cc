/**
 * TAT's 13 task statuses and its per-instance error codes, mapped onto our small TaskResult vocabulary.
 * This table is the only place that knows what a TAT status means.
 */
import type { TaskOutcome } from '../../ports';

/** Every TaskStatus of TAT 2020-10-28 (tat_models.d.ts). */
export const TatTaskStatus = {
  Pending: 'PENDING',
  Delivering: 'DELIVERING',
  DeliverDelayed: 'DELIVER_DELAYED',
  DeliverFailed: 'DELIVER_FAILED',
  StartFailed: 'START_FAILED',
  Running: 'RUNNING',
  Success: 'SUCCESS',
  Failed: 'FAILED',
  Timeout: 'TIMEOUT',
  TaskTimeout: 'TASK_TIMEOUT',
  Cancelling: 'CANCELLING',
  Cancelled: 'CANCELLED',
  Terminated: 'TERMINATED',
} as const;
export type TatTaskStatus = (typeof TatTaskStatus)[keyof typeof TatTaskStatus];

/** Statuses after which a task never changes again. */
export const TERMINAL_TASK_STATUSES: ReadonlySet<string> = new Set<TatTaskStatus>([
  'DELIVER_FAILED',
  'START_FAILED',
  'SUCCESS',
  'FAILED',
  'TIMEOUT',
  'TASK_TIMEOUT',
  'CANCELLED',
  'TERMINATED',
]);

/** The TaskResult fields a status decides (everything but instanceId, output and ids). */
export interface TaskClass {
  outcome: TaskOutcome;
  delivered: boolean;
  ran: boolean;
  exitCode: number | null;
  dropped: number;
  /** false when output was cut (dropped > 0) or the command did not run to its own exit: untrusted */
  outputComplete: boolean;
  error?: string;
}

type Row = { outcome: TaskOutcome; delivered: boolean; ran: boolean; exits: boolean; error?: string };

const TABLE: Record<TatTaskStatus, Row> = {
  PENDING: {
    outcome: 'unknown',
    delivered: false,
    ran: false,
    exits: false,
    error: 'still waiting to be delivered',
  },
  DELIVERING: {
    outcome: 'unknown',
    delivered: false,
    ran: false,
    exits: false,
    error: 'still being delivered',
  },
  DELIVER_DELAYED: {
    outcome: 'unknown',
    delivered: false,
    ran: false,
    exits: false,
    error: 'delivery delayed',
  },
  DELIVER_FAILED: {
    outcome: 'not-delivered',
    delivered: false,
    ran: false,
    exits: false,
    error: 'delivery failed',
  },
  START_FAILED: {
    outcome: 'start-failed',
    delivered: true,
    ran: false,
    exits: false,
    error: 'command failed to start',
  },
  RUNNING: { outcome: 'unknown', delivered: true, ran: true, exits: false, error: 'still running' },
  SUCCESS: { outcome: 'success', delivered: true, ran: true, exits: true },
  FAILED: { outcome: 'failed', delivered: true, ran: true, exits: true },
  TIMEOUT: {
    outcome: 'timeout',
    delivered: true,
    ran: true,
    exits: false,
    error: 'killed at the command timeout',
  },
  TASK_TIMEOUT: {
    outcome: 'not-delivered',
    delivered: false,
    ran: false,
    exits: false,
    error: 'the agent did not respond (TASK_TIMEOUT); whether the command ran is not known',
  },
  // a cancel in progress may have caught the command running: count it as possibly run
  CANCELLING: {
    outcome: 'cancelled',
    delivered: true,
    ran: true,
    exits: false,
    error: 'cancelling; may have started',
  },
  CANCELLED: {
    outcome: 'cancelled',
    delivered: false,
    ran: false,
    exits: false,
    error: 'cancelled before it started',
  },
  TERMINATED: {
    outcome: 'cancelled',
    delivered: true,
    ran: true,
    exits: false,
    error: 'cancelled while running',
  },
};

/** Maps one TAT task (status, exit code, dropped bytes, ErrorInfo) to our result fields. */
export function classifyTask(
  status: string,
  exitCode: number | null | undefined,
  dropped: number | null | undefined,
  errorInfo: string | null | undefined,
): TaskClass {
  const row: Row = TABLE[status as TatTaskStatus] ?? {
    outcome: 'unknown',
    delivered: false,
    ran: true, // an unrecognised status may be a running command: assume it may have had effects
    exits: false,
    error: `unrecognised TAT task status ${JSON.stringify(status)}`,
  };
  const cut = Math.max(0, dropped ?? 0);
  const code = exitCodeFor(status, row, exitCode);
  const reasons = [
    row.error,
    row.outcome === 'failed' ? `exited with code ${code}` : undefined,
    errorInfo?.trim() || undefined,
    cut > 0 ? `output cut: ${cut} bytes dropped` : undefined,
  ].filter((s): s is string => Boolean(s));
  const result: TaskClass = {
    outcome: row.outcome,
    delivered: row.delivered,
    ran: row.ran,
    exitCode: code,
    dropped: cut,
    outputComplete: row.exits && cut === 0,
  };
  if (reasons.length > 0 && (row.outcome !== 'success' || cut > 0)) result.error = reasons.join('; ');
  return result;
}

/** The exit code only when the process ended: its own code, or -1 when the agent killed it or could not start it. */
function exitCodeFor(status: string, row: Row, exitCode: number | null | undefined): number | null {
  if (row.exits) return exitCode ?? null;
  if (status === 'TIMEOUT' || status === 'TERMINATED' || status === 'START_FAILED') return exitCode ?? -1;
  return null;
}

/** A RunCommand error code that names a problem of the instances rather than of the request. */
export interface InstanceErrorClass {
  outcome: TaskOutcome;
  error: string;
}

const INSTANCE_ERRORS: Record<string, string> = {
  'ResourceUnavailable.AgentNotInstalled': 'the TAT agent is not installed',
  'ResourceUnavailable.AgentStatusNotOnline': 'the TAT agent is offline',
  'ResourceUnavailable.InstanceStateNotRunning': 'the instance is not running',
  'ResourceNotFound.InstanceNotFound': 'the instance does not exist in this region',
  'InvalidParameterValue.InvalidInstanceId': 'the instance id is invalid',
  'InvalidParameterValue.AgentUnsupportedCommandType': 'the agent does not support SHELL commands',
  'ResourceUnavailable.LighthouseUnsupportedRegion': 'Lighthouse is not supported in this region',
};

/** Classifies a RunCommand error code that concerns instances (the whole call fails); null for other codes. */
export function classifyInstanceError(code: string | undefined): InstanceErrorClass | null {
  const error = code ? INSTANCE_ERRORS[code] : undefined;
  return error ? { outcome: 'not-delivered', error: `${error} (${code})` } : null;
}
