/**
 * The throughput paths of the probe-report parse: section parsers fed the report's lines (no join and
 * re-split), the free-row count scan of pagetypeinfo, the one-pass free-list pairs, and evaluate's literal
 * diagnosis. Each is checked against the plain reading it replaces.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/domain/evaluate';
import { parseBuddyinfo, parseBuddyinfoLines } from '../../src/domain/parseBuddyinfo';
import { splitLines } from '../../src/domain/parseCommon';
import { parseFreeListLine } from '../../src/domain/parseFreeListLine';
import { parseKernelLog, parseKernelLogLines } from '../../src/domain/parseKernelLog';
import { parseMeminfo, parseMeminfoLines } from '../../src/domain/parseMeminfo';
import { parsePagetypeinfo, parsePagetypeinfoLines } from '../../src/domain/parsePagetypeinfo';
import { parseProbeReport } from '../../src/domain/parseProbeReport';
import { parseVmstat, parseVmstatLines } from '../../src/domain/parseVmstat';
import { parseZoneinfo, parseZoneinfoLines } from '../../src/domain/parseZoneinfo';
import { splitProbeReport } from '../../src/domain/splitProbeReport';

const report = (name: string) =>
  readFileSync(new URL(`../fixtures/trees/reports/${name}.txt`, import.meta.url), 'utf8');
const REPORTS = [report('centos7-3.10'), report('two-node')];

const PARSERS = {
  buddyinfo: [parseBuddyinfo, parseBuddyinfoLines],
  zoneinfo: [parseZoneinfo, parseZoneinfoLines],
  meminfo: [parseMeminfo, parseMeminfoLines],
  vmstat: [parseVmstat, parseVmstatLines],
  pagetypeinfo: [parsePagetypeinfo, parsePagetypeinfoLines],
  kernlog: [parseKernelLog, parseKernelLogLines],
} as const;

describe('section parsers over lines', () => {
  it('read a report section exactly as they read its text', () => {
    let compared = 0;
    for (const text of REPORTS) {
      for (const s of splitProbeReport(text).sections) {
        const pair = PARSERS[s.name as keyof typeof PARSERS];
        if (!pair || s.unavailable !== undefined) continue;
        const [fromText, fromLines] = pair as unknown as [(t: string) => unknown, (l: string[]) => unknown];
        expect(fromLines(s.lines)).toEqual(fromText(s.lines.join('\n')));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  });

  it('names the report line of a garbled buddyinfo row when lines end in a stray carriage return', () => {
    // `\r\r\n` leaves a `\r` on every line: the section must read as its joined text would (the `\r` stripped)
    const text = REPORTS[0]!.replace(/(== buddyinfo\n[^\n]*?) \d+ /, '$1 x ').replace(/\n/g, '\r\r\n');
    const parsed = parseProbeReport(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const lineNo = text.split('\n').findIndex((l) => l.includes(' x ')) + 1;
    expect(parsed.error.line).toBe(lineNo);
    expect(parsed.error.text.endsWith('\r')).toBe(false);
  });

  it('drops a blank last line of a section like the joined text does', () => {
    const text = REPORTS[1]!.replace(/\n== meminfo\n/, '\n\n== meminfo\n');
    const zoneinfo = splitProbeReport(text).sections.find((s) => s.name === 'zoneinfo')!;
    expect(zoneinfo.lines.at(-1)).toBe('');
    expect(splitLines(zoneinfo.lines.join('\n')).length).toBe(zoneinfo.lines.length - 1);
    const expected = parseZoneinfo(zoneinfo.lines.join('\n'));
    const parsed = parseProbeReport(text);
    expect(expected.ok && parsed.ok).toBe(true);
    if (expected.ok && parsed.ok) expect(parsed.value.zoneinfo).toEqual(expected.value);
  });
});

/** The reading the free-row scan replaces: tokens, then `(>)?` and at most 16 digits each. */
function referenceRow(rest: string, orders: number) {
  const t = rest.trim();
  const parts = t === '' ? [] : t.split(/\s+/);
  if (parts.length !== orders) return `${parts.length} counts, but the order header has ${orders}`;
  const counts: number[] = [];
  const atLeast: boolean[] = [];
  for (const p of parts) {
    const m = /^(>)?(\d{1,16})$/.exec(p);
    const n = m ? Number(m[2]) : Number.NaN;
    if (!m || !Number.isSafeInteger(n)) return `count "${p}" is not a non-negative integer`;
    counts.push(n);
    atLeast.push(m[1] !== undefined);
  }
  return { counts, atLeast };
}

