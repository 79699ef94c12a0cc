/**
 * A TargetResolver over a fixed list of targets, for `memfrag serve` against the emulator (which answers TAT
 * only) and for tests: instance ids, private IPs, a cluster and `all` resolve from the list; tags match none.
 */
import type { Target, TargetResolver } from '../ports';

/** Resolves selectors against `targets`. */
export function createListResolver(targets: readonly Target[]): TargetResolver {
  return {
    async resolve(selector) {
      switch (selector.kind) {
        case 'instances':
          return targets.filter((t) => selector.instanceIds.includes(t.instanceId));
        case 'private-ips':
          return targets.filter((t) => t.privateIp !== undefined && selector.ips.includes(t.privateIp));
        case 'cluster':
          return targets.filter((t) => t.clusterId === selector.clusterId);
        case 'tags':
          return [];
        case 'all':
          return [...targets];
      }
    },
  };
}
