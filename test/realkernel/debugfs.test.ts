/**
 * Our unusable_index / extfrag_index, computed from /proc/buddyinfo, against the kernel's own
 * /sys/kernel/debug/extfrag/* files, digit for digit. Read-only (it mounts debugfs when needed, as root,
 * and unmounts it again). Memory moves between reads, so a zone counts only when buddyinfo read just
 * before and just after the debugfs files is the same.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderExtfragLine } from '../../src/domain/extfragText';
import { parseBuddyinfo } from '../../src/domain/parseBuddyinfo';
import type { ZoneFree } from '../../src/domain/types';

const DEBUGFS = '/sys/kernel/debug';
const EXTFRAG = `${DEBUGFS}/extfrag`;
const ATTEMPTS = 50;
let mountedHere = false;
let skipReason: string | undefined;

beforeAll(() => {
  if (process.getuid?.() !== 0) {
    skipReason = 'needs root to read debugfs';
    return;
  }
  if (!existsSync(EXTFRAG)) {
    const r = spawnSync('mount', ['-t', 'debugfs', 'none', DEBUGFS], { encoding: 'utf8' });
    mountedHere = r.status === 0;
    if (!mountedHere) skipReason = `cannot mount debugfs: ${(r.stderr || r.error?.message || '').trim()}`;
  }
  if (!skipReason && !existsSync(EXTFRAG))
    skipReason = 'no debugfs extfrag files (CONFIG_COMPACTION or CONFIG_DEBUG_FS off)';
});

afterAll(() => {
  if (mountedHere) spawnSync('umount', [DEBUGFS]);
});

function buddyinfo(): ZoneFree[] {
  const parsed = parseBuddyinfo(readFileSync('/proc/buddyinfo', 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/** One back-to-back read: buddyinfo, both debugfs files, buddyinfo again. */
function snapshot() {
  const before = buddyinfo();
  const unusable = readFileSync(`${EXTFRAG}/unusable_index`, 'utf8').split('\n');
  const extfrag = readFileSync(`${EXTFRAG}/extfrag_index`, 'utf8').split('\n');
  const after = buddyinfo();
  return { before, after, unusable, extfrag };
}

describe('debugfs extfrag files', () => {
  it('equal our computation from buddyinfo digit for digit', (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const verified = new Set<string>();
    const zones = buddyinfo().map((r) => `${r.node}/${r.zone}`);
    for (let attempt = 0; attempt < ATTEMPTS && verified.size < zones.length; attempt++) {
      const s = snapshot();
      s.before.forEach((row, i) => {
        const same = JSON.stringify(row) === JSON.stringify(s.after[i]);
        if (!same) return;
        // the kernel prints the same zones in the same order in all three files
        expect(`${s.unusable[i]}\n`).toBe(renderExtfragLine(row, 'unusable'));
        expect(`${s.extfrag[i]}\n`).toBe(renderExtfragLine(row, 'extfrag'));
        verified.add(`${row.node}/${row.zone}`);
      });
    }
    expect([...verified].sort()).toEqual([...zones].sort());
  });
});
