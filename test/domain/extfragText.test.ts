import { describe, expect, it } from 'vitest';
import { formatIndex, renderExtfragFile } from '../../src/domain/extfragText';
import { fragmentationIndex } from '../../src/domain/fragmentationIndex';
import { unusableIndex } from '../../src/domain/unusableIndex';
import {
  B07,
  B20,
  B20_EXTFRAG_INDEX,
  B20_UNUSABLE_INDEX,
  E01_EXTFRAG_NODE0_NORMAL,
  E01_UNUSABLE,
  E02_EXTFRAG_INDEX,
} from './samples';

describe('debugfs extfrag text', () => {
  it('reproduces the live kernel unusable_index file of B20 byte for byte', () => {
    expect(renderExtfragFile(B20, 'unusable')).toBe(B20_UNUSABLE_INDEX);
  });

  it('reproduces the live kernel extfrag_index file of B20 byte for byte', () => {
    expect(renderExtfragFile(B20, 'extfrag')).toBe(B20_EXTFRAG_INDEX);
  });

  it("renders E02's healthy extfrag_index from any buddyinfo with free order-10 blocks (B07)", () => {
    expect(renderExtfragFile(B07, 'extfrag')).toBe(E02_EXTFRAG_INDEX);
  });

  it('prints values with the kernel format strings', () => {
    expect(formatIndex(996)).toBe('0.996');
    expect(formatIndex(1000)).toBe('1.000');
    expect(formatIndex(66)).toBe('0.066');
    expect(formatIndex(-1000, 'extfrag')).toBe('-1.000');
    expect(formatIndex(955, 'extfrag')).toBe(' 0.955');
    expect(formatIndex(1000, 'extfrag')).toBe(' 1.000');
  });

  it('renders the fragmented zone of B01 with the kernel row prefix', () => {
    // By hand: free pages 8869 in 3418 blocks; order 10: 1000 - (1000 + 8869000/1024) / 3418 = 998;
    // unusable order 2: (1163 + 2*1101) * 1000 / 8869 = 379.
    const row = { node: 0, zone: 'Normal', free: [1163, 1101, 932, 222, 0, 0, 0, 0, 0, 0, 0] };
    expect(renderExtfragFile([row], 'extfrag')).toBe(
      'Node 0, zone   Normal -1.000 -1.000 -1.000 -1.000  0.838  0.919  0.960  0.980  0.990  0.995  0.998 \n',
    );
    expect(renderExtfragFile([row], 'unusable')).toBe(
      'Node 0, zone   Normal 0.000 0.131 0.379 0.799 1.000 1.000 1.000 1.000 1.000 1.000 1.000 \n',
    );
  });

  it("matches E01's kernel output on when the fragmentation index is -1.000", () => {
    // E01 has no buddyinfo, but the kernel's own rows must obey the relation our formulas imply:
    // extfrag is -1.000 at an order exactly when the unusable index there is below 1.000.
    const unusable = E01_UNUSABLE.node0Normal.split(' ');
    const extfrag = E01_EXTFRAG_NODE0_NORMAL.split(' ');
    expect(extfrag.map((v) => v === '-1.000')).toEqual(unusable.map((v) => v !== '1.000'));
    expect(extfrag.slice(9).map((v) => formatIndex(Number(v) * 1000, 'extfrag').trim())).toEqual([
      '0.955',
      '0.978',
    ]);
  });

  it('computes each printed value with the index functions', () => {
    const normal = B20[2]!.free;
    const line = renderExtfragFile([B20[2]!], 'unusable').trim().split(' ').slice(-11);
    expect(line).toEqual(normal.map((_, o) => formatIndex(unusableIndex(normal, o))));
    expect(fragmentationIndex(normal, 10)).toBe(-1000);
  });
});
