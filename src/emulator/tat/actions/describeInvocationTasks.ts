import { toInvocationTask } from '../apiShapes';
import { applyFilters, checkIds, optBool, optFilters, optStringList, paging, rejectUnknown } from '../params';
import type { TaskRecord } from '../records';
import type { ActionHandler } from '../service';

const FILTERS = ['invocation-task-id', 'invocation-id', 'instance-id', 'command-id'];

function field(t: TaskRecord, name: string): string {
  if (name === 'invocation-task-id') return t.InvocationTaskId;
  if (name === 'invocation-id') return t.InvocationId;
  if (name === 'instance-id') return t.InstanceId;
  return t.CommandId;
}

/** DescribeInvocationTasks: by ids or filters, paged; output only with `HideOutput: false`. */
export const describeInvocationTasks: ActionHandler = (p, svc, scope) => {
  rejectUnknown(p, ['InvocationTaskIds', 'Filters', 'Limit', 'Offset', 'HideOutput']);
  const filters = optFilters(p, FILTERS, 'InvocationTaskIds');
  const ids = optStringList(p, 'InvocationTaskIds', 100);
  if (ids) checkIds(ids, 'invt', 'InvalidParameterValue.InvalidInvocationTaskId');
  for (const f of filters ?? []) {
    if (f.Name === 'invocation-id') checkIds(f.Values, 'inv', 'InvalidParameterValue.InvalidInvocationId');
    if (f.Name === 'invocation-task-id')
      checkIds(f.Values, 'invt', 'InvalidParameterValue.InvalidInvocationTaskId');
    if (f.Name === 'command-id') checkIds(f.Values, 'cmd', 'InvalidParameterValue.InvalidCommandId');
  }
  const hide = optBool(p, 'HideOutput') ?? true;
  const { limit, offset } = paging(p);
  const source = ids
    ? ids.map((id) => svc.store.tasks.get(id)).filter((t): t is TaskRecord => t !== undefined)
    : [...svc.store.tasks.values()].reverse();
  const matched = applyFilters(source, filters, field);
  const page = matched.slice(offset, offset + limit);
  for (const t of page) scope.touch(t.InstanceId);
  return { TotalCount: matched.length, InvocationTaskSet: page.map((t) => toInvocationTask(t, hide)) };
};
