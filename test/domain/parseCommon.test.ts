import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countAt, splitLines, toCount, tokens } from '../../src/domain/parseCommon';

// The regex versions the char-code scanners replaced: the scanners must agree with them on every input.
function refToCount(token: string): number | undefined {
  if (!/^\d{1,16}$/.test(token)) return undefined;
  const n = Number(token);
  return Number.isSafeInteger(n) ? n : undefined;
}
function refTokens(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(/\s+/);
}
function refSplitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

// digits, signs, spaces of every kind (ASCII and Unicode), CR/LF and letters, in any mix
const PIECES = [
  '0',
  '7',
  '9',
  '12',
  '9007199254740991',
  '9007199254740992',
  '99999999999999999',
  '-',
  '+',
  '.',
  'e',
  'x',
  ' ',
  '  ',
  '\t',
  '\v',
  '\f',
  '\r',
  '\n',
  '\r\n',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\u3000',
  '١',
  '>',
];
const text = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((a) => a.join('')),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

describe('parseCommon scanners', () => {
  it('toCount agrees with /^\\d{1,16}$/ + Number on any token', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(toCount(t)).toBe(refToCount(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('countAt reads a range as toCount reads its slice', () => {
    fc.assert(
      fc.property(text, fc.nat(40), fc.nat(40), (t, a, b) => {
        const [start, end] = [Math.min(a, b, t.length), Math.min(Math.max(a, b), t.length)];
        expect(countAt(t, start, end)).toBe(refToCount(t.slice(start, end)));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads the edge counts exactly', () => {
    expect(toCount('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect([toCount('9007199254740992'), toCount('12345678901234567'), toCount(''), toCount('1 ')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('tokens agrees with trim + split(/\\s+/), Unicode spaces included', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(tokens(t)).toEqual(refTokens(t));
      }),
      { numRuns: 2000 },
    );
    expect(tokens('a\u00a0b c')).toEqual(['a', 'b', 'c']);
  });

  it('splitLines agrees with split(/\\r?\\n/) minus one trailing empty line', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(splitLines(t)).toEqual(refSplitLines(t));
      }),
      { numRuns: 2000 },
    );
    expect(splitLines('a\r\r\nb\rc\n\n')).toEqual(['a\r', 'b\rc', '']);
  });
});
