/** Turns one TAT InvocationTask into our TaskResult: status table, base64 output, exec times. */
import type { TaskResult } from '../../ports';
import { classifyTask } from './classifyTask';
import type { InvocationTask } from './tatApi';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes TAT's base64 output; null when the text is not base64 (a garbled answer). */
export function decodeOutput(b64: string | null | undefined): string | null {
  const text = (b64 ?? '').replace(/\s+/g, '');
  if (text.length % 4 !== 0 || !BASE64.test(text)) return null;
  return Buffer.from(text, 'base64').toString('utf8');
}

/** Parses TAT times (`...+00:00` in examples, `...Z` in docs); undefined when absent or unparsable. */
export function parseTatTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The TaskResult for one task as last reported by TAT. */
export function toTaskResult(instanceId: string, task: InvocationTask): TaskResult {
  const r = task.TaskResult;
  const cls = classifyTask(task.TaskStatus ?? '', r?.ExitCode, r?.Dropped, task.ErrorInfo);
  const output = decodeOutput(r?.Output);
  const result: TaskResult = { instanceId, ...cls, output: output ?? '' };
  if (output === null) {
    result.outputComplete = false;
    result.error = [cls.error, 'output is not valid base64 (untrusted)'].filter(Boolean).join('; ');
  }
  if (task.InvocationTaskId) result.taskId = task.InvocationTaskId;
  const startedAt = parseTatTime(r?.ExecStartTime) ?? parseTatTime(task.StartTime);
  const endedAt = parseTatTime(r?.ExecEndTime) ?? parseTatTime(task.EndTime);
  if (startedAt !== undefined) result.startedAt = startedAt;
  if (endedAt !== undefined) result.endedAt = endedAt;
  return result;
}

/** A result for an instance whose command was never sent or whose fate is not known. */
export function syntheticResult(
  instanceId: string,
  outcome: TaskResult['outcome'],
  error: string,
  flags: { delivered?: boolean; ran?: boolean } = {},
): TaskResult {
  return {
    instanceId,
    outcome,
    delivered: flags.delivered ?? false,
    ran: flags.ran ?? false,
    exitCode: null,
    output: '',
    dropped: 0,
    outputComplete: false,
    error,
  };
}
