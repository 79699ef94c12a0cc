/**
 * `tsx bench/rerender.ts [DIR]`: rewrites fleet-sweep.md and cold-start.md from the raw samples saved beside
 * them (after a change to how results are presented, without measuring again).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coldStartMarkdown } from './coldStart/coldStartReport';
import { fleetMarkdown } from './fleet/fleetReport';
import { writeResults } from './lib/markdown';

const dir = process.argv[2] ?? join(import.meta.dirname, 'results');
const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

if (existsSync(join(dir, 'fleet-sweep.json'))) {
  const { opts, machine, runs, command } = read('fleet-sweep.json');
  writeResults(join(dir, 'fleet-sweep.md'), fleetMarkdown(runs, opts, machine, command ?? 'npm run bench'));
  console.log(join(dir, 'fleet-sweep.md'));
}
if (existsSync(join(dir, 'cold-start.json'))) {
  const { runs, machine, res, command } = read('cold-start.json');
  writeResults(join(dir, 'cold-start.md'), coldStartMarkdown(res, runs, machine, command ?? 'npm run bench'));
  console.log(join(dir, 'cold-start.md'));
}
