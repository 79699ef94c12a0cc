/**
 * The obvious alternative to the batched sweeper: for each instance, one RunCommand with that one instance,
 * then poll its task until it is final; a small pool of instances at a time. It uses the same rate-limited,
 * retrying TAT caller as the executor, so the comparison isolates batching and shared polling.
 */

import { TERMINAL_TASK_STATUSES } from '../../src/adapters/tat/classifyTask';
import type { TatApi } from '../../src/adapters/tat/tatApi';
import { syntheticResult, toTaskResult } from '../../src/adapters/tat/toTaskResult';
import type { Command, TaskResult } from '../../src/ports';

/** How the naive loop is paced. */
export interface NaiveOptions {
  pool: number;
  pollMs: number;
  timeoutSeconds: number;
}

/** Runs `command` on every instance, one RunCommand and one poll loop each. */
export async function naiveLoop(
  api: TatApi,
  command: Command,
  instanceIds: readonly string[],
  opts: NaiveOptions,
): Promise<TaskResult[]> {
  const content = Buffer.from(command.content, 'utf8').toString('base64');
  const results: TaskResult[] = new Array(instanceIds.length);
  let next = 0;
  const worker = async () => {
    while (next < instanceIds.length) {
      const i = next++;
      results[i] = await probeOne(api, content, instanceIds[i]!, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.pool) }, worker));
  return results;
}

async function probeOne(api: TatApi, content: string, id: string, opts: NaiveOptions): Promise<TaskResult> {
  try {
    const { invocationId } = await api.runCommand({
      Content: content,
      CommandType: 'SHELL',
      Timeout: opts.timeoutSeconds,
      Username: 'root',
      InstanceIds: [id],
    });
    const deadline = Date.now() + (opts.timeoutSeconds + 30) * 1000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, opts.pollMs));
      const { tasks } = await api.describeTasks([invocationId], 0);
      const task = tasks.find((t) => t.InstanceId === id);
      if (task && TERMINAL_TASK_STATUSES.has(task.TaskStatus ?? '')) return toTaskResult(id, task);
    }
    return syntheticResult(id, 'unknown', 'gave up waiting', { ran: true });
  } catch (err) {
    return syntheticResult(id, 'unknown', err instanceof Error ? err.message : String(err));
  }
}
