/**
 * runbooks/scripts/probe.sh run by real shells (bash and dash) against recorded /proc trees
 * (test/fixtures/trees, see its README), and its output read back by parseProbeReport.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/domain/evaluate';
import { parseBuddyinfo } from '../../src/domain/parseBuddyinfo';
import { parsePagetypeinfo } from '../../src/domain/parsePagetypeinfo';
import { parseProbeReport } from '../../src/domain/parseProbeReport';
import { parseZoneinfo } from '../../src/domain/parseZoneinfo';
import { renderBuddyinfo } from '../../src/domain/renderBuddyinfo';
import type { Evidence, ZoneFree } from '../../src/domain/types';

const SCRIPT = readFileSync(new URL('../../runbooks/scripts/probe.sh', import.meta.url), 'utf8');
const TREES = new URL('../fixtures/trees/', import.meta.url).pathname;
const TAT_CAP = 24 * 1024;
const temps: string[] = [];

afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** Runs probe.sh like the executor does: the parameter preamble, then the script, on the shell's stdin. */
function runProbe(root: string, opts: { shell?: string; pagetypeinfo?: boolean } = {}) {
  const preamble = opts.pagetypeinfo ? "MEMFRAG_PAGETYPEINFO='1'\n" : '';
  const r = spawnSync(opts.shell ?? 'bash', ['-s'], {
    input: preamble + SCRIPT,
    env: { PATH: process.env.PATH, MEMFRAG_ROOT: root },
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

function evidenceOf(report: string): Evidence {
  const parsed = parseProbeReport(report);
  if (!parsed.ok) throw new Error(`parse failed: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

function treeFile(tree: string, path: string): string {
  return readFileSync(join(TREES, tree, path), 'utf8');
}

function parsedOk<T>(p: { ok: true; value: T } | { ok: false }): T {
  if (!p.ok) throw new Error('fixture does not parse');
  return p.value;
}

function tempTree(from: string): string {
  const root = mkdtempSync(join(tmpdir(), 'memfrag-probe-'));
  temps.push(root);
  cpSync(join(TREES, from), root, { recursive: true });
  return root;
}

describe.each(['bash', 'sh'])('probe.sh under %s', (shell) => {
  it.each(['host-6.18', 'centos7-3.10', 'two-node'])(
    'reads the %s tree back into the same evidence',
    (tree) => {
      const { status, out } = runProbe(join(TREES, tree), { shell, pagetypeinfo: true });
      expect(status).toBe(0);
      const ev = evidenceOf(out);
      expect(ev.problems).toEqual([]);
      expect(ev.complete).toBe(true);
      expect(ev.buddyinfo).toEqual(parsedOk(parseBuddyinfo(treeFile(tree, 'proc/buddyinfo'))));
      expect(ev.zoneinfo).toEqual(parsedOk(parseZoneinfo(treeFile(tree, 'proc/zoneinfo'))));
      expect(ev.pagetypeinfo).toEqual(parsedOk(parsePagetypeinfo(treeFile(tree, 'proc/pagetypeinfo'))));
      expect(ev.kernel).toBe(treeFile(tree, 'proc/sys/kernel/osrelease').trim());
      expect(ev.hostname).toBe(treeFile(tree, 'proc/sys/kernel/hostname').trim());
      expect(ev.pageSize).toBe(4096);
      expect(ev.uptimeSeconds).toBe(Number(treeFile(tree, 'proc/uptime').split(' ')[0]));
      expect(ev.sysctl?.extfrag_threshold).toBe('500');
      expect(out.length).toBeLessThan(TAT_CAP);
    },
  );

  it('lists the NUMA nodes, the THP mode and the compaction counters of the two-node tree', () => {
    const ev = evidenceOf(runProbe(join(TREES, 'two-node'), { shell }).out);
    expect(ev.numaNodes).toEqual([0, 1]);
    expect(ev.thp).toEqual({ enabled: 'madvise', defrag: 'madvise' });
    expect(ev.vmstat).toMatchObject({ compact_stall: 0, drop_pagecache: 0, nr_free_pages: 15250000 });
    expect(ev.meminfo?.MemAvailable).toBe(62000000);
    expect(ev.kernlog).toBeUndefined();
  });

  it('finds the runc order-6 failure and its free lists in the CentOS 7 log', () => {
    const ev = evidenceOf(runProbe(join(TREES, 'centos7-3.10'), { shell }).out);
    expect(ev.kernlog?.failures.map((f) => [f.comm, f.order, f.mode])).toEqual([
      ['runc:[1:CHILD]', 6, '0xc0d0'],
    ]);
    expect(ev.kernlog?.freeLists).toEqual(ev.buddyinfo);
    expect(ev.sysctl).toEqual({ extfrag_threshold: '500', min_free_kbytes: '67584' });
    expect(ev.thp).toEqual({ enabled: 'always', defrag: 'always' });
  });
});

describe('probe.sh', () => {
  it('prints the same report under bash and dash, apart from the time line', () => {
    const strip = (s: string) => s.replace(/^time=\d+$/m, 'time=');
    const root = join(TREES, 'centos7-3.10');
    expect(strip(runProbe(root, { shell: 'sh', pagetypeinfo: true }).out)).toBe(
      strip(runProbe(root, { shell: 'bash', pagetypeinfo: true }).out),
    );
  });

  it('leaves pagetypeinfo out unless asked for', () => {
    const { out } = runProbe(join(TREES, 'two-node'));
    expect(out).toContain('== pagetypeinfo\nunavailable not-requested\n');
    expect(evidenceOf(out).pagetypeinfo).toBeUndefined();
  });

  it('exits 0 and says unavailable when only buddyinfo exists', () => {
    const root = mkdtempSync(join(tmpdir(), 'memfrag-probe-'));
    temps.push(root);
    mkdirSync(join(root, 'proc'));
    writeFileSync(join(root, 'proc/buddyinfo'), treeFile('two-node', 'proc/buddyinfo'));
    const { status, out } = runProbe(root, { shell: 'sh', pagetypeinfo: true });
    expect(status).toBe(0);
    for (const name of ['zoneinfo', 'meminfo', 'vmstat', 'thp', 'nodes', 'kernlog']) {
      expect(out).toContain(`== ${name}\nunavailable\n`);
    }
    expect(out).toContain('== pagetypeinfo\nunavailable not-readable\n');
    const ev = evidenceOf(out);
    expect(ev.buddyinfo).toHaveLength(4);
    expect(ev.complete).toBe(true);
  });

  it('exits non-zero, and the report is untrusted, when buddyinfo cannot be read', () => {
    const root = tempTree('two-node');
    rmSync(join(root, 'proc/buddyinfo'));
    const { status, out } = runProbe(root, { shell: 'sh' });
    expect(status).not.toBe(0);
    const ev = evidenceOf(out);
    expect(ev.complete).toBe(false);
    expect(ev.buddyinfo).toEqual([]);
    expect(ev.problems.join('\n')).toMatch(/cannot read \/proc\/buddyinfo/);
  });
});

/** A dmesg of `lines` lines with an allocation failure and a Mem-Info dump every 50 lines, numbered by order. */
function longDmesg(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    const t = `[${String(i).padStart(6)}.000000]`;
    out.push(
      `${t} worker${i}: page allocation failure: order:${i % 11}, mode:0xcc0(GFP_KERNEL), nodemask=(null)`,
    );
    out.push(`${t} Mem-Info:`);
    out.push(
      `${t} Node 0 Normal: ${i}*4kB (U) 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = ${i * 4}kB`,
    );
    for (let k = 0; k < 47; k++) out.push(`${t} eth0: link is up, noise line ${k}`);
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

/** A pagetypeinfo of `nodes` nodes with four zones each and six migratetypes, counts in the millions. */
function bigPagetypeinfo(nodes: number): string {
  const types = ['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic', 'CMA', 'Isolate'];
  const zones = ['DMA', 'DMA32', 'Normal', 'Movable'];
  let out = '';
  for (let n = 0; n < nodes; n++) {
    out += 'Page block order: 9\nPages per block:  512\n\n';
    out += `${'Free pages count per migrate type at order'.padEnd(43)} ${[...Array(11).keys()].map((o) => `${String(o).padStart(6)} `).join('')}\n`;
    for (const z of zones) {
      for (const t of types) {
        out += `Node ${String(n).padStart(4)}, zone ${z.padStart(8)}, type ${t.padStart(12)} ${'1234567 '.repeat(11)}\n`;
      }
    }
    out += `\n${'Number of blocks type '.padEnd(23)}${types.map((t) => `${t.padStart(12)} `).join('')}\n`;
    for (const z of zones) out += `Node ${n}, zone ${z.padStart(8)} ${'       12345 '.repeat(6)}\n`;
  }
  return out;
}

/** An 8-node host in 6.x layout: zoneinfo prints every zone of every node, populated or not (5 per node). */
function eightNodeTree(): string {
  const root = tempTree('two-node');
  const rows: ZoneFree[] = [];
  let zoneinfo = '';
  for (let n = 0; n < 8; n++) {
    for (const zone of ['DMA', 'DMA32', 'Normal', 'Movable', 'Device']) {
      const populated = zone === 'Normal' || (n === 0 && zone !== 'Movable' && zone !== 'Device');
      const free = Array.from({ length: 11 }, (_, o) => (populated ? 1000 * (n + 1) + o : 0));
      if (populated) rows.push({ node: n, zone, free });
      const pages = free.reduce((sum, c, o) => sum + c * 2 ** o, 0);
      const present = populated ? 4_000_000 : 0;
      zoneinfo += `Node ${n}, zone ${zone.padStart(8)}\n  per-node stats\n      nr_inactive_anon 1664316\n`;
      zoneinfo += `  pages free     ${pages}\n        boost    0\n        min      12111\n        low      15138\n`;
      zoneinfo += `        high     18165\n        promo    21192\n        spanned  ${present}\n        present  ${present}\n`;
      zoneinfo += `        managed  ${present}\n        cma      0\n        protection: (0, 0, 0, 0, 0)\n`;
      zoneinfo +=
        '      nr_free_pages 1\n  pagesets\n    cpu: 0\n              count:    0\n              high:     0\n';
    }
    mkdirSync(join(root, `sys/devices/system/node/node${n}`), { recursive: true });
  }
  writeFileSync(join(root, 'proc/buddyinfo'), renderBuddyinfo(rows));
  writeFileSync(join(root, 'proc/zoneinfo'), zoneinfo);
  writeFileSync(join(root, 'proc/pagetypeinfo'), bigPagetypeinfo(8));
  writeFileSync(join(root, 'dmesg'), longDmesg(10_000));
  return root;
}

describe('probe.sh output bounds', () => {
  it('stays under the TAT cap with a 10,000-line log and a huge pagetypeinfo, and marks both cuts', () => {
    const root = tempTree('two-node');
    writeFileSync(join(root, 'dmesg'), longDmesg(10_000));
    writeFileSync(join(root, 'proc/pagetypeinfo'), bigPagetypeinfo(8));
    const { status, out } = runProbe(root, { shell: 'sh', pagetypeinfo: true });
    expect(status).toBe(0);
    expect(Buffer.byteLength(out)).toBeLessThan(22 * 1024);
    expect(out).toMatch(/^!! cut kernlog kept=\d+ of=400$/m);
    expect(out).toMatch(/^!! cut pagetypeinfo kept=\d+ of=\d+$/m);
    expect(out).toMatch(/\n== end sections=10 bytes=\d+\n$/);
    const ev = evidenceOf(out);
    // the essential sections are whole, so the report stays trustworthy; the cut pagetypeinfo is dropped
    expect(ev.complete).toBe(true);
    expect(ev.pagetypeinfo).toBeUndefined();
    // newest first: the last failure of the log (worker199, order 199 % 11) survives the cut
    expect(ev.kernlog?.failures.at(-1)).toMatchObject({ comm: 'worker199', order: 199 % 11 });
    expect(ev.kernlog?.freeLists).toEqual([
      { node: 0, zone: 'Normal', free: [199, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    ]);
  });

  it('keeps buddyinfo and zoneinfo of an 8-node host whole and the report under the cap', () => {
    const root = eightNodeTree();
    const { status, out } = runProbe(root, { shell: 'sh', pagetypeinfo: true });
    expect(status).toBe(0);
    expect(Buffer.byteLength(out)).toBeLessThan(22 * 1024);
    const ev = evidenceOf(out);
    expect(ev.problems).toEqual([]);
    expect(ev.buddyinfo).toHaveLength(10);
    expect(ev.zoneinfo?.map((z) => `${z.node}/${z.zone}`)).toEqual(
      ev.buddyinfo.map((r) => `${r.node}/${r.zone}`),
    );
    expect(ev.numaNodes).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps a two-node pagetypeinfo whole beside a long log, well under the cap', () => {
    const root = tempTree('two-node');
    writeFileSync(join(root, 'dmesg'), longDmesg(10_000));
    const { out } = runProbe(root, { shell: 'bash', pagetypeinfo: true });
    expect(Buffer.byteLength(out)).toBeLessThan(16 * 1024);
    expect(out).not.toMatch(/^!! cut pagetypeinfo/m);
    expect(evidenceOf(out).pagetypeinfo?.zones).toHaveLength(4);
  });

  it('yields an untrusted report when TAT keeps only the first 24576 bytes', () => {
    const { out } = runProbe(join(TREES, 'centos7-3.10'), { shell: 'sh', pagetypeinfo: true });
    // an output past the cap (as an unbounded section would make it): TAT keeps the head only
    const filler = Array.from({ length: 1000 }, (_, i) => `[${i}.0] eth0: link is up, noise line ${i}`).join(
      '\n',
    );
    const oversize = out.replace('source=file\n', `source=file\n${filler}\n`);
    expect(Buffer.byteLength(oversize)).toBeGreaterThan(TAT_CAP);
    const kept = Buffer.from(oversize).subarray(0, TAT_CAP).toString('utf8');
    const ev = evidenceOf(kept);
    expect(ev.complete).toBe(false);
    expect(ev.problems.join('\n')).toMatch(/no "== end" trailer/);
    expect(evaluate(ev).verdict).toBe('unknown');
  });
});
