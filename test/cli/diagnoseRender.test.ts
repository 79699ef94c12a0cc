/**
 * The human rendering of a diagnosis: bars, sizes, colour rules. The CLI end-to-end tests are in
 * diagnose.test.ts; these check the pieces on a real evaluation of sample B01.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDiagnosis } from '../../src/cli/renderDiagnosis';
import { useColor } from '../../src/cli/renderStyle';
import { bar, mib, sizeLabel } from '../../src/cli/renderZoneChart';
import { evaluate } from '../../src/domain/evaluate';
import { evidenceFromText } from '../../src/domain/evidenceFromText';

const B01 = readFileSync(new URL('../fixtures/samples/B01.txt', import.meta.url), 'utf8');

function b01() {
  const parsed = evidenceFromText(B01);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { ev: parsed.value, d: evaluate(parsed.value) };
}

describe('zone chart pieces', () => {
  it('draws bars in eighths of a cell and shows any non-zero value', () => {
    expect(bar(1)).toBe('█'.repeat(24));
    expect(bar(0.5)).toBe('█'.repeat(12));
    expect(bar(1 / 48)).toBe('▌');
    expect(bar(1e-9)).toBe('▏');
    expect(bar(0)).toBe('');
  });

  it('names block sizes like the kernel docs do', () => {
    expect([4096, 65536, 2 ** 21, 2 ** 22, 2 ** 29, 2 ** 30].map(sizeLabel)).toEqual([
      '4K',
      '64K',
      '2M',
      '4M',
      '512M',
      '1G',
    ]);
  });

  it('shows small amounts of MiB with two decimals', () => {
    expect(mib(4096)).toBe('0.00');
    expect(mib(2 ** 19)).toBe('0.50');
    expect(mib(14.56 * 2 ** 20)).toBe('14.6');
    expect(mib(0)).toBe('0.0');
  });
});

describe('colour', () => {
  it('is on only for a terminal without NO_COLOR', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });

  it('adds ANSI codes only when asked', () => {
    const { ev, d } = b01();
    expect(renderDiagnosis(d, ev, { color: true, origin: 'B01' })).toContain(
      '\u001b[1;33mFRAGMENTED\u001b[0m',
    );
    expect(renderDiagnosis(d, ev, { color: false, origin: 'B01' })).not.toContain('\u001b[');
  });
});

describe('renderDiagnosis', () => {
  it('charts every zone, marks the target order and ends with verdict, plan and reasons', () => {
    const { ev, d } = b01();
    const text = renderDiagnosis(d, ev, { color: false, origin: 'B01.txt' });
    expect(text.startsWith('memfrag diagnose: buddyinfo from B01.txt\n')).toBe(true);
    for (const zone of ['DMA', 'DMA32', 'Normal']) expect(text).toContain(`Node 0, zone ${zone}: `);
    expect(text.match(/◀$/gm)).toHaveLength(3);
    expect(text).toMatch(/^\s+4\s+64K\s+0\s+0\.0\s+1\.000\s+0\.886 ◀$/m);
    const verdictAt = text.indexOf('Verdict: FRAGMENTED at order 4');
    expect(verdictAt).toBeGreaterThan(text.lastIndexOf('◀'));
    expect(text.indexOf('Plan:')).toBeGreaterThan(verdictAt);
    expect(text.indexOf('Reasons:')).toBeGreaterThan(text.indexOf('Plan:'));
    for (const r of d.reasons) expect(text).toContain(`  - ${r}`);
  });
});
