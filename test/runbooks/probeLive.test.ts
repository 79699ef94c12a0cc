/**
 * probe.sh on this host's real /proc and /sys (MEMFRAG_ROOT unset), run by real bash; read-only.
 * Memory moves between two reads, so comparisons use the same tolerance as the report's own check, and
 * a run is retried a few times before it counts as a failure.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBuddyinfo } from '../../src/domain/parseBuddyinfo';
import { parseProbeReport } from '../../src/domain/parseProbeReport';
import { freePagesTolerance } from '../../src/domain/probeReportProblems';
import type { Evidence, ZoneFree } from '../../src/domain/types';
import { freePagesOf } from '../../src/domain/watermark';

const SCRIPT = readFileSync(new URL('../../runbooks/scripts/probe.sh', import.meta.url), 'utf8');
const isRoot = process.getuid?.() === 0;
const ATTEMPTS = 15;

function probeLive(): { status: number | null; out: string } {
  const preamble = isRoot ? "MEMFRAG_PAGETYPEINFO='1'\n" : '';
  const env = { ...process.env };
  delete env.MEMFRAG_ROOT;
  const r = spawnSync('bash', ['-s'], { input: preamble + SCRIPT, env, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

function freshBuddyinfo(): ZoneFree[] {
  const parsed = parseBuddyinfo(readFileSync('/proc/buddyinfo', 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/** Zones whose free pages differ between the report and a fresh read by more than the tolerance. */
function drift(ev: Evidence, fresh: ZoneFree[]): string[] {
  const out: string[] = [];
  for (const row of fresh) {
    const mine = ev.buddyinfo.find((r) => r.node === row.node && r.zone === row.zone);
    const wm = ev.zoneinfo?.find((z) => z.node === row.node && z.zone === row.zone);
    if (!mine || !wm) {
      out.push(`${row.node}/${row.zone} missing`);
      continue;
    }
    const a = freePagesOf(mine.free);
    const b = freePagesOf(row.free);
    if (Math.abs(a - b) > freePagesTolerance(wm)) out.push(`${row.node}/${row.zone}: ${a} vs ${b}`);
  }
  return out;
}

describe('probe.sh on this host', () => {
  it('prints a complete report whose buddyinfo matches a fresh read', () => {
    let last = '';
    // other test files allocate and free gigabytes beside this one: wait for a quiet moment
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      const { status, out } = probeLive();
      expect(status).toBe(0);
      const parsed = parseProbeReport(out);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const ev = parsed.value;
      const problems = [...ev.problems, ...drift(ev, freshBuddyinfo())];
      if (problems.length === 0) {
        expect(ev.complete).toBe(true);
        expect(ev.kernel).toBe(readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
        expect(ev.buddyinfo.map((r) => `${r.node}/${r.zone}`)).toEqual(
          freshBuddyinfo().map((r) => `${r.node}/${r.zone}`),
        );
        if (isRoot) expect(ev.pagetypeinfo?.zones.length).toBe(ev.buddyinfo.length);
        expect(Buffer.byteLength(out)).toBeLessThan(24 * 1024);
        return;
      }
      last = problems.join('; ');
    }
    expect.fail(`memory kept moving beyond tolerance in ${ATTEMPTS} runs: ${last}`);
  });
});
