import { apiError } from '../apiError';
import { checkIds, optStringList, rejectUnknown, reqString } from '../params';
import type { ActionHandler } from '../service';
import { cancelTask } from '../taskRunner';

/** CancelInvocation: undelivered tasks become CANCELLED, running ones TERMINATED; finished ones stay. */
export const cancelInvocation: ActionHandler = (p, svc) => {
  rejectUnknown(p, ['InvocationId', 'InstanceIds']);
  const id = reqString(p, 'InvocationId');
  checkIds([id], 'inv', 'InvalidParameterValue.InvalidInvocationId');
  const only = optStringList(p, 'InstanceIds', 100);
  const inv = svc.store.invocations.get(id);
  if (!inv) throw apiError('ResourceNotFound.InvocationNotFound', `The invocation ${id} does not exist.`);
  const tasks = inv.taskIds.map((t) => svc.store.tasks.get(t)).filter((t) => t !== undefined);
  for (const instanceId of only ?? []) {
    if (!tasks.some((t) => t.InstanceId === instanceId)) {
      throw apiError(
        'InvalidParameterValue.InstanceIsNotRelatedToInvocation',
        `The instance ${instanceId} is not related to invocation ${id}.`,
      );
    }
  }
  for (const t of tasks)
    if (!only || only.includes(t.InstanceId)) cancelTask(t, svc.now(), svc.runner.latencies.cancelMs);
  return {};
};
