/**
 * The probe reports the diagnosis benchmark parses: the real samples in test/fixtures/trees/reports and
 * reports of the emulator's kernel model for every preset and kernel, produced by running the real
 * runbooks/scripts/probe.sh with bash against each model's rendered tree (MEMFRAG_ROOT).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCommand } from '../../runbooks/renderCommand';
import type { NodeSpec } from '../../src/emulator/fleetSpec';
import { createKernel } from '../../src/emulator/kernel/index';
import { runBash } from '../../src/emulator/tat/bashRun';
import { EmulatedNode } from '../../src/emulator/tat/emulatedNode';
import { KERNEL_PRESETS, KERNEL_VERSIONS } from '../../src/emulator/tat/kernelContract';
import { nodeEnv } from '../../src/emulator/tat/taskRunner';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'trees', 'reports');

/** One report and where it came from. */
export interface CorpusReport {
  name: string;
  text: string;
}

/** The real sample reports. */
export function fixtureReports(): CorpusReport[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: `fixture ${f}`, text: readFileSync(join(FIXTURES, f), 'utf8') }));
}

/** Shapes of kernel-model nodes to render: every preset × kernel, with 1 and 2 NUMA nodes (or the first `limit`). */
function shapes(limit?: number) {
  const all = KERNEL_PRESETS.flatMap((preset) =>
    KERNEL_VERSIONS.flatMap((kernel) => [1, 2].map((numaNodes) => ({ preset, kernel, numaNodes }))),
  );
  return limit === undefined ? all : all.slice(0, limit);
}

/** Probe reports of kernel-model nodes, each aged an hour of model time, printed by probe.sh under bash. */
export async function modelReports(limit?: number): Promise<CorpusReport[]> {
  const dir = mkdtempSync(join(tmpdir(), 'memfrag-bench-corpus-'));
  const script = join(dir, 'probe.sh');
  writeFileSync(script, renderCommand('probe', { pagetypeinfo: true }).content);
  try {
    const out: CorpusReport[] = [];
    for (const [i, s] of shapes(limit).entries()) {
      const instanceId = `ins-bench${String(i).padStart(3, '0')}`;
      const spec: NodeSpec = {
        ...s,
        instanceId,
        hostname: `bench-${i}`,
        memoryMiB: 2048,
        faults: {},
        seed: 1000 + i,
        privateIp: `10.0.0.${i + 2}`,
        tags: {},
      };
      const node = new EmulatedNode(spec, createKernel, join(dir, 'nodes'), 0);
      node.ensureTree();
      node.advance(3_600_000);
      const run = await runBash({
        file: script,
        cwd: node.treeDir,
        env: nodeEnv(node.treeDir),
        timeoutMs: 30_000,
        signal: new AbortController().signal,
      });
      out.push({ name: `model ${s.preset}/${s.kernel}/${s.numaNodes}n`, text: run.output.toString('utf8') });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
