import { tatTime } from '../apiShapes';
import type { EmulatedNode } from '../emulatedNode';
import { applyFilters, checkIds, optFilters, optStringList, paging, rejectUnknown } from '../params';
import type { ActionHandler } from '../service';

const FILTERS = ['agent-status', 'environment', 'instance-id'];
const AGENT_VERSION = '1.1.12';

function agentStatus(node: EmulatedNode): 'Online' | 'Offline' {
  return node.faults.agent === 'offline' || node.faults.instanceState === 'STOPPED' ? 'Offline' : 'Online';
}

function field(node: EmulatedNode, name: string): string {
  if (name === 'agent-status') return agentStatus(node);
  if (name === 'environment') return 'Linux';
  return node.instanceId;
}

/**
 * DescribeAutomationAgentStatus: instances without an agent are not listed; a stopped instance's
 * agent is Offline. Never touches a node's model, so it stays fast on huge fleets.
 */
export const describeAutomationAgentStatus: ActionHandler = (p, svc, scope) => {
  rejectUnknown(p, ['InstanceIds', 'Filters', 'Limit', 'Offset']);
  const filters = optFilters(p, FILTERS, 'InstanceIds');
  const ids = optStringList(p, 'InstanceIds', 100);
  if (ids) checkIds(ids, 'ins', 'InvalidParameterValue.InvalidInstanceId');
  const { limit, offset } = paging(p);
  const source = ids
    ? ids.map((id) => svc.nodes.get(id)).filter((n): n is EmulatedNode => n !== undefined)
    : svc.nodeList;
  const withAgent = source.filter((n) => n.faults.agent !== 'not-installed');
  const matched = applyFilters(withAgent, filters, field);
  const page = matched.slice(offset, offset + limit);
  const heartbeat = tatTime(svc.now());
  for (const n of page) scope.touch(n.instanceId);
  return {
    TotalCount: matched.length,
    AutomationAgentSet: page.map((n) => ({
      InstanceId: n.instanceId,
      Version: AGENT_VERSION,
      LastHeartbeatTime: heartbeat,
      AgentStatus: agentStatus(n),
      Environment: 'Linux',
      SupportFeatures: ['SHELL'],
    })),
  };
};
