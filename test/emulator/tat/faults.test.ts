import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Faults } from '../../../src/emulator/fleetSpec';
import { type Emulator, startEmulator } from '../../../src/emulator/startEmulator';
import { b64, errorCode, outputOf, tatClient, waitTasks } from './sdk';

const PROBE_LIKE = 'cat "$MEMFRAG_ROOT/proc/buddyinfo"; cat "$MEMFRAG_ROOT/proc/meminfo"; echo end';

describe('fault injection per instance', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({
      nodes: 2,
      rateLimitPerSecond: 10_000,
      latencies: { pendingMs: 5, deliveringMs: 5, deliverDelayMs: 300, agentSilenceMs: 300 },
    });
  });
  afterAll(() => emu.close());

  /** Runs the probe-like script on a node with `faults` (and on a clean node for comparison). */
  async function runWith(faults: Faults, over: { Timeout?: number; until?: (s: string[]) => boolean } = {}) {
    const [faulty = '', clean = ''] = emu.instanceIds;
    emu.setFaults(faulty, faults);
    emu.setFaults(clean, {});
    const client = tatClient(emu);
    const r = await client.RunCommand({
      Content: b64(PROBE_LIKE),
      InstanceIds: [faulty, clean],
      Timeout: over.Timeout ?? 10,
    });
    const seen = new Set<string>();
    const tasks = await waitTasks(client, r.InvocationId ?? '', (ts) => {
      for (const t of ts) if (t.InstanceId === faulty) seen.add(t.TaskStatus ?? '');
      return ts.every((t) =>
        ['SUCCESS', 'FAILED', 'TIMEOUT', 'TASK_TIMEOUT', 'DELIVER_FAILED'].includes(t.TaskStatus ?? ''),
      );
    });
    const f = tasks.find((t) => t.InstanceId === faulty);
    const c = tasks.find((t) => t.InstanceId === clean);
    if (!f || !c) throw new Error('missing task');
    return { f, c, seen, invocationId: r.InvocationId ?? '' };
  }

  it('fails delivery: DELIVER_FAILED without running anything', async () => {
    const { f, c } = await runWith({ delivery: 'failed' });
    expect([f.TaskStatus, c.TaskStatus]).toEqual(['DELIVER_FAILED', 'SUCCESS']);
    expect(f.TaskResult?.ExecStartTime).toBeNull();
  });

  it('delays delivery: DELIVER_DELAYED, then it runs', async () => {
    const { f, seen } = await runWith({ delivery: 'delayed' });
    expect(seen.has('DELIVER_DELAYED')).toBe(true);
    expect(f.TaskStatus).toBe('SUCCESS');
  });

  it('silences the agent: TASK_TIMEOUT and a FAILED/PARTIAL roll-up', async () => {
    const { f, invocationId } = await runWith({ taskTimeout: true });
    expect(f.TaskStatus).toBe('TASK_TIMEOUT');
    const inv = await tatClient(emu).DescribeInvocations({ InvocationIds: [invocationId] });
    expect(inv.InvocationSet?.[0]?.InvocationStatus).toBe('PARTIAL_FAILED');
  });

  it('hangs the command: TIMEOUT with exit -1 after the output it made', async () => {
    const { f, c } = await runWith({ hang: true }, { Timeout: 1 });
    expect([f.TaskStatus, f.TaskResult?.ExitCode, c.TaskStatus]).toEqual(['TIMEOUT', -1, 'SUCCESS']);
    expect(outputOf(f)).toMatch(/^Node 0, zone[\s\S]*end\n$/);
  });

  it('garbles the output: same node state, different bytes with binary noise', async () => {
    const { f } = await runWith({ garbled: true });
    const out = Buffer.from(f.TaskResult?.Output ?? '', 'base64');
    expect(f.TaskStatus).toBe('SUCCESS');
    expect(out.includes(0)).toBe(true);
    expect(out.toString('latin1')).not.toMatch(/end\n$/);
  });

  it('floods the output: over 24 KiB, cut with Dropped > 0', async () => {
    const { f, c } = await runWith({ hugeOutput: true });
    const out = Buffer.from(f.TaskResult?.Output ?? '', 'base64');
    expect(out.length).toBe(24576);
    expect(f.TaskResult?.Dropped).toBe(outputOf(c).length + 40 * 1024 - 24576);
  });

  it('forces an exit code: FAILED with that code', async () => {
    const { f } = await runWith({ exitCode: 42 });
    expect([f.TaskStatus, f.TaskResult?.ExitCode]).toEqual(['FAILED', 42]);
  });

  it('slows every API answer that involves the instance', async () => {
    const [slow = '', fast = ''] = emu.instanceIds;
    emu.setFaults(slow, { slowApiMs: 400 });
    const client = tatClient(emu);
    let t0 = Date.now();
    await client.DescribeAutomationAgentStatus({ InstanceIds: [slow] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    t0 = Date.now();
    await client.DescribeAutomationAgentStatus({ InstanceIds: [fast] });
    expect(Date.now() - t0).toBeLessThan(390);
    emu.setFaults(slow, {});
  });

  it('takes the agent offline, uninstalls it, or stops the instance at run time', async () => {
    const [node = ''] = emu.instanceIds;
    const client = tatClient(emu);
    const refuse = () => errorCode(client.RunCommand({ Content: b64('true'), InstanceIds: [node] }));
    const status = async () =>
      (await client.DescribeAutomationAgentStatus({ InstanceIds: [node] })).AutomationAgentSet?.map(
        (a) => a.AgentStatus,
      );
    emu.setFaults(node, { agent: 'offline' });
    expect([await refuse(), await status()]).toEqual([
      'ResourceUnavailable.AgentStatusNotOnline',
      ['Offline'],
    ]);
    emu.setFaults(node, { agent: 'not-installed' });
    expect([await refuse(), await status()]).toEqual(['ResourceUnavailable.AgentNotInstalled', []]);
    emu.setFaults(node, { instanceState: 'STOPPED' });
    expect([await refuse(), await status()]).toEqual([
      'ResourceUnavailable.InstanceStateNotRunning',
      ['Offline'],
    ]);
    emu.setFaults(node, {});
    expect(await status()).toEqual(['Online']);
  });
});
