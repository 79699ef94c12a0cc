import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBuddyinfo } from '../../src/domain/parseBuddyinfo';
import { parseMeminfo } from '../../src/domain/parseMeminfo';
import { parsePagetypeinfo } from '../../src/domain/parsePagetypeinfo';
import { parseVmstat } from '../../src/domain/parseVmstat';
import { parseZoneinfo } from '../../src/domain/parseZoneinfo';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const buddyinfo = read('/proc/buddyinfo');
const zoneKeys = (zs: { node: number; zone: string }[]) => zs.map((z) => `${z.node}/${z.zone}`);

// This host's real kernel: whatever version it runs, its files must parse and agree with each other.
describe.skipIf(buddyinfo === undefined)("parsers on this host's /proc", () => {
  it('reads buddyinfo, zoneinfo and pagetypeinfo as the same populated zones', () => {
    const b = parseBuddyinfo(buddyinfo!);
    const z = parseZoneinfo(read('/proc/zoneinfo')!);
    expect(b.ok && z.ok).toBe(true);
    if (!b.ok || !z.ok) return;
    expect(zoneKeys(z.value)).toEqual(zoneKeys(b.value));
    const pt = read('/proc/pagetypeinfo'); // 0400: root only
    if (pt === undefined) return;
    const p = parsePagetypeinfo(pt);
    expect(p.ok).toBe(true);
    if (p.ok) expect(zoneKeys(p.value.zones)).toEqual(zoneKeys(b.value));
  });

  it('reads meminfo and vmstat', () => {
    const m = parseMeminfo(read('/proc/meminfo')!);
    const v = parseVmstat(read('/proc/vmstat')!);
    expect(m.ok && v.ok).toBe(true);
    if (!m.ok || !v.ok) return;
    expect(m.value.MemFree!).toBeLessThanOrEqual(m.value.MemTotal!);
    expect(v.value.nr_free_pages!).toBeGreaterThan(0);
  });
});
