/**
 * parseProbeReport over real probe.sh output (test/fixtures/trees/reports, made from the recorded trees)
 * and edits of it: cut, garbled, inconsistent, from another format version.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProbeReport } from '../../src/domain/parseProbeReport';
import { freePagesTolerance } from '../../src/domain/probeReportProblems';
import { splitProbeReport } from '../../src/domain/splitProbeReport';
import type { Evidence } from '../../src/domain/types';

const report = (name: string) =>
  readFileSync(new URL(`../fixtures/trees/reports/${name}.txt`, import.meta.url), 'utf8');
const CENTOS = report('centos7-3.10');
const TWO_NODE = report('two-node');

function evidence(text: string): Evidence {
  const parsed = parseProbeReport(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

/** Re-stamps the trailer so an edited report is framed correctly again. */
function reframe(text: string): string {
  const body = text.replace(/== end .*\n$/, '');
  const parts = splitProbeReport(body);
  return `${body}== end sections=${parts.sections.length} bytes=${parts.bodyBytes}\n`;
}

describe('parseProbeReport', () => {
  it('reads every section of a complete CentOS 7 report', () => {
    const ev = evidence(CENTOS);
    expect(ev).toMatchObject({
      source: 'probe-report',
      complete: true,
      problems: [],
      kernel: '3.10.0-1160.49.1.el7.x86_64',
      hostname: 'node-1',
      pageSize: 4096,
      uptimeSeconds: 8640000.12,
      numaNodes: [0],
      thp: { enabled: 'always', defrag: 'always' },
      sysctl: { extfrag_threshold: '500', min_free_kbytes: '67584' },
    });
    expect(ev.buddyinfo.map((r) => r.zone)).toEqual(['DMA', 'DMA32', 'Normal']);
    expect(ev.buddyinfo[2]?.free).toEqual([1163, 1101, 932, 222, 0, 0, 0, 0, 0, 0, 0]);
    expect(ev.zoneinfo?.map((z) => [z.zone, z.free, z.min])).toEqual([
      ['DMA', 3973, 8],
      ['DMA32', 7353, 2880],
      ['Normal', 8869, 8600],
    ]);
    expect(ev.meminfo?.MemAvailable).toBe(9800000);
    expect(ev.vmstat?.compact_fail).toBe(290);
    expect(ev.pagetypeinfo?.migratetypes).toEqual([
      'Unmovable',
      'Reclaimable',
      'Movable',
      'Reserve',
      'Isolate',
    ]);
    expect(ev.takenAt).toBeGreaterThan(1_600_000_000);
  });

  it('puts the newest-first log back in order and points failures at their report line', () => {
    const ev = evidence(CENTOS);
    const lines = CENTOS.split('\n');
    const failure = ev.kernlog?.failures[0];
    expect(failure).toMatchObject({ comm: 'runc:[1:CHILD]', order: 6, mode: '0xc0d0' });
    expect(lines[failure!.line - 1]).toContain('runc:[1:CHILD]: page allocation failure');
    expect(ev.kernlog?.freeLists).toEqual(ev.buddyinfo);
  });

  it('marks a report without its trailer as cut', () => {
    const ev = evidence(CENTOS.slice(0, CENTOS.indexOf('== end')));
    expect(ev.complete).toBe(false);
    expect(ev.problems).toContainEqual(expect.stringContaining('no "== end" trailer'));
  });

  it('marks a report of another format version as untrusted', () => {
    const ev = evidence(CENTOS.replace('memfrag-probe 1', 'memfrag-probe 2'));
    expect(ev.complete).toBe(false);
    expect(ev.problems).toContainEqual(expect.stringContaining('probe format 2'));
  });

  it('marks a cut buddyinfo as untrusted but accepts a cut kernel log', () => {
    const cutBuddy = reframe(CENTOS.replace('== zoneinfo', '!! cut buddyinfo kept=3 of=9\n== zoneinfo'));
    expect(evidence(cutBuddy).problems).toEqual([
      'section buddyinfo was cut by the probe (kept 3 of 9 lines)',
    ]);
    const cutLog = reframe(CENTOS.replace(/\n== end/, '\n!! cut kernlog kept=5 of=400\n== end'));
    expect(evidence(cutLog).complete).toBe(true);
  });

  it('drops a cut pagetypeinfo instead of using half of it', () => {
    const cut = reframe(CENTOS.replace('== kernlog', '!! cut pagetypeinfo kept=18 of=40\n== kernlog'));
    const ev = evidence(cut);
    expect(ev.pagetypeinfo).toBeUndefined();
    expect(ev.complete).toBe(true);
  });

  it('records why a cut pagetypeinfo is missing', () => {
    const cut = reframe(CENTOS.replace('== kernlog', '!! cut pagetypeinfo kept=18 of=40\n== kernlog'));
    expect(evidence(cut).gaps).toEqual([
      'section pagetypeinfo was cut by the probe (kept 18 of 40 lines): pageblock counts are unknown',
    ]);
    expect(evidence(CENTOS).gaps).toBeUndefined();
  });

  it('fails on a garbled buddyinfo line, naming its line in the report', () => {
    const garbled = CENTOS.replace('Node 0, zone DMA32 2725', 'Node 0, zone DMA32 27#5');
    const parsed = parseProbeReport(garbled);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.line).toBe(12);
      expect(parsed.error.message).toMatch(/^buddyinfo: /);
    }
  });

  it('reports a garbled meminfo line with its report line and distrusts the report', () => {
    const ev = evidence(reframe(CENTOS.replace('SwapCached: 0 kB', 'SwapCa\u0000ched 0 k')));
    expect(ev.complete).toBe(false);
    expect(ev.problems.join('\n')).toMatch(/section meminfo: .*line 45/);
  });

  it('flags lines outside any section, such as stderr noise before the header', () => {
    const ev = evidence(`bash: warning: setlocale: LC_ALL: cannot change locale\n${CENTOS}`);
    expect(ev.complete).toBe(false);
    expect(ev.problems).toContainEqual(expect.stringContaining('outside the report'));
  });

  it('flags a body whose size differs from the trailer (lines lost in the middle)', () => {
    const ev = evidence(CENTOS.replace(/MemTotal.*\n/, ''));
    expect(ev.problems).toContainEqual(expect.stringMatching(/trailer says \d+ bytes/));
  });

  it('flags buddyinfo and zoneinfo that disagree by more than racing reads explain', () => {
    // DMA32 holds 7353 free pages in buddyinfo; its tolerance is 1% of 722000 managed pages = 7220
    const far = reframe(CENTOS.replace(' pages free 7353', ' pages free 15000'));
    expect(evidence(far).problems).toEqual([
      'zone DMA32 of node 0: buddyinfo holds 7353 free pages but zoneinfo says 15000',
    ]);
    const near = reframe(CENTOS.replace(' pages free 7353', ' pages free 14000'));
    expect(evidence(near).complete).toBe(true);
  });

  it('allows 4096 pages or 1% of the zone, whichever is more', () => {
    const zone = { node: 0, zone: 'Normal', free: 100, min: 1, low: 2, high: 3, managed: 10_000_000 };
    expect(freePagesTolerance(zone)).toBe(100_000);
    expect(freePagesTolerance({ ...zone, managed: 1000 })).toBe(4096);
  });

  it('turns a probe that could not read buddyinfo into empty, untrusted evidence', () => {
    const ev = evidence('memfrag-probe 1\n!! error cannot read /proc/buddyinfo\n');
    expect(ev.buddyinfo).toEqual([]);
    expect(ev.complete).toBe(false);
    expect(ev.problems).toContainEqual('the probe stopped: cannot read /proc/buddyinfo');
  });

  it('reads two NUMA nodes with their pagetypeinfo', () => {
    const ev = evidence(TWO_NODE);
    expect(ev.complete).toBe(true);
    expect(ev.numaNodes).toEqual([0, 1]);
    expect(ev.pagetypeinfo?.zones.map((z) => `${z.node}/${z.zone}`)).toEqual([
      '0/DMA',
      '0/DMA32',
      '0/Normal',
      '1/Normal',
    ]);
    expect(ev.kernlog).toBeUndefined();
  });

  it('never calls a report complete when its tail is missing, wherever the cut falls', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CENTOS.length - 2 }), (at) => {
        const parsed = parseProbeReport(CENTOS.slice(0, at));
        return !parsed.ok || !parsed.value.complete;
      }),
      { numRuns: 300 },
    );
  });
});