const ORDERS = 11;
const pagetypeinfo = (row: string) =>
  [
    'Page block order: 9',
    'Pages per block: 512',
    '',
    `Free pages count per migrate type at order ${Array.from({ length: ORDERS }, (_, o) => o).join(' ')}`,
    `Node 0, zone   Normal, type      Movable ${row}`,
    '',
    'Number of blocks type     Movable',
    'Node 0, zone   Normal         7',
  ].join('\n');

describe('pagetypeinfo free rows', () => {
  const token = fc.constantFrom(
    '0',
    '7',
    '>100000',
    '>',
    '12345678901234567',
    '9007199254740993',
    'x1',
    '1x',
    '-1',
  );
  const space = fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u3000 ');

  it('read counts, `>` marks and problems as the token reading does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(token, space), { maxLength: 14 }), (cells) => {
        const row = cells.map(([t, s]) => t + s).join('');
        const parsed = parsePagetypeinfo(pagetypeinfo(row));
        const expected = referenceRow(row, ORDERS);
        if (typeof expected === 'string') {
          expect(parsed.ok).toBe(false);
          if (!parsed.ok) expect(parsed.error.message).toBe(expected);
        } else {
          expect(parsed.ok).toBe(true);
          if (parsed.ok) expect(parsed.value.zones[0]!.free.Movable).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads a well-formed row of counts', () => {
    const row = '1 2 3 4 5 6 7 8 9 10 >100000';
    const parsed = parsePagetypeinfo(pagetypeinfo(row));
    expect(parsed.ok && parsed.value.zones[0]!.free.Movable).toEqual({
      counts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100000],
      atLeast: [false, false, false, false, false, false, false, false, false, false, true],
    });
  });
});

describe('free-list lines', () => {
  const counts = fc.array(fc.nat(100000), { minLength: 9, maxLength: 14 });
  const line = (free: number[], sizeOf: (o: number) => number, total?: number) => {
    const sum = free.reduce((a, c, o) => a + c * sizeOf(o), 0);
    return `Node 1 DMA32: ${free.map((c, o) => `${c}*${sizeOf(o)}kB ${c ? '(UEM) ' : ''}`).join('')}= ${total ?? sum}kB`;
  };

  it('read counts, page size and total when sizes double and the total adds up', () => {
    fc.assert(
      fc.property(counts, fc.constantFrom(4, 16, 64), (free, pageKb) => {
        const read = parseFreeListLine(line(free, (o) => pageKb * 2 ** o));
        expect(read?.free).toEqual(free);
        expect(read?.pageSize).toBe(pageKb * 1024);
        expect(read?.node).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('reject a size that breaks the doubling, or a total that does not add up', () => {
    fc.assert(
      fc.property(counts, fc.nat(7), (free, bad) => {
        expect(
          parseFreeListLine(line(free, (o) => (o === bad + 1 ? 4 * 2 ** o + 4 : 4 * 2 ** o))),
        ).toBeUndefined();
        const sum = free.reduce((a, c, o) => a + c * 4 * 2 ** o, 0);
        expect(parseFreeListLine(line(free, (o) => 4 * 2 ** o, sum + 4))).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});

describe('evaluate', () => {
  it('lists the diagnosis keys in their documented order', () => {
    for (const text of REPORTS) {
      const parsed = parseProbeReport(text);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const keys = Object.keys(evaluate(parsed.value));
      expect(keys.slice(0, 7)).toEqual([
        'targetOrder',
        'zones',
        'allocationFailures',
        'verdict',
        'plan',
        'reasons',
        'severity',
      ]);
      expect(keys.slice(7).every((k) => k === 'worst')).toBe(true);
    }
  });
});
