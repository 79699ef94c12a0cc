import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCommand } from '../../../runbooks/renderCommand';
import { expandFleet, FleetSpecSchema } from '../../../src/emulator/fleetSpec';
import { startEmulator } from '../../../src/emulator/startEmulator';
import { b64, outputOf, tatClient, waitTasks } from './sdk';

describe('fleet spec', () => {
  it('expands groups into instances with ids deterministic from the seed', () => {
    const spec = {
      groups: [
        { count: 3, state: 'pagecache' as const, prefix: 'web' },
        { count: 2, state: 'healthy' as const },
      ],
    };
    const a = expandFleet(spec, 7);
    expect(a.map((n) => n.instanceId)).toEqual(expandFleet(spec, 7).map((n) => n.instanceId));
    expect(a.map((n) => n.instanceId)).not.toEqual(expandFleet(spec, 8).map((n) => n.instanceId));
    expect(a.every((n) => /^ins-[a-z0-9]{8}$/.test(n.instanceId))).toBe(true);
    expect(new Set(a.map((n) => n.instanceId)).size).toBe(5);
    expect(a[0]).toMatchObject({
      hostname: 'web-0',
      preset: 'pagecache',
      kernel: '6.x',
      numaNodes: 1,
      memoryMiB: 2048,
    });
  });

  it('accepts the documented example file', () => {
    const example = JSON.parse(
      readFileSync(new URL('../../../src/emulator/fleet.example.json', import.meta.url), 'utf8'),
    );
    expect(FleetSpecSchema.safeParse(example).success).toBe(true);
  });

  it('refuses unknown states, faults and fields', () => {
    expect(FleetSpecSchema.safeParse({ groups: [{ count: 1, state: 'weird' }] }).success).toBe(false);
    expect(
      FleetSpecSchema.safeParse({ groups: [{ count: 1, state: 'healthy', faults: { fire: true } }] }).success,
    ).toBe(false);
    expect(FleetSpecSchema.safeParse({ groups: [{ count: 0, state: 'healthy' }] }).success).toBe(false);
  });
});

describe('a 10,000-node emulated fleet', () => {
  it('starts, pages agent status quickly, builds only the nodes it runs commands on, and probes them in process', async () => {
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = Date.now();
    const emu = await startEmulator({ nodes: 10_000, rateLimitPerSecond: 10_000 });
    try {
      expect(emu.instanceIds).toHaveLength(10_000);
      const client = tatClient(emu);
      const seen = new Set<string>();
      for (let offset = 0; offset < 10_000; offset += 100) {
        const page = await client.DescribeAutomationAgentStatus({ Limit: 100, Offset: offset });
        expect(page.TotalCount).toBe(10_000);
        for (const a of page.AutomationAgentSet ?? []) seen.add(a.InstanceId ?? '');
      }
      expect(seen.size).toBe(10_000);
      const targets = emu.instanceIds.slice(5000, 5003);
      const run = await client.RunCommand({
        Content: b64('head -1 "$MEMFRAG_ROOT/proc/buddyinfo"'),
        InstanceIds: targets,
      });
      const tasks = await waitTasks(client, run.InvocationId ?? '');
      expect(tasks.map((t) => t.TaskStatus)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
      expect(emu.instanceIds.filter((id) => emu.node(id).materialized)).toEqual(targets);
      expect(Date.now() - t0).toBeLessThan(20_000);
      // a probe of 100 nodes is answered in process (byte-identical to bash, see fastProbe.test.ts)
      expect(emu.fastProbe).toBe(true);
      const probed = emu.instanceIds.slice(0, 100);
      const probe = await client.RunCommand({
        Content: b64(renderCommand('probe').content),
        InstanceIds: probed,
      });
      const reports = await waitTasks(client, probe.InvocationId ?? '', undefined, 25_000);
      expect(reports.every((t) => t.TaskStatus === 'SUCCESS' && /\n== end /.test(outputOf(t)))).toBe(true);
      expect(probed.every((id) => emu.node(id).log[0]?.fast === true)).toBe(true);
      expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(300 * 1024 * 1024);
    } finally {
      await emu.close();
    }
  });
});
