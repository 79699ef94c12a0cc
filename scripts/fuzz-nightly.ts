/**
 * The nightly-sized fuzz run: the hostile-input properties with 100,000 cases each (or MEMFRAG_FUZZ_RUNS),
 * through vitest with the Node running this script. `npm run fuzz:nightly`.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const runs = process.env.MEMFRAG_FUZZ_RUNS ?? '100000';
// vitest's entry is not in its exports map: find it beside its package.json
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const started = Date.now();
const r = spawnSync(process.execPath, [vitest, 'run', 'test/reliability/hostileInput.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, MEMFRAG_FUZZ_RUNS: runs, NO_COLOR: '1' },
});
console.log(`fuzz:nightly: ${runs} runs per property, ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(r.status ?? 1);
