import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin/memfrag.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
const B01 = join(ROOT, 'test/fixtures/samples/B01.txt');
const B04 = join(ROOT, 'test/fixtures/samples/B04.txt');

describe('--fail-on', () => {
  it('exits 1 with one line when the verdict is one it names, after printing the diagnosis', () => {
    const r = cli('diagnose', '--file', B01, '--json', '--fail-on', 'fragmented,unmovable');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).verdict).toBe('fragmented');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('is fragmented');
  });

  it('exits 0 when the verdict is not named, and `any` means anything but healthy', () => {
    expect(cli('diagnose', '--file', B01, '--fail-on', 'low-memory').status).toBe(0);
    expect(cli('diagnose', '--file', B01, '--fail-on', 'any').status).toBe(1);
    expect(cli('diagnose', '--file', B04, '--fail-on', 'any').status).toBe(0);
  });

  it('refuses an unknown value with exit 2', () => {
    const r = cli('diagnose', '--file', B01, '--fail-on', 'broken');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^memfrag: --fail-on: unknown value "broken"/);
  });
});
