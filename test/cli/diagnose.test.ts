/**
 * The real `memfrag` CLI (node bin/memfrag.mjs) on the public samples (test/fixtures/samples), on probe
 * reports of the recorded trees, and on this host (--local).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'test/fixtures/samples');
const TREES = join(ROOT, 'test/fixtures/trees');
const tmp = mkdtempSync(join(tmpdir(), 'memfrag-cli-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function memfrag(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.MEMFRAG_ROOT;
  delete base.NO_COLOR;
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/memfrag.mjs'), ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], env: Record<string, string> = {}) {
  const r = memfrag([...args, '--json'], env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** stderr is one line, starts with `memfrag: `, and carries no stack frame. */
function expectOneLineError(stderr: string) {
  expect(stderr).toMatch(/^memfrag: [^\n]+\n$/);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('memfrag diagnose', () => {
  it('prints the interface fields for B01 in kernel integer units', () => {
    const d = json(['diagnose', '--file', join(SAMPLES, 'B01.txt')]);
    expect(d.verdict).toBe('fragmented');
    expect(d.targetOrder).toBe(4);
    const dma32 = d.zones.find((z: { zone: string }) => z.zone === 'DMA32');
    expect(dma32).toMatchObject({ node: 0, free: [2725, 624, 489, 178, 0, 0, 0, 0, 0, 0, 0] });
    // reference/kernel-fragmentation.md 2.3: B01 DMA32 unusable 1.000 and extfrag 0.886 at order 4
    expect(dma32.unusableIndex[4]).toBe(1000);
    expect(dma32.fragmentationIndex[4]).toBe(886);
    expect(dma32.fragmentationIndex[0]).toBe(-1000);
    expect(d.allocationFailures).toEqual([]);
    expect(d.plan.map((s: { kind: string }) => s.kind)).toContain('compact');
    expect(d.reasons.length).toBeGreaterThan(0);
    expect(d.input).toMatchObject({ source: 'buddyinfo', complete: true, problems: [] });
  });

  it('takes the target order from the log of a probe report, and --order overrides it', () => {
    const report = join(TREES, 'reports/centos7-3.10.txt');
    const d = json(['diagnose', '--file', report]);
    expect(d.targetOrder).toBe(6);
    expect(d.allocationFailures).toMatchObject([{ comm: 'runc:[1:CHILD]', order: 6, mode: '0xc0d0' }]);
    expect(d.input).toMatchObject({
      source: 'probe-report',
      complete: true,
      kernel: '3.10.0-1160.49.1.el7.x86_64',
    });
    expect(json(['diagnose', '--file', report, '--order', '2']).targetOrder).toBe(2);
  });

  it('lists a log failure with its decoded flags and says unknown when the log has no free lists', () => {
    const d = json(['diagnose', '--file', join(SAMPLES, 'L13.txt')]);
    expect(d.verdict).toBe('unknown');
    expect(d.allocationFailures).toMatchObject([
      { comm: 'java', order: 0, mode: '0x2084120', flags: ['GFP_ATOMIC', '__GFP_COLD', '__GFP_COMP'] },
    ]);
    expect(d.input.source).toBe('kernel-log');
  });

  it('reads pagetypeinfo as the sum of its migratetype lists', () => {
    const d = json(['diagnose', '--file', join(SAMPLES, 'P01.txt')]);
    expect(d.input.source).toBe('pagetypeinfo');
    expect(d.zones.find((z: { zone: string }) => z.zone === 'DMA32').free).toEqual([
      273, 208, 194, 95, 80, 55, 51, 22, 15, 3, 461,
    ]);
  });

  it('draws a chart per zone and the verdict, without colour when not on a terminal', () => {
    const r = memfrag(['diagnose', '--file', join(SAMPLES, 'B01.txt'), '--order', '6']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Node 0, zone Normal');
    expect(r.stdout).toMatch(/order\s+size\s+blocks\s+MiB\s+free memory by order\s+unusable\s+extfrag/);
    // Normal, order 2: 932 blocks of 16K = 14.6 MiB, the zone's biggest order, so a full bar
    expect(r.stdout).toMatch(/^\s+2\s+16K\s+932\s+14\.6\s+█{24}\s+0\.379\s+-1\.000$/m);
    expect(r.stdout).toMatch(/^\s+6\s+256K\s+0\s+0\.0\s+1\.000\s+0\.960 ◀$/m);
    expect(r.stdout).toContain('Verdict: FRAGMENTED at order 6');
    expect(r.stdout).toMatch(/Plan:\n {2}1\. drop_caches/);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('refuses an --order outside 0..13 with exit 2 and one line naming --order', () => {
    for (const order of ['14', 'x']) {
      const r = memfrag(['diagnose', '--file', join(SAMPLES, 'B01.txt'), '--order', order]);
      expect(r.code).toBe(2);
      expectOneLineError(r.stderr);
      expect(r.stderr).toContain('--order');
      expect(r.stdout).toBe('');
    }
  });

  it('exits 2 with one line for a missing file, an unknown kind and a garbled buddyinfo', () => {
    const missing = memfrag(['diagnose', '--file', '/nonexistent/buddyinfo']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('memfrag: cannot read /nonexistent/buddyinfo: no such file\n');

    const unknown = memfrag(['diagnose', '--file', join(SAMPLES, 'E02.txt')]);
    expect(unknown.code).toBe(2);
    expectOneLineError(unknown.stderr);
    expect(unknown.stderr).toMatch(
      /is not buddyinfo, a probe report, a kernel log or pagetypeinfo \(line 1: /,
    );

    const garbled = join(tmp, 'garbled.txt');
    writeFileSync(
      garbled,
      `Node 0, zone DMA32 1 2 3 4 5 6 7 8 9 10 11\nNode 0, zone Normal 1 2 3 4 5 6 7 8 9 10 11\nNode 0, zone Movable 1 2 x\n`,
    );
    const bad = memfrag(['diagnose', '--file', garbled]);
    expect(bad.code).toBe(2);
    expectOneLineError(bad.stderr);
    expect(bad.stderr).toContain('(line 3: Node 0, zone Movable 1 2 x)');
  });

  it('diagnoses this host with --local', () => {
    const d = json(['diagnose', '--local']);
    expect(['healthy', 'fragmented', 'low-memory', 'unmovable', 'unknown']).toContain(d.verdict);
    expect(d.input.source).toBe('probe-report');
    expect(d.zones.length).toBeGreaterThan(0);
    expect(
      d.zones.every((z: { unusableIndex: number[] }) => z.unusableIndex.every((v) => v >= 0 && v <= 1000)),
    ).toBe(true);
  });

  it('runs the probe against MEMFRAG_ROOT with --local, so a recorded node diagnoses the same every time', () => {
    const d = json(['diagnose', '--local'], { MEMFRAG_ROOT: join(TREES, 'centos7-3.10') });
    expect(d).toMatchObject({ verdict: 'fragmented', targetOrder: 6 });
    expect(d.input).toMatchObject({ hostname: 'node-1', complete: true });
  });
});
