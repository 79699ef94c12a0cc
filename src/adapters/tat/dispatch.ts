/**
 * Sends RunCommand in batches of at most 200 instances. A per-instance error code fails a whole call without
 * running anything, so the batch is resent without the named instances (or halved when none is named). A call
 * whose answer was lost may have run: it is never resent, and its instances are reported `unknown`.
 */
import { NonRetryableError } from '../../errors';
import type { TaskResult } from '../../ports';
import { CloudApiError } from '../cloud/cloudApi';
import { chunk } from './chunk';
import { classifyInstanceError } from './classifyTask';
import type { TatApi } from './tatApi';
import { syntheticResult } from './toTaskResult';

/** RunCommand accepts at most 200 instances per call. */
export const RUN_BATCH_LIMIT = 200;

/** One accepted RunCommand: its invocation and the instances it covers. */
export interface SentBatch {
  invocationId: string;
  instanceIds: string[];
}

/** The RunCommand fields that are the same for every batch. */
export interface RunTemplate {
  Content: string;
  CommandType: 'SHELL';
  Timeout: number;
  Username: string;
  CommandName: string;
}

/**
 * Sends the command to `instanceIds`; returns the accepted batches and results for instances not sent.
 * Batches go out concurrently, paced by the shared limiter. After `signal` aborts, no further batch is sent;
 * batches already sent are the poller's to cancel.
 */
export async function dispatch(
  api: TatApi,
  template: RunTemplate,
  instanceIds: readonly string[],
  signal?: AbortSignal,
): Promise<{ sent: SentBatch[]; results: TaskResult[] }> {
  const sent: SentBatch[] = [];
  const results: TaskResult[] = [];
  const sink: BatchSink = { onSent: (b) => sent.push(b), onResult: (r) => results.push(r) };
  await Promise.all(runBatches(instanceIds).map((batch) => sendBatch(api, template, batch, sink, signal)));
  return { sent, results };
}

/** Where `sendBatch` reports accepted invocations and results for instances it did not send. */
export interface BatchSink {
  onSent(batch: SentBatch): void;
  onResult(result: TaskResult): void;
}

/** Splits instances into RunCommand batches: at most 200, CVM and Lighthouse never mixed. */
export function runBatches(instanceIds: readonly string[]): string[][] {
  // CVM and Lighthouse instances cannot share one call (InconsistentInstance)
  const cvm = instanceIds.filter((id) => !id.startsWith('lhins-'));
  const lighthouse = instanceIds.filter((id) => id.startsWith('lhins-'));
  return [...chunk(cvm, RUN_BATCH_LIMIT), ...chunk(lighthouse, RUN_BATCH_LIMIT)];
}

/**
 * Sends one batch (at most 200 instances of one kind). A per-instance refusal resends the rest; a lost answer
 * is never resent. Throws only a NonRetryableError.
 */
export async function sendBatch(
  api: TatApi,
  template: RunTemplate,
  batch: string[],
  sink: BatchSink,
  signal?: AbortSignal,
): Promise<void> {
  if (signal?.aborted) {
    for (const id of batch)
      sink.onResult(
        syntheticResult(id, 'cancelled', 'not sent: the run was cancelled or reached its deadline'),
      );
    return;
  }
  const results: TaskResult[] = [];
  try {
    // no signal here: aborting a RunCommand in flight would lose an answer whose command may run anyway
    const { invocationId } = await api.runCommand({ ...template, InstanceIds: batch });
    sink.onSent({ invocationId, instanceIds: batch });
  } catch (err) {
    if (err instanceof NonRetryableError) throw err;
    const retry = refusedByInstances(err, batch, results);
    for (const r of results) sink.onResult(r);
    await Promise.all(retry.map((part) => sendBatch(api, template, part, sink, signal)));
  }
}

/**
 * Records results for a failed batch and returns the parts worth resending: none unless the error is a
 * per-instance refusal (nothing ran), in which case the named instances are settled and the rest resent.
 */
function refusedByInstances(err: unknown, batch: string[], results: TaskResult[]): string[][] {
  const api = err instanceof CloudApiError ? err : undefined;
  if (!api || api.transport || /^InternalError/.test(api.code ?? '') || !api.code) {
    const reason = 'RunCommand answer lost; the command may have run';
    const detail = err instanceof Error ? `${reason} (${err.message})` : reason;
    for (const id of batch) results.push(syntheticResult(id, 'unknown', detail, { ran: true }));
    return [];
  }
  const cls = classifyInstanceError(api.code);
  if (!cls) {
    for (const id of batch)
      results.push(syntheticResult(id, 'not-delivered', `RunCommand refused: ${api.message}`));
    return [];
  }
  if (batch.length === 1) {
    results.push(syntheticResult(batch[0]!, cls.outcome, cls.error));
    return [];
  }
  const named = batch.filter((id) => mentions(api.message, id));
  if (named.length === 0) {
    const half = Math.ceil(batch.length / 2);
    return [batch.slice(0, half), batch.slice(half)];
  }
  for (const id of named) results.push(syntheticResult(id, cls.outcome, cls.error));
  const rest = batch.filter((id) => !named.includes(id));
  return rest.length > 0 ? [rest] : [];
}

/** Whether `text` names `id` as a whole word (ins-ab12 must not match inside ins-ab123). */
function mentions(text: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w-])${escaped}($|[^\\w-])`).test(text);
}
