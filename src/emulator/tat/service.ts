import { apiError } from './apiError';
import type { CommandFields } from './commandParams';
import type { EmulatedNode } from './emulatedNode';
import type { InvocationRecord, TaskRecord, TatStore } from './records';
import { type RunnerContext, runTask } from './taskRunner';
import { TaskStatus } from './taskStatus';

/** Everything the action handlers share: stored objects, the fleet, ids, and the task runner. */
export interface TatService {
  store: TatStore;
  nodes: Map<string, EmulatedNode>;
  /** all nodes in fleet order (agent status listing) */
  nodeList: EmulatedNode[];
  newId: (prefix: string) => string;
  runner: RunnerContext;
  now: () => number;
  /** tasks still in their lifecycle, so close() can wait for them */
  inflight: Set<Promise<void>>;
}

/** Per-request bookkeeping: the instances a call touched (their `slowApiMs` fault delays the answer). */
export interface RequestScope {
  touch(instanceId: string): void;
}

/** A handler of one action: request parameters in, the `Response` fields (without RequestId) out. */
export type ActionHandler = (
  params: Record<string, unknown>,
  svc: TatService,
  scope: RequestScope,
) => Record<string, unknown>;

const INSTANCE_RE = /^(ins|lhins)-[a-z0-9]{8}$/;

/**
 * Refuses a Run/Invoke call when any instance cannot take a command; the whole call fails, nothing is
 * created (TAT's "返回失败"). Checks in order: id shape, one instance kind, existence, state, agent.
 */
export function checkRunnable(
  ids: readonly string[],
  commandType: string,
  svc: TatService,
  scope: RequestScope,
) {
  for (const id of ids) {
    if (!INSTANCE_RE.test(id))
      throw apiError('InvalidParameterValue.InvalidInstanceId', `Invalid instance id ${id}.`);
  }
  if (new Set(ids.map((id) => id.split('-')[0])).size > 1) {
    throw apiError(
      'InvalidParameterValue.InconsistentInstance',
      'CVM and Lighthouse instances cannot be mixed.',
    );
  }
  for (const id of ids) {
    const node = svc.nodes.get(id);
    if (!node) throw apiError('ResourceNotFound.InstanceNotFound', `The instance ${id} does not exist.`);
    scope.touch(id);
    if (node.faults.instanceState === 'STOPPED') {
      throw apiError('ResourceUnavailable.InstanceStateNotRunning', `The instance ${id} is not running.`);
    }
    if (node.faults.agent === 'not-installed') {
      throw apiError('ResourceUnavailable.AgentNotInstalled', `The agent is not installed on ${id}.`);
    }
    if (node.faults.agent === 'offline') {
      throw apiError('ResourceUnavailable.AgentStatusNotOnline', `The agent on ${id} is not online.`);
    }
    if (commandType !== 'SHELL') {
      throw apiError(
        'InvalidParameterValue.AgentUnsupportedCommandType',
        `${commandType} is not supported on Linux.`,
      );
    }
  }
}

/** Creates an invocation with one PENDING task per instance and starts their lifecycles. */
export function startInvocation(
  svc: TatService,
  cmd: CommandFields & { CommandId: string },
  ids: readonly string[],
  script: string,
  parameters: string,
): InvocationRecord {
  const now = svc.now();
  const inv: InvocationRecord = {
    InvocationId: svc.newId('inv'),
    CommandId: cmd.CommandId,
    CommandName: cmd.CommandName,
    Description: cmd.Description,
    Parameters: parameters,
    DefaultParameters: cmd.DefaultParameters,
    Username: cmd.Username,
    CommandContent: cmd.Content,
    CommandType: cmd.CommandType,
    Timeout: cmd.Timeout,
    WorkingDirectory: cmd.WorkingDirectory,
    OutputCOSBucketUrl: cmd.OutputCOSBucketUrl,
    OutputCOSKeyPrefix: cmd.OutputCOSKeyPrefix,
    createdAt: now,
    taskIds: [],
  };
  svc.store.invocations.set(inv.InvocationId, inv);
  svc.store.invocationOrder.push(inv.InvocationId);
  for (const instanceId of new Set(ids)) {
    const task = newTask(svc, inv, instanceId, script, now);
    inv.taskIds.push(task.InvocationTaskId);
    const node = svc.nodes.get(instanceId);
    if (!node) continue;
    const p = runTask(task, node, svc.runner).finally(() => svc.inflight.delete(p));
    svc.inflight.add(p);
  }
  return inv;
}

function newTask(
  svc: TatService,
  inv: InvocationRecord,
  instanceId: string,
  script: string,
  now: number,
): TaskRecord {
  const task: TaskRecord = {
    InvocationTaskId: svc.newId('invt'),
    InvocationId: inv.InvocationId,
    CommandId: inv.CommandId,
    CommandName: inv.CommandName,
    InstanceId: instanceId,
    status: TaskStatus.Pending,
    script,
    content: inv.CommandContent,
    CommandType: inv.CommandType,
    Timeout: inv.Timeout,
    WorkingDirectory: inv.WorkingDirectory,
    Username: inv.Username,
    OutputCOSBucketUrl: inv.OutputCOSBucketUrl,
    OutputCOSKeyPrefix: inv.OutputCOSKeyPrefix,
    exitCode: 0,
    output: Buffer.alloc(0),
    dropped: 0,
    errorInfo: '',
    createdAt: now,
    updatedAt: now,
    startTime: null,
    endTime: null,
    execStartTime: null,
    execEndTime: null,
    abort: new AbortController(),
  };
  svc.store.tasks.set(task.InvocationTaskId, task);
  return task;
}
