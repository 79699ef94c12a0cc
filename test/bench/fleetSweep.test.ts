import { describe, expect, it } from 'vitest';
import { fleetMarkdown } from '../../bench/fleet/fleetReport';
import { type FleetBenchOptions, REALISTIC, runFleetBench } from '../../bench/fleet/fleetSweep';
import { machineFacts } from '../../bench/lib/machine';

// tiny and fast: the script's plumbing, not its figures
const opts: FleetBenchOptions = {
  ...REALISTIC,
  sizes: [30],
  runs: 1,
  apiLatencyMs: 2,
  pendingMs: 10,
  deliveringMs: 10,
  naiveSample: 4,
  naivePollMs: 50,
  pollIntervalMs: { min: 50, max: 200 },
  reference: true,
};

describe('fleet sweep benchmark (smoke size)', () => {
  it('probes every node with the sweeper and a sample with the naive loop, counted by the emulator', async () => {
    const [run] = await runFleetBench(opts);
    expect(run).toBeDefined();
    const { sweep, naive } = run!;
    expect(sweep.answer.outcomes).toEqual({ success: 30 });
    expect(sweep.answer.completeOutputs).toBe(30);
    expect(sweep.serverCalls.RunCommand).toBe(1);
    expect(sweep.serverCalls.DescribeInvocationTasks).toBeGreaterThanOrEqual(1);
    expect(sweep.answer.clientCalls.RunCommand).toBe(1);
    expect(naive.answer.outcomes).toEqual({ success: 4 });
    expect(naive.serverCalls.RunCommand).toBe(4);
    expect(naive.totalCalls).toBeGreaterThanOrEqual(8);
    expect(run!.naiveCallsAtSize).toBeCloseTo((naive.totalCalls * 30) / 4);
    expect(sweep.answer.surfacedThrottles).toBe(0);
    expect(sweep.answer.maxRssMiB).toBeGreaterThan(10);
    expect(sweep.slowestCommandMs).toBeGreaterThanOrEqual(20);
    expect(run!.bound.calls).toBe(2);
    expect(run!.reference?.side.answer.outcomes).toEqual({ success: 30 });
    expect(run!.reference?.side.serverCalls.DescribeAutomationAgentStatus).toBeUndefined();

    const md = fleetMarkdown([run!], opts, machineFacts(), 'npm run bench -- fleet --quick');
    expect(md).toContain('### 30 nodes (1 runs');
    expect(md).toContain('`npm run bench -- fleet --quick`');
    expect(md).toMatch(/fewer API calls than the naive loop at 30 nodes: \d+×/);
    expect(md).toContain('| pipelined reference sweeper | value |');
  });
});
