import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCommand } from '../../../runbooks/renderCommand';
import { createKernel } from '../../../src/emulator/kernel/index';
import { startEmulator } from '../../../src/emulator/startEmulator';
import { runBash } from '../../../src/emulator/tat/bashRun';
import { EmulatedNode } from '../../../src/emulator/tat/emulatedNode';
import { loadKnownProbe, recogniseProbe, renderProbe } from '../../../src/emulator/tat/fastProbe';
import { KERNEL_PRESETS, KERNEL_VERSIONS } from '../../../src/emulator/tat/kernelContract';
import { nodeEnv } from '../../../src/emulator/tat/taskRunner';
import { b64, outputOf, tatClient, waitTasks } from './sdk';

const PROBE_PATH = new URL('../../../runbooks/scripts/probe.sh', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'memfrag-fastprobe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The probe's `time=` is the only value that may differ between two runs; both must be close to now. */
function splitTime(out: string): { masked: string; time: number } {
  const time = Number(/\ntime=(\d+)\n/.exec(out)?.[1]);
  return { masked: out.replace(/\ntime=\d+\n/, '\ntime=T\n'), time };
}

describe('in-process probe', () => {
  it('recognises exactly the probe command renderCommand builds', () => {
    const body = loadKnownProbe(PROBE_PATH);
    expect(body, 'probe.sh changed: update renderProbe and KNOWN_PROBE_SHA256').toBeDefined();
    expect(recogniseProbe(renderCommand('probe').content, body)).toBe(false);
    expect(recogniseProbe(renderCommand('probe', { pagetypeinfo: true }).content, body)).toBe(true);
    expect(recogniseProbe(`${renderCommand('probe').content}\necho more`, body)).toBeUndefined();
    expect(recogniseProbe(`echo hi\n${body}`, body)).toBeUndefined();
  });

  const cases = KERNEL_PRESETS.flatMap((preset) =>
    KERNEL_VERSIONS.flatMap((kernel) => [false, true].map((pti) => ({ preset, kernel, pti }))),
  );
  it.each(cases)(
    'prints the same bytes as bash for $preset on $kernel (pagetypeinfo $pti)',
    async ({ preset, kernel, pti }) => {
      const body = loadKnownProbe(PROBE_PATH) ?? '';
      const numaNodes = pti ? 2 : 1;
      const spec = {
        instanceId: `ins-${preset}${kernel}${pti}`,
        hostname: 'node-1',
        preset,
        kernel,
        numaNodes,
        memoryMiB: 1024,
        faults: {},
        seed: 11,
        privateIp: '10.0.0.2',
        tags: {},
      };
      const node = new EmulatedNode(spec, createKernel, dir, 0);
      node.ensureTree();
      node.advance(3_600_000);
      const file = join(dir, `${spec.instanceId}.sh`);
      writeFileSync(file, renderCommand('probe', { pagetypeinfo: pti }).content);
      const bash = await runBash({
        file,
        cwd: node.treeDir,
        env: nodeEnv(node.treeDir),
        timeoutMs: 20_000,
        signal: new AbortController().signal,
      });
      const fast = renderProbe(node.probeTree(), pti, {
        nowSeconds: Math.floor(Date.now() / 1000),
        uid: process.getuid?.() ?? 0,
      });
      const a = splitTime(bash.output.toString('latin1'));
      const b = splitTime(fast.output);
      expect(b.masked).toBe(a.masked);
      expect(Math.abs(a.time - b.time)).toBeLessThanOrEqual(5);
      expect(fast.exitCode).toBe(bash.exitCode);
      expect(body.length).toBeGreaterThan(0);
    },
  );

  const edgeTrees: [string, Map<string, string>][] = [
    [
      'cut sections, odd bytes, missing files',
      new Map([
        ['proc/buddyinfo', 'Node 0, zone      DMA      1    2   3\nNode 0, zone   Normal  5  0  0\n\n'],
        ['proc/meminfo', Array.from({ length: 60 }, (_, i) => `MemFree:   ${i}   kB`).join('\n')],
        ['proc/vmstat', 'nr_free_pages 5\ncompact_stall 1\ndrop_slab 2\nother 3\n'],
        ['proc/sys/vm/min_free_kbytes', '67584\n\n'],
        ['proc/sys/vm/extfrag_threshold', 'a\nb'],
        [
          'proc/pagetypeinfo',
          Array.from({ length: 250 }, (_, i) => `Node    0, zone   Normal, type  M${i}   1   2`).join('\n'),
        ],
        ['proc/uptime', '  42.5 7\n'],
        ['proc/sys/kernel/osrelease', '3.10.0\n'],
        [
          'dmesg',
          Array.from(
            { length: 450 },
            (_, i) => `[${i}] app: page allocation failure: order:${i % 9}, mode:0x1 é\u0001`,
          ).join('\n'),
        ],
        ['pagesize', '4096\n'],
        ['sys/devices/system/node/node10/meminfo', 'x'],
        ['sys/devices/system/node/node2/meminfo', 'x'],
      ]),
    ],
    [
      'unreadable buddyinfo',
      new Map([
        ['proc/buddyinfo', '\n\n'],
        ['pagesize', '4096\n'],
      ]),
    ],
  ];
  it.each(edgeTrees)('prints the same bytes as bash for a tree with %s', async (name, files) => {
    const model = {
      render: () => files,
      controlFiles: () => ['proc/sys/vm/drop_caches', 'sys/devices/system/node/node2/compact'],
      dropCaches: () => ({ stallMs: 0 }),
      compact: () => ({ stallMs: 0 }),
      advance: () => undefined,
    };
    const spec = {
      instanceId: `ins-edge${name.length}`,
      hostname: 'edge',
      preset: 'healthy' as const,
      kernel: '6.x' as const,
      numaNodes: 1,
      memoryMiB: 1024,
      faults: {},
      seed: 1,
      privateIp: '10.0.0.2',
      tags: {},
    };
    const node = new EmulatedNode(spec, () => model, dir, 0);
    node.ensureTree();
    for (const pti of [false, true]) {
      const file = join(dir, `${spec.instanceId}-${pti}.sh`);
      writeFileSync(file, renderCommand('probe', { pagetypeinfo: pti }).content);
      const bash = await runBash({
        file,
        cwd: node.treeDir,
        env: nodeEnv(node.treeDir),
        timeoutMs: 20_000,
        signal: new AbortController().signal,
      });
      const fast = renderProbe(node.probeTree(), pti, {
        nowSeconds: Math.floor(Date.now() / 1000),
        uid: process.getuid?.() ?? 0,
      });
      expect(splitTime(fast.output).masked).toBe(splitTime(bash.output.toString('latin1')).masked);
      expect(fast.exitCode).toBe(bash.exitCode);
    }
  });

  it('answers a fleet probe in process with the same output as bash', async () => {
    const fleet = {
      groups: [
        { count: 2, state: 'pagecache' as const, kernel: '3.10' as const },
        { count: 1, state: 'unmovable' as const, numaNodes: 2 },
      ],
    };
    const outputs: Record<string, string>[] = [];
    for (const fastProbe of [true, false]) {
      const emu = await startEmulator({
        fleet,
        fastProbe,
        seed: 5,
        latencies: { pendingMs: 1, deliveringMs: 1 },
      });
      try {
        expect(emu.fastProbe).toBe(fastProbe);
        const client = tatClient(emu);
        const run = await client.RunCommand({
          Content: b64(renderCommand('probe').content),
          InstanceIds: emu.instanceIds,
        });
        const tasks = await waitTasks(client, run.InvocationId ?? '');
        outputs.push(Object.fromEntries(tasks.map((t) => [t.InstanceId, splitTime(outputOf(t)).masked])));
        expect(emu.instanceIds.map((id) => emu.node(id).log[0]?.fast === true)).toEqual([
          fastProbe,
          fastProbe,
          fastProbe,
        ]);
      } finally {
        await emu.close();
      }
    }
    expect(outputs[0]).toEqual(outputs[1]);
  });
});
