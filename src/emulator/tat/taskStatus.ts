/** TAT's per-instance task statuses (exact list of the 2020-10-28 API). */
export const TaskStatus = {
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
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

/** TAT's aggregate invocation statuses. */
export const InvocationStatus = {
  Pending: 'PENDING',
  Running: 'RUNNING',
  Cancelling: 'CANCELLING',
  Success: 'SUCCESS',
  Timeout: 'TIMEOUT',
  Failed: 'FAILED',
  Cancelled: 'CANCELLED',
  PartialFailed: 'PARTIAL_FAILED',
  PartialCancelled: 'PARTIAL_CANCELLED',
} as const;
export type InvocationStatus = (typeof InvocationStatus)[keyof typeof InvocationStatus];

/** Statuses after which a task never changes again. */
export const TERMINAL_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set([
  TaskStatus.DeliverFailed,
  TaskStatus.StartFailed,
  TaskStatus.Success,
  TaskStatus.Failed,
  TaskStatus.Timeout,
  TaskStatus.TaskTimeout,
  TaskStatus.Cancelled,
  TaskStatus.Terminated,
]);

/** Not-yet-delivered statuses: a cancel turns these into CANCELLED (not TERMINATED). */
export const UNDELIVERED_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set([
  TaskStatus.Pending,
  TaskStatus.Delivering,
  TaskStatus.DeliverDelayed,
]);

const CANCELLED_LIKE: ReadonlySet<TaskStatus> = new Set([TaskStatus.Cancelled, TaskStatus.Terminated]);

/**
 * The emulator's roll-up of task statuses into the invocation status (TAT does not document it):
 * unfinished work wins (CANCELLING, then RUNNING once anything left PENDING); when all are final,
 * uniform outcomes keep their name, a mix with successes is PARTIAL_FAILED / PARTIAL_CANCELLED.
 */
export function aggregateInvocationStatus(statuses: readonly TaskStatus[]): InvocationStatus {
  if (statuses.includes(TaskStatus.Cancelling)) return InvocationStatus.Cancelling;
  const open = statuses.filter((s) => !TERMINAL_TASK_STATUSES.has(s));
  if (open.length > 0) {
    return statuses.every((s) => s === TaskStatus.Pending)
      ? InvocationStatus.Pending
      : InvocationStatus.Running;
  }
  const cancelled = statuses.filter((s) => CANCELLED_LIKE.has(s)).length;
  const success = statuses.filter((s) => s === TaskStatus.Success).length;
  const failed = statuses.length - cancelled - success;
  if (statuses.length === 0 || success === statuses.length) return InvocationStatus.Success;
  if (cancelled === statuses.length) return InvocationStatus.Cancelled;
  if (failed === 0) return InvocationStatus.PartialCancelled;
  if (failed === statuses.length) {
    return statuses.every((s) => s === TaskStatus.Timeout)
      ? InvocationStatus.Timeout
      : InvocationStatus.Failed;
  }
  return InvocationStatus.PartialFailed;
}
