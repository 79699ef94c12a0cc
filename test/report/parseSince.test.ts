import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors';
import { parseSince } from '../../src/report/parseSince';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

function errorOf(raw: string): InputError {
  try {
    parseSince(raw, NOW);
  } catch (e) {
    return e as InputError;
  }
  throw new Error(`parseSince accepted ${raw}`);
}

describe('parseSince', () => {
  it('reads relative ages in minutes, hours, days and weeks', () => {
    expect(parseSince('24h', NOW)).toBe(NOW - 24 * 3_600_000);
    expect(parseSince('7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseSince('90m', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseSince('2w', NOW)).toBe(NOW - 14 * 86_400_000);
  });

  it('reads ISO dates and date-times as UTC unless they name a zone', () => {
    expect(parseSince('2026-11-27', NOW)).toBe(Date.UTC(2026, 10, 27));
    expect(parseSince('2026-11-27T06:30', NOW)).toBe(Date.UTC(2026, 10, 27, 6, 30));
    expect(parseSince('2026-11-27 06:30:15', NOW)).toBe(Date.UTC(2026, 10, 27, 6, 30, 15));
    expect(parseSince('2026-11-27T06:30:00+08:00', NOW)).toBe(Date.UTC(2026, 10, 26, 22, 30));
    expect(parseSince('2026-11-27T06:30:00.250Z', NOW)).toBe(Date.UTC(2026, 10, 27, 6, 30, 0, 250));
  });

  it.each([
    ['yesterday'],
    ['24'],
    ['0h'],
    ['-1d'],
    ['2026-13-45'],
    ['2026-02-30'],
    ['2026-11-27T25:00'],
    ['2027-01-01'],
    ['1d; rm -rf /'],
  ])('refuses %s with an InputError naming --since', (raw) => {
    const e = errorOf(raw);
    expect(e).toBeInstanceOf(InputError);
    expect(e.field).toBe('since');
    expect(e.message).toMatch(/^--since /);
    expect(e.message).not.toContain('\n');
  });
});
