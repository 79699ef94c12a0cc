import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBuddyinfo } from '../../src/domain/parseBuddyinfo';
import { parseKernelLog } from '../../src/domain/parseKernelLog';
import { parseMeminfo } from '../../src/domain/parseMeminfo';
import { parsePagetypeinfo } from '../../src/domain/parsePagetypeinfo';
import { parseVmstat } from '../../src/domain/parseVmstat';
import { parseZoneinfo } from '../../src/domain/parseZoneinfo';
import { loadSample } from '../fixtures/samples/loadSample';

const PARSERS = { parseBuddyinfo, parsePagetypeinfo, parseZoneinfo, parseMeminfo, parseVmstat };
const SAMPLES = [
  'B01',
  'B09',
  'B19-buddyinfo',
  'B19-pagetypeinfo',
  'B19-zoneinfo',
  'P01',
  'P02',
  'L16',
  'L18',
  'L20',
  'M02',
];

// Pieces of real kernel text, so generated inputs reach deep into the parsers rather than failing on line 1.
const PIECES = [
  'Node 0, zone   Normal ',
  'Node    1, zone      DMA, type    Movable ',
  '>100000 ',
  '     12 ',
  '0 ',
  '\n',
  ' ',
  'Page block order: 9\n',
  'Pages per block:  512\n',
  'Free pages count per migrate type at order 0 1 2 3 4 5 6 7 8 9 10\n',
  'Number of blocks type Unmovable Movable\n',
  'pages free 5\n',
  'min 1\n',
  'managed 0\n',
  'protection: (0, 1)\n',
  'pagesets\n',
  ': page allocation failure: order:6, mode:0x10c0d0',
  '(GFP_KERNEL|__GFP_COMP)',
  ', nodemask=(null)',
  ',cpuset=/,mems_allowed=0',
  'runc:[1:CHILD]',
  '[  44.478214] ',
  'Jun  8 11:04:35 node-1 kernel: ',
  '#012',
  ' cpuset=/ mems_allowed=0',
  '1163*4kB (UME) ',
  '0*8kB ',
  '= 4652kB',
  'SLUB: Unable to allocate memory',
  'Killed process 1 ',
  'MemTotal: 5 kB\n',
  'nr_free_pages 3\n',
  '\r\n',
];
const kernelish = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((a) => a.join(''));
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  kernelish,
);

/** A real sample with random characters deleted, replaced or inserted. */
const mutatedSample = fc
  .tuple(
    fc.constantFrom(...SAMPLES),
    fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.string({ maxLength: 3 })), { maxLength: 8 }),
  )
  .map(([id, edits]) => {
    let s = loadSample(id);
    for (const [at, kind, text] of edits) {
      const i = at % (s.length + 1);
      s =
        kind === 0
          ? s.slice(0, i) + s.slice(i + 1)
          : kind === 1
            ? s.slice(0, i) + text + s.slice(i + 1)
            : s.slice(0, i) + text + s.slice(i);
    }
    return s;
  });

describe('parsers on arbitrary text', () => {
  it.each(Object.entries(PARSERS))('%s never throws and any error names a real line', (_, parse) => {
    fc.assert(
      fc.property(fc.oneof(anyText, mutatedSample), (text) => {
        const r = parse(text);
        if (!r.ok) {
          expect(r.error.line).toBeGreaterThanOrEqual(0);
          expect(r.error.line).toBeLessThanOrEqual(text.split('\n').length);
          expect(r.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('parseKernelLog never throws and its failures point at lines that hold them', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, mutatedSample), (text) => {
        const f = parseKernelLog(text);
        const lines = text.split(/\r?\n/);
        for (const x of f.failures) {
          expect(lines[x.line - 1]).toContain('page allocation failure');
          expect(x.comm.length).toBeLessThanOrEqual(15);
        }
        for (const z of f.freeLists) expect(z.free.length).toBeGreaterThanOrEqual(9);
      }),
      { numRuns: 600 },
    );
  });

  it('reads huge hostile lines in linear time', () => {
    const hostile = [
      'a:'.repeat(200_000),
      `Node 0 Normal: ${'1*4kB (U) '.repeat(50_000)}= 5kB`,
      ' cpuset='.repeat(100_000),
    ];
    const started = performance.now();
    for (const text of hostile) {
      parseKernelLog(text);
      parseBuddyinfo(text);
      parsePagetypeinfo(text);
      parseZoneinfo(text);
    }
    // ~60 ms on a 2-core VM; a quadratic regex would take minutes
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
