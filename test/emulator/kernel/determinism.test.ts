import { describe, expect, it } from 'vitest';
import { createKernel, type KernelModel, type KernelSpec } from '../../../src/emulator/kernel';

function session(spec: KernelSpec): Map<string, string> {
  const k: KernelModel = createKernel(spec);
  k.advance(95_000);
  k.write('proc/sys/vm/drop_caches', '1');
  k.advance(31_000);
  k.compact(0);
  return k.render();
}

describe('determinism', () => {
  it('renders identical files for the same seed and the same history', () => {
    const spec: KernelSpec = { preset: 'anonymous', seed: 77, numaNodes: 2 };
    expect(session(spec)).toEqual(session(spec));
  });

  it('ages different seeds differently', () => {
    const a = createKernel({ preset: 'pagecache', seed: 1 }).render().get('proc/buddyinfo');
    const b = createKernel({ preset: 'pagecache', seed: 2 }).render().get('proc/buddyinfo');
    expect(a).not.toEqual(b);
  });

  it('moves model time only through advance()', () => {
    const k = createKernel({ preset: 'healthy', seed: 1 });
    const up = k.render().get('proc/uptime');
    expect(k.render().get('proc/uptime')).toBe(up);
    k.advance(2500);
    expect(k.nowMs).toBe(2500);
    const secs = (s: string | undefined): number => Number(s?.split(' ')[0]);
    expect(secs(k.render().get('proc/uptime')) - secs(up)).toBeCloseTo(2.5, 2);
  });
});
