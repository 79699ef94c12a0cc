/** Resolves a request's node references (instance ids, private IPs, node names, cluster, tags) to instance ids. */

import type { Target, TargetResolver } from '../ports';
import type { NodeRef, RemediationRequest } from '../triggers/request';

/** Instance ids found, and the references nothing matched. */
export interface ResolvedNodes {
  instanceIds: string[];
  unresolved: NodeRef[];
}

async function byIp(
  resolver: TargetResolver,
  refs: Extract<NodeRef, { kind: 'private-ip' }>[],
): Promise<Target[]> {
  if (refs.length === 0) return [];
  return resolver.resolve({ kind: 'private-ips', ips: refs.map((r) => r.ip) });
}

// a TKE node name is often its private IP; a cluster's targets carry both
async function byNodeName(
  resolver: TargetResolver,
  ref: Extract<NodeRef, { kind: 'node-name' }>,
): Promise<Target | undefined> {
  if (!ref.clusterId) return undefined;
  const targets = await resolver.resolve({ kind: 'cluster', clusterId: ref.clusterId });
  return targets.find((t) => t.nodeName === ref.nodeName || t.privateIp === ref.nodeName);
}

/** Resolves every reference; without a resolver only instance ids resolve. */
export async function resolveNodes(
  req: RemediationRequest,
  resolver?: TargetResolver,
): Promise<ResolvedNodes> {
  const ids: string[] = [];
  const unresolved: NodeRef[] = [];
  const ips = req.nodes.filter((n): n is Extract<NodeRef, { kind: 'private-ip' }> => n.kind === 'private-ip');
  const ipTargets = resolver ? await byIp(resolver, ips) : [];
  for (const ref of req.nodes) {
    if (ref.kind === 'instance') ids.push(ref.instanceId);
    else if (ref.kind === 'private-ip') {
      // private IPs repeat across VPCs: an IP that names two instances names neither
      const matches = ipTargets.filter((x) => x.privateIp === ref.ip);
      if (matches.length === 1) ids.push(matches[0]!.instanceId);
      else unresolved.push(ref);
    } else {
      const t = resolver ? await byNodeName(resolver, ref) : undefined;
      if (t) ids.push(t.instanceId);
      else unresolved.push(ref);
    }
  }
  if (resolver && req.cluster)
    ids.push(
      ...(await resolver.resolve({ kind: 'cluster', clusterId: req.cluster })).map((t) => t.instanceId),
    );
  if (resolver && req.tags)
    ids.push(...(await resolver.resolve({ kind: 'tags', tags: req.tags })).map((t) => t.instanceId));
  return { instanceIds: [...new Set(ids)], unresolved };
}
