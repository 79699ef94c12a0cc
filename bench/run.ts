/**
 * `npm run bench [-- fleet|coldstart|diagnosis ...] [--runs N] [--sizes 1000,10000] [--quick] [--out DIR]`:
 * runs the benchmarks (all by default) and writes one results file each into bench/results (or DIR).
 * `--quick` is the smoke size the tests use: tiny fleets, one run, short loops.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runColdStartBench } from './coldStart/coldStart';
import { coldStartMarkdown } from './coldStart/coldStartReport';
import { runDiagnosisBench } from './diagnosis/diagnosis';
import { diagnosisMarkdown } from './diagnosis/diagnosisReport';
import { fixtureReports, modelReports } from './diagnosis/reportCorpus';
import { fleetMarkdown } from './fleet/fleetReport';
import { type FleetBenchOptions, REALISTIC, runFleetBench } from './fleet/fleetSweep';
import { machineFacts } from './lib/machine';
import { writeResults } from './lib/markdown';

const BENCHES = ['fleet', 'coldstart', 'diagnosis'] as const;
type Bench = (typeof BENCHES)[number];

/** Parsed command line. */
export interface BenchArgs {
  benches: Bench[];
  runs: number | undefined;
  sizes: number[] | undefined;
  quick: boolean;
  out: string;
}

/** Parses `argv` (without node and the script). */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      runs: { type: 'string' },
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: join(import.meta.dirname, 'results') },
    },
  });
  const unknown = positionals.filter((p) => !(BENCHES as readonly string[]).includes(p));
  if (unknown.length > 0)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; one of ${BENCHES.join(', ')}`);
  const sizes = values.sizes?.split(',').map(Number);
  if (sizes?.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers');
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1))
    throw new Error('--runs takes a positive integer');
  return {
    benches: positionals.length > 0 ? (positionals as Bench[]) : [...BENCHES],
    runs,
    sizes,
    quick: values.quick ?? false,
    out: values.out ?? join(import.meta.dirname, 'results'),
  };
}

const log = (line: string) => console.error(`[bench] ${line}`);

async function fleet(a: BenchArgs, command: string): Promise<string> {
  const opts: FleetBenchOptions = a.quick
    ? {
        ...REALISTIC,
        sizes: a.sizes ?? [40],
        runs: a.runs ?? 1,
        naiveSample: 5,
        pendingMs: 20,
        deliveringMs: 20,
        apiLatencyMs: 5,
        pollIntervalMs: { min: 100, max: 400 },
        naivePollMs: 100,
        log,
      }
    : { ...REALISTIC, sizes: a.sizes ?? [1000, 10_000], runs: a.runs ?? 3, reference: true, log };
  const machine = machineFacts();
  const runs = await runFleetBench(opts);
  writeResults(
    join(a.out, 'fleet-sweep.json'),
    JSON.stringify({ command, opts: { ...opts, log: undefined }, machine, runs }, null, 1),
  );
  const file = join(a.out, 'fleet-sweep.md');
  writeResults(file, fleetMarkdown(runs, opts, machine, command));
  return file;
}

async function coldstart(a: BenchArgs, command: string): Promise<string> {
  const runs = a.runs ?? (a.quick ? 1 : 9);
  const machine = machineFacts();
  const res = await runColdStartBench({
    runs,
    log,
    ...(a.quick
      ? { functions: ['worker'], nodes: [{ label: process.version, bin: process.execPath }] }
      : { analyse: 'alarm' }),
  });
  writeResults(join(a.out, 'cold-start.json'), JSON.stringify({ command, runs, machine, res }, null, 1));
  const file = join(a.out, 'cold-start.md');
  writeResults(file, coldStartMarkdown(res, runs, machine, command));
  return file;
}

async function diagnosis(a: BenchArgs, command: string): Promise<string> {
  const opts = { runs: a.runs ?? (a.quick ? 1 : 5), msPerRun: a.quick ? 200 : 3000, log };
  const machine = machineFacts();
  const corpus = [...fixtureReports(), ...(await modelReports(a.quick ? 2 : undefined))];
  const runs = runDiagnosisBench(corpus, opts);
  const names = corpus.map((r) => r.name);
  writeResults(
    join(a.out, 'diagnosis.json'),
    JSON.stringify({ command, opts: { ...opts, log: undefined }, machine, corpus: names, runs }, null, 1),
  );
  const file = join(a.out, 'diagnosis.md');
  writeResults(file, diagnosisMarkdown(runs, corpus, opts, machine, command));
  return file;
}

/** Runs the chosen benchmarks in order; returns the results files written. */
export async function runBenches(a: BenchArgs, command: string): Promise<string[]> {
  const run: Record<Bench, (a: BenchArgs, command: string) => Promise<string>> = {
    fleet,
    coldstart,
    diagnosis,
  };
  const files: string[] = [];
  for (const b of a.benches) {
    log(`${b}: start`);
    files.push(await run[b](a, command));
    log(`${b}: wrote ${files.at(-1)}`);
  }
  return files;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const argv = process.argv.slice(2);
  const command = ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' ');
  try {
    for (const f of await runBenches(parseBenchArgs(argv), command)) console.log(f);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
