import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCommand } from '../../../runbooks/renderCommand';
import { type Emulator, startEmulator } from '../../../src/emulator/startEmulator';
import { b64, outputOf, tatClient, waitTasks } from './sdk';

// The real node-side scripts of runbooks/scripts, run by real bash on emulated nodes.
describe('runbook scripts on emulated nodes', () => {
  let emu: Emulator;
  let node: string;
  beforeAll(async () => {
    emu = await startEmulator({
      rateLimitPerSecond: 10_000,
      latencies: { pendingMs: 5, deliveringMs: 5 },
      fleet: { groups: [{ count: 1, state: 'pagecache', kernel: '3.10', numaNodes: 2, memoryMiB: 1024 }] },
    });
    node = emu.instanceIds[0] ?? '';
  });
  afterAll(() => emu.close());

  async function run(content: string): Promise<string> {
    const client = tatClient(emu);
    const r = await client.RunCommand({ Content: b64(content), InstanceIds: [node], Timeout: 30 });
    const [task] = await waitTasks(client, r.InvocationId ?? '');
    expect(task?.TaskStatus).toBe('SUCCESS');
    return outputOf(task ?? {});
  }

  it('probes a node into a complete report of its simulated /proc', async () => {
    const out = await run(renderCommand('probe', { pagetypeinfo: true }).content);
    expect(out).toMatch(/^memfrag-probe 1\n/);
    expect(out).toMatch(/\n== buddyinfo\nNode 0, zone/);
    expect(out).toMatch(/kernel=3\.10/);
    expect(out).toMatch(/\n== end sections=\d+ bytes=\d+\n$/);
  });

  it('drops caches once per stage: the write reaches the model and the marker stops a rerun', async () => {
    const cmd = renderCommand('drop-caches', {
      episode: 'ep-1',
      stage: 'st-1',
      mode: 3,
      sync: false,
    }).content;
    const first = await run(cmd);
    expect(first).toMatch(/\nstatus=done\n/);
    expect(emu.node(node).log.at(-1)?.writes).toMatchObject([
      { file: 'proc/sys/vm/drop_caches', value: '3', result: 'ok' },
    ]);
    const second = await run(cmd);
    expect(second).toMatch(/\nstatus=already-done\n/);
    expect(emu.node(node).log.at(-1)?.writes).toEqual([]);
  });
});
