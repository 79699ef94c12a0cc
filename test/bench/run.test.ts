import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/run';

describe('bench command line', () => {
  it('runs every benchmark by default', () => {
    const a = parseBenchArgs([]);
    expect(a.benches).toEqual(['fleet', 'coldstart', 'diagnosis']);
    expect(a.quick).toBe(false);
    expect(a.out).toMatch(/bench[/\\]results$/);
  });

  it('takes benchmarks, sizes, runs and an output folder', () => {
    const a = parseBenchArgs(['fleet', '--sizes', '1000,10000', '--runs', '5', '--out', '/tmp/x']);
    expect(a).toMatchObject({ benches: ['fleet'], sizes: [1000, 10_000], runs: 5, out: '/tmp/x' });
  });

  it('refuses unknown benchmarks and bad numbers', () => {
    expect(() => parseBenchArgs(['speed'])).toThrow(/unknown benchmark speed/);
    expect(() => parseBenchArgs(['--sizes', '10,x'])).toThrow(/--sizes/);
    expect(() => parseBenchArgs(['--runs', '0'])).toThrow(/--runs/);
  });
});
