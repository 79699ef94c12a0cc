import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGfpMode } from '../../src/domain/parseGfpMode';
import { parseKernelLog } from '../../src/domain/parseKernelLog';
import { loadSample } from '../fixtures/samples/loadSample';

describe('parseGfpMode (<= 4.5 kernels, RHEL7 3.10 bits)', () => {
  it.each([
    ['0xd0', ['GFP_KERNEL']],
    ['0xc0d0', ['GFP_KERNEL', '__GFP_COMP', '__GFP_ZERO']],
    ['0x10c0d0', ['GFP_KERNEL', '__GFP_COMP', '__GFP_ZERO', '__GFP_ACCOUNT']],
    ['0x2040d0', ['GFP_KERNEL', '__GFP_COMP', '__GFP_NOTRACK']],
    ['0x20', ['GFP_ATOMIC']],
    ['0x4020', ['GFP_ATOMIC', '__GFP_COMP']],
    ['0x200da', ['GFP_HIGHUSER_MOVABLE']],
    ['0x50', ['GFP_NOFS']],
    ['0x0', ['GFP_NOWAIT']],
    ['0x8000000', ['0x8000000']],
  ])('decodes %s', (mode, names) => {
    expect(parseGfpMode(mode)).toEqual(names);
  });

  it('decodes the runc/netns signature of the CentOS 7 samples (L03, L06)', () => {
    for (const id of ['L03', 'L06']) {
      const [failure] = parseKernelLog(loadSample(id)).failures;
      expect(parseGfpMode(failure!.mode)).toContain('__GFP_ACCOUNT');
    }
  });

  it('refuses what is not a hex mode', () => {
    expect(parseGfpMode('0xzz')).toBeUndefined();
    expect(parseGfpMode('208')).toBeUndefined();
    expect(parseGfpMode('0x123456789')).toBeUndefined();
  });

  it('accounts for every bit exactly once', () => {
    const composites: Record<string, number> = {
      GFP_HIGHUSER_MOVABLE: 0x200da,
      GFP_HIGHUSER: 0x200d2,
      GFP_USER: 0x200d0,
      GFP_TEMPORARY: 0x800d0,
      GFP_KERNEL: 0xd0,
      GFP_NOFS: 0x50,
    };
    const maskOf = (name: string): number => {
      if (name.startsWith('0x')) return Number.parseInt(name, 16);
      if (composites[name] !== undefined) return composites[name];
      const bit = Array.from({ length: 25 }, (_, b) => 2 ** b).find(
        (m) => parseGfpMode(`0x${m.toString(16)}`)![0] === name,
      );
      if (bit === undefined) throw new Error(`unknown name ${name}`);
      return bit;
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffffffff }), (n) => {
        const names = parseGfpMode(`0x${n.toString(16)}`)!;
        // disjoint masks that add up to the mode: no bit lost, none counted twice
        expect(names.map(maskOf).reduce((a, b) => a + b, 0)).toBe(n);
      }),
    );
  });
});
