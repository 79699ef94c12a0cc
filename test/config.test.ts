import { describe, expect, it } from 'vitest';
import { loadConfig, parseFleet, parseWindows } from '../src/config';
import { InputError } from '../src/errors';

describe('loadConfig', () => {
  it('fills safe defaults from an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      home: '.memfrag',
      region: 'ap-guangzhou',
      rateLimitPerSecond: 20,
      cooldownMs: 1_800_000,
    });
    expect(c.attemptLimit).toEqual({ max: 3, windowMs: 86_400_000 });
    expect(c.approval.compaction).toBe(false);
    expect(c.fleet).toEqual([]);
  });

  it('reads every documented variable', () => {
    const c = loadConfig({
      MEMFRAG_DATABASE_URL: 'postgres://u:p@db:5432/memfrag',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      MEMFRAG_TAT_ENDPOINT: 'http://127.0.0.1:9000',
      MEMFRAG_ATTEMPT_LIMIT: '2/6h',
      MEMFRAG_REQUIRE_APPROVAL: 'true',
      MEMFRAG_MAX_CONCURRENT_COMPACTIONS: '3',
      MEMFRAG_FLEET: 'cls-abcd1234, tag:env=prod, ins-abcd1234',
      MEMFRAG_TARGET_ORDER: '6',
    });
    expect(c.region).toBe('ap-shanghai');
    expect(c.attemptLimit).toEqual({ max: 2, windowMs: 6 * 3_600_000 });
    expect(c.approval.compaction).toBe(true);
    expect(c.targetOrder).toBe(6);
    expect(c.fleet).toEqual([
      { kind: 'cluster', clusterId: 'cls-abcd1234' },
      { kind: 'instances', instanceIds: ['ins-abcd1234'] },
      { kind: 'tags', tags: { env: 'prod' } },
    ]);
  });

  it.each([
    ['MEMFRAG_DATABASE_URL', 'mysql://x'],
    ['MEMFRAG_RATE_LIMIT', 'fast'],
    ['MEMFRAG_REQUIRE_APPROVAL', 'yes please'],
    ['MEMFRAG_ATTEMPT_LIMIT', '3 per day'],
    ['MEMFRAG_FLEET', 'everything'],
    ['MEMFRAG_MAINTENANCE_WINDOWS', 'Funday 25:00-26:00'],
    ['MEMFRAG_TARGET_ORDER', '42'],
  ])('refuses a bad %s naming the variable', (name, value) => {
    try {
      loadConfig({ [name]: value });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe(name);
      expect((e as Error).message).toContain(name);
    }
  });
});

describe('parseWindows and parseFleet', () => {
  it('reads day ranges, wrapping weeks and every-day windows', () => {
    expect(parseWindows('Mon-Fri 02:00-05:00, Sat-Sun 22:00-04:00, 12:00-13:00')).toEqual([
      { days: [1, 2, 3, 4, 5], start: '02:00', end: '05:00' },
      { days: [6, 0], start: '22:00', end: '04:00' },
      { start: '12:00', end: '13:00' },
    ]);
  });

  it('treats an empty fleet as no targets', () => {
    expect(parseFleet(' , ')).toEqual([]);
  });
});
