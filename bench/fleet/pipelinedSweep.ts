/**
 * A reference sweeper for the benchmark only, to show how close to the lower bound the same API allows:
 * no agent pre-check (RunCommand refuses offline agents itself), every RunCommand and every page request
 * issued concurrently and paced by the rate limiter alone, and polling of early batches overlapping the
 * dispatch of later ones. Not a replacement for the executor (no cancel, no split on per-instance refusal).
 */
import { chunk } from '../../src/adapters/tat/chunk';
import { TERMINAL_TASK_STATUSES } from '../../src/adapters/tat/classifyTask';
import type { TatApi } from '../../src/adapters/tat/tatApi';
import { syntheticResult, toTaskResult } from '../../src/adapters/tat/toTaskResult';
import type { Command, TaskResult } from '../../src/ports';

/** Probes every instance; one result per instance, in order. */
export async function pipelinedSweep(
  api: TatApi,
  command: Command,
  instanceIds: readonly string[],
  opts: { timeoutSeconds: number; pollMs: number },
): Promise<TaskResult[]> {
  const content = Buffer.from(command.content, 'utf8').toString('base64');
  const results = new Map<string, TaskResult>();
  const open = new Map<string, number>(); // invocation -> tasks not final yet
  const batches = chunk(instanceIds, 200);
  let dispatched = 0;
  const sending = batches.map(async (batch) => {
    try {
      const req = {
        Content: content,
        CommandType: 'SHELL',
        Timeout: opts.timeoutSeconds,
        InstanceIds: batch,
      };
      const { invocationId } = await api.runCommand(req);
      open.set(invocationId, batch.length);
    } catch (err) {
      for (const id of batch) results.set(id, syntheticResult(id, 'unknown', String(err)));
    } finally {
      dispatched++;
    }
  });
  const deadline = Date.now() + (opts.timeoutSeconds + 30) * 1000;
  while ((dispatched < batches.length || open.size > 0) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, opts.pollMs));
    const groups = chunk([...open.keys()], 5);
    await Promise.all(groups.map((g) => readGroup(api, g, open, results)));
  }
  await Promise.all(sending);
  return instanceIds.map((id) => results.get(id) ?? syntheticResult(id, 'unknown', 'no result'));
}

/** Reads every page of a group of invocations at once (the limiter paces them). */
async function readGroup(
  api: TatApi,
  invocations: string[],
  open: Map<string, number>,
  results: Map<string, TaskResult>,
): Promise<void> {
  const first = await api.describeTasks(invocations, 0).catch(() => undefined);
  if (!first) return;
  const offsets: number[] = [];
  for (let o = first.tasks.length; o < first.total; o += 100) offsets.push(o);
  const rest = await Promise.all(
    offsets.map((o) => api.describeTasks(invocations, o).catch(() => undefined)),
  );
  for (const page of [first, ...rest]) {
    for (const t of page?.tasks ?? []) {
      if (!t.InstanceId || !TERMINAL_TASK_STATUSES.has(t.TaskStatus ?? '') || results.has(t.InstanceId))
        continue;
      results.set(t.InstanceId, toTaskResult(t.InstanceId, t));
      open.set(t.InvocationId ?? '', (open.get(t.InvocationId ?? '') ?? 1) - 1);
    }
  }
  for (const inv of invocations) if ((open.get(inv) ?? 0) <= 0) open.delete(inv);
}
