/**
 * Input detection and evidenceFromText over the public samples (test/fixtures/samples, from
 * /work/shared/fixtures/public-samples.md) and the probe reports of the recorded trees.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectInputKind } from '../../src/domain/detectInput';
import { evidenceFromText, NOT_RECOGNIZED } from '../../src/domain/evidenceFromText';
import type { Evidence } from '../../src/domain/types';

const sample = (name: string) =>
  readFileSync(new URL(`../fixtures/samples/${name}`, import.meta.url), 'utf8');
const report = (name: string) =>
  readFileSync(new URL(`../fixtures/trees/reports/${name}.txt`, import.meta.url), 'utf8');

function evidence(text: string): Evidence {
  const parsed = evidenceFromText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

describe('detectInputKind', () => {
  it.each([
    ['B01.txt', 'buddyinfo'],
    ['B07.txt', 'buddyinfo'],
    ['B09.txt', 'buddyinfo'],
    ['B19-buddyinfo.txt', 'buddyinfo'],
    ['P01.txt', 'pagetypeinfo'],
    ['P02.txt', 'pagetypeinfo'],
    ['B19-pagetypeinfo.txt', 'pagetypeinfo'],
    ['B19-zoneinfo.txt', 'zoneinfo'],
    ['M01.txt', 'kernel-log'],
    ['M02.txt', 'kernel-log'],
    ['L01.txt', 'kernel-log'],
    ['L07.txt', 'kernel-log'],
    ['L16.txt', 'kernel-log'],
    ['L20.txt', 'kernel-log'],
  ])('calls %s %s', (file, kind) => {
    expect(detectInputKind(sample(file))).toBe(kind);
  });

  it('calls a probe report a probe report even though its log section holds failure lines', () => {
    expect(detectInputKind(report('centos7-3.10'))).toBe('probe-report');
  });

  it('recognises none of debugfs output, JSON or an empty file', () => {
    expect(detectInputKind(sample('E02.txt'))).toBeUndefined();
    expect(detectInputKind('{"verdict":"healthy"}')).toBeUndefined();
    expect(detectInputKind('')).toBeUndefined();
  });
});

describe('evidenceFromText', () => {
  it('turns buddyinfo into complete evidence', () => {
    const ev = evidence(sample('B09.txt'));
    expect(ev).toMatchObject({ source: 'buddyinfo', complete: true, problems: [] });
    expect(ev.buddyinfo.map((r) => `${r.node}/${r.zone}`)).toEqual([
      '0/DMA',
      '0/DMA32',
      '0/Normal',
      '1/Normal',
    ]);
  });

  it('uses the Mem-Info free lists of a log as buddyinfo, with the page size they reveal', () => {
    const ev = evidence(sample('M02.txt'));
    expect(ev.source).toBe('kernel-log');
    expect(ev.complete).toBe(true);
    expect(ev.pageSize).toBe(4096);
    expect(ev.numaNodes).toEqual([0, 1]);
    expect(ev.buddyinfo.find((r) => r.node === 1)?.free.at(-1)).toBe(3537);
  });

  it('keeps the failures of a log without free lists, with empty buddyinfo and the reason', () => {
    const ev = evidence(sample('L06.txt'));
    expect(ev.buddyinfo).toEqual([]);
    expect(ev.complete).toBe(false);
    expect(ev.problems).toEqual([
      'the log has no Mem-Info free lists, so fragmentation cannot be measured from it',
    ]);
    expect(ev.kernlog?.failures).toMatchObject([{ comm: 'exe', order: 6, mode: '0x10c0d0' }]);
  });

  it('sums the migratetype lists of pagetypeinfo per zone and keeps the pagetypeinfo', () => {
    const ev = evidence(sample('B19-pagetypeinfo.txt'));
    const buddy = evidence(sample('B19-buddyinfo.txt'));
    expect(ev.source).toBe('pagetypeinfo');
    // B19 was read with one `cat`, so the two files agree exactly here
    expect(ev.buddyinfo).toEqual(buddy.buddyinfo);
    expect(ev.pagetypeinfo?.zones).toHaveLength(3);
  });

  it('names the first line of text it cannot recognise', () => {
    const parsed = evidenceFromText('\n\nhello world\nNode 0, zone DMA 1 2 3\n');
    expect(parsed).toEqual({ ok: false, error: { message: NOT_RECOGNIZED, line: 3, text: 'hello world' } });
  });

  it('names the garbled line of something that starts like buddyinfo', () => {
    const parsed = evidenceFromText(`${sample('B01.txt')}Node 0, zone Movable 1 2\n`);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.line).toBe(4);
      expect(parsed.error.message.startsWith(NOT_RECOGNIZED)).toBe(true);
    }
  });

  it('refuses zoneinfo alone, which has no free blocks by order', () => {
    const parsed = evidenceFromText(sample('B19-zoneinfo.txt'));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/^is zoneinfo/);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const parsed = evidenceFromText(text);
        return parsed.ok ? Array.isArray(parsed.value.buddyinfo) : typeof parsed.error.message === 'string';
      }),
      { numRuns: 300 },
    );
  });
});
