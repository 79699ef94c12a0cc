/** The README stays true: every variable config.ts reads and every CLI command is documented there. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_DOCS } from '../src/config';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const MAIN = readFileSync(join(__dirname, '..', 'src', 'cli', 'main.ts'), 'utf8');

describe('README', () => {
  it('documents every configuration variable with its default', () => {
    for (const [name, doc] of Object.entries(ENV_DOCS)) {
      expect(README, name).toContain(`| \`${name}\` | ${doc.meaning} | ${doc.default} |`);
    }
  });

  it('lists every registered command', () => {
    const commands = [...MAIN.matchAll(/addCommand\((\w+)Command\(\)\)/g)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThan(5);
    for (const c of commands) expect(README, c).toContain(`memfrag ${c}`);
  });

  it('shows the install-and-run and the test commands', () => {
    expect(README).toContain('npm ci && npm start');
    expect(README).toContain('npm test');
  });
});
