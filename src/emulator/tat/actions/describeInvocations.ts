import { toInvocation } from '../apiShapes';
import { applyFilters, checkIds, optFilters, optStringList, paging, rejectUnknown } from '../params';
import type { InvocationRecord } from '../records';
import type { ActionHandler } from '../service';

const FILTERS = ['invocation-id', 'command-id', 'command-created-by', 'instance-kind'];

function field(inv: InvocationRecord, name: string): string | undefined {
  if (name === 'invocation-id') return inv.InvocationId;
  if (name === 'command-id') return inv.CommandId;
  if (name === 'command-created-by') return 'USER';
  return 'CVM';
}

/** DescribeInvocations: newest first, by ids or filters, paged. */
export const describeInvocations: ActionHandler = (p, svc) => {
  rejectUnknown(p, ['InvocationIds', 'Filters', 'Limit', 'Offset']);
  const filters = optFilters(p, FILTERS, 'InvocationIds');
  const ids = optStringList(p, 'InvocationIds', 100);
  if (ids) checkIds(ids, 'inv', 'InvalidParameterValue.InvalidInvocationId');
  const { limit, offset } = paging(p);
  const all = [...svc.store.invocationOrder]
    .reverse()
    .map((id) => svc.store.invocations.get(id))
    .filter((inv): inv is InvocationRecord => inv !== undefined && (!ids || ids.includes(inv.InvocationId)));
  const matched = applyFilters(all, filters, field);
  return {
    TotalCount: matched.length,
    InvocationSet: matched.slice(offset, offset + limit).map((inv) => toInvocation(inv, svc.store)),
  };
};
