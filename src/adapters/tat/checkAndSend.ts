/**
 * The dispatch side of a run, pipelined: every 200-instance batch has its agents checked (two calls of 100)
 * and is sent as soon as they are known, all batches at once, each call paced by the shared per-action
 * limiter. So checking batch k+1 overlaps sending batch k, and polling (fed through `sink.onSent`) overlaps both.
 */
import { NonRetryableError } from '../../errors';
import { checkAgentChunk } from './checkAgents';
import { chunk } from './chunk';
import { type BatchSink, type RunTemplate, runBatches, sendBatch } from './dispatch';
import { TAT_PAGE_LIMIT, type TatApi } from './tatApi';
import { syntheticResult } from './toTaskResult';

/**
 * Checks agents and sends every batch; results for instances not sent go to `sink.onResult`. Once `stop`
 * aborts, nothing more is sent. A NonRetryableError aborts `stop` and is thrown after every batch in flight
 * has settled, so no RunCommand is left running unseen behind the error.
 */
export async function checkAndSend(
  api: TatApi,
  template: RunTemplate,
  instanceIds: readonly string[],
  sink: BatchSink,
  stop: AbortController,
): Promise<void> {
  let fatal: unknown;
  const one = async (batch: string[]): Promise<void> => {
    try {
      const parts = await Promise.all(
        chunk(batch, TAT_PAGE_LIMIT).map((ids) => preCheck(api, ids, sink, stop.signal)),
      );
      const online = parts.flat();
      if (online.length > 0) await sendBatch(api, template, online, sink, stop.signal);
    } catch (err) {
      fatal ??= err;
      stop.abort();
    }
  };
  await Promise.all(runBatches(instanceIds).map(one));
  if (fatal !== undefined) throw fatal;
}

/**
 * The agent pre-check of up to 100 instances; returns those to send. A status that cannot be read (after the
 * read retries) keeps only these instances from being sent, not the whole run.
 */
async function preCheck(api: TatApi, ids: string[], sink: BatchSink, signal: AbortSignal): Promise<string[]> {
  try {
    const { online, rejected } = await checkAgentChunk(api, ids, signal);
    for (const r of rejected) sink.onResult(r);
    return online;
  } catch (err) {
    if (err instanceof NonRetryableError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    for (const id of ids) {
      sink.onResult(
        signal.aborted
          ? syntheticResult(id, 'cancelled', 'not sent: the run was cancelled or reached its deadline')
          : syntheticResult(id, 'not-delivered', `not sent: the agent status could not be read (${detail})`),
      );
    }
    return [];
  }
}
