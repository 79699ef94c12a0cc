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

/** Splits instances into those with an Online agent and results for the rest. */
export async function checkAgents(
  api: TatApi,
  instanceIds: readonly string[],
  signal?: AbortSignal,
): Promise<{ online: string[]; rejected: TaskResult[] }> {
  const status = new Map<string, string>();
  for (const ids of chunk(instanceIds, TAT_PAGE_LIMIT)) await lookUp(api, ids, status, signal);
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
    await lookUp(api, ids.slice(0, half), status, signal);
    await lookUp(api, ids.slice(half), status, signal);
  }
}
