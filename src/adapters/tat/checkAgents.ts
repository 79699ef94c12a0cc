/**
 * Agent pre-check: one offline or missing agent makes a whole RunCommand fail, so instances whose agent is
 * not Online (or that TAT does not list) are answered `not-delivered` here and never sent.
 */
import type { TaskResult } from '../../ports';
import { CloudApiError } from '../cloud/cloudApi';
import { chunk } from './chunk';
import { classifyInstanceError } from './classifyTask';
import { TAT_PAGE_LIMIT, type TatApi } from './tatApi';
import { syntheticResult } from './toTaskResult';

/** What the pre-check decided: instances to send to, and results for the rest. */
export interface AgentCheck {
  online: string[];
  rejected: TaskResult[];
}

/**
 * Splits instances into those with an Online agent and results for the rest. Chunks of 100 are asked
 * concurrently; the shared limiter paces them.
 */
export async function checkAgents(
  api: TatApi,
  instanceIds: readonly string[],
  signal?: AbortSignal,
): Promise<AgentCheck> {
  const parts = await Promise.all(
    chunk(instanceIds, TAT_PAGE_LIMIT).map((ids) => checkAgentChunk(api, ids, signal)),
  );
  return {
    online: parts.flatMap((p) => p.online),
    rejected: parts.flatMap((p) => p.rejected),
  };
}

/** The pre-check of at most 100 instances (one DescribeAutomationAgentStatus call unless an id is bad). */
export async function checkAgentChunk(
  api: TatApi,
  instanceIds: readonly string[],
  signal?: AbortSignal,
): Promise<AgentCheck> {
  const status = new Map<string, string>();
  await lookUp(api, [...instanceIds], status, signal);
  const online: string[] = [];
  const rejected: TaskResult[] = [];
  for (const id of instanceIds) {
    const s = status.get(id);
    if (s === 'Online') online.push(id);
    else if (s === undefined)
      rejected.push(syntheticResult(id, 'not-delivered', 'no TAT agent found for the instance'));
    else rejected.push(syntheticResult(id, 'not-delivered', `the TAT agent is not online: ${s}`));
  }
  return { online, rejected };
}

/**
 * Reads agent statuses into `status`. A malformed or unknown id fails the whole call, so the list is halved
 * until the bad ids are alone; those get the error text as their status.
 */
async function lookUp(
  api: TatApi,
  ids: string[],
  status: Map<string, string>,
  signal?: AbortSignal,
): Promise<void> {
  try {
    for (const agent of await api.describeAgents(ids, signal)) {
      if (agent.InstanceId) status.set(agent.InstanceId, agent.AgentStatus ?? 'unknown');
    }
  } catch (err) {
    const cls = err instanceof CloudApiError ? classifyInstanceError(err.code) : null;
    if (!cls) throw err;
    if (ids.length === 1) {
      status.set(ids[0]!, cls.error);
      return;
    }
    const half = Math.ceil(ids.length / 2);
    await Promise.all([
      lookUp(api, ids.slice(0, half), status, signal),
      lookUp(api, ids.slice(half), status, signal),
    ]);
  }
}
