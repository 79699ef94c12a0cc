import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/startEmulator';
import { b64, tatClient, waitTasks } from './sdk';

/** A process is alive when it exists and is not a zombie waiting for a reaper. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('emulator lifecycle', () => {
  it('walks a task through PENDING, DELIVERING, RUNNING, CANCELLING to TERMINATED, and the invocation with it', async () => {
    const emu = await startEmulator({
      nodes: 1,
      latencies: { pendingMs: 500, deliveringMs: 500, cancelMs: 600 },
    });
    try {
      const client = tatClient(emu);
      const r = await client.RunCommand({ Content: b64('sleep 30'), InstanceIds: emu.instanceIds });
      const id = r.InvocationId ?? '';
      const seen: string[] = [];
      const note = async () => {
        const inv = (await client.DescribeInvocations({ InvocationIds: [id] })).InvocationSet?.[0];
        const step = `${inv?.InvocationTaskBasicInfoSet?.[0]?.TaskStatus}/${inv?.InvocationStatus}`;
        if (seen.at(-1) !== step) seen.push(step);
        return step;
      };
      await expect.poll(note, { interval: 30, timeout: 5000 }).toBe('RUNNING/RUNNING');
      await client.CancelInvocation({ InvocationId: id });
      await expect.poll(note, { interval: 30, timeout: 5000 }).toBe('TERMINATED/CANCELLED');
      expect(seen).toEqual([
        'PENDING/PENDING',
        'DELIVERING/RUNNING',
        'RUNNING/RUNNING',
        'CANCELLING/CANCELLING',
        'TERMINATED/CANCELLED',
      ]);
    } finally {
      await emu.close();
    }
  });

  it('ends a task START_FAILED when its node cannot be built, and reports the cause', async () => {
    const causes: unknown[] = [];
    const emu = await startEmulator({
      nodes: 1,
      latencies: { pendingMs: 1, deliveringMs: 1 },
      kernel: () => {
        throw new Error('no model today');
      },
      onInternalError: (e) => causes.push(e),
    });
    try {
      const client = tatClient(emu);
      const r = await client.RunCommand({ Content: b64('true'), InstanceIds: emu.instanceIds });
      const [task] = await waitTasks(client, r.InvocationId ?? '');
      expect([task?.TaskStatus, task?.TaskResult?.ExitCode]).toEqual(['START_FAILED', -1]);
      expect(task?.ErrorInfo).toBe('TaskSpawnFailed: no model today');
      expect(causes).toHaveLength(1);
    } finally {
      await emu.close();
    }
  });

  it('kills running commands and stops answering on close', async () => {
    const emu = await startEmulator({ nodes: 1, latencies: { pendingMs: 1, deliveringMs: 1 } });
    const client = tatClient(emu);
    const id = emu.instanceIds[0] ?? '';
    const r = await client.RunCommand({
      Content: b64('sleep 300 & echo $! > "$MEMFRAG_ROOT/tmp/pid"; wait'),
      InstanceIds: [id],
    });
    await waitTasks(client, r.InvocationId ?? '', (ts) => ts[0]?.TaskStatus === 'RUNNING');
    const pidFile = join(emu.node(id).treeDir, 'tmp/pid');
    await expect.poll(() => readFileSync(pidFile, 'utf8').trim().length > 0).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await emu.close();
    await expect.poll(() => alive(pid), { timeout: 2000 }).toBe(false);
    await expect(client.DescribeInvocations({})).rejects.toThrow(/ECONNREFUSED/);
  });
});
