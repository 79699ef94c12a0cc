import { describe, expect, it } from 'vitest';
import { createListResolver } from '../../src/app/listResolver';
import { resolveNodes } from '../../src/app/resolveNodes';
import type { RemediationRequest } from '../../src/triggers/request';

const request = (nodes: RemediationRequest['nodes']): RemediationRequest => ({
  source: 'cloud-monitor',
  firing: true,
  nodes,
  runbook: 'fragmentation',
  reason: 'test',
  dedupKey: 'k',
  dryRun: false,
  params: {},
});

describe('resolveNodes', () => {
  const resolver = createListResolver([
    { instanceId: 'ins-aaaaaaaa', privateIp: '10.0.0.5' },
    { instanceId: 'ins-bbbbbbbb', privateIp: '10.0.0.6' },
    { instanceId: 'ins-cccccccc', privateIp: '10.0.0.6' },
  ]);

  it('resolves a private IP that names exactly one instance', async () => {
    const r = await resolveNodes(request([{ kind: 'private-ip', ip: '10.0.0.5' }]), resolver);
    expect(r).toEqual({ instanceIds: ['ins-aaaaaaaa'], unresolved: [] });
  });

  it('leaves an IP that two instances share (two VPCs) unresolved rather than guessing', async () => {
    const ref = { kind: 'private-ip' as const, ip: '10.0.0.6' };
    expect(await resolveNodes(request([ref]), resolver)).toEqual({ instanceIds: [], unresolved: [ref] });
  });
});
