/** A real engine over a real SQLite store and the local executor running the real scripts on a copied tree. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalExecutor } from '../../src/adapters/local/localExecutor';
import { openStore } from '../../src/adapters/store/openStore';
import { type EngineConfigInput, engineConfig } from '../../src/engine/config';
import { createEngine, type Engine } from '../../src/engine/createEngine';
import type { Clock, Executor, Store } from '../../src/ports';

const TREES = new URL('../fixtures/trees/', import.meta.url).pathname;

/**
 * A clock tests move by hand; it starts at the wall time so the probe's own timestamp looks fresh, and each
 * reading moves it 1 ms so records made in one run keep their order.
 */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function testClock(start = Date.now()): TestClock {
  let t = start;
  const advance = (ms: number): void => {
    t += ms;
  };
  return {
    now: () => {
      t += 1;
      return t;
    },
    sleep: async (ms) => advance(ms),
    advance,
  };
}

export interface Harness {
  engine: Engine;
  store: Store;
  clock: TestClock;
  executor: Executor;
  root: string;
  read(path: string): string;
  close(): Promise<void>;
}

/** Copies a recorded tree and adds empty control files (regular files: a write lands in the file). */
export function copyTree(tree: string): string {
  const root = mkdtempSync(join(tmpdir(), `memfrag-engine-${tree}-`));
  cpSync(join(TREES, tree), root, { recursive: true });
  writeFileSync(join(root, 'proc/sys/vm/drop_caches'), '');
  writeFileSync(join(root, 'proc/sys/vm/compact_memory'), '');
  return root;
}

/** Opens a store in a temp home and an engine over the local executor rooted at a copy of `tree`. */
export async function harness(tree: string, config: EngineConfigInput = {}): Promise<Harness> {
  const home = mkdtempSync(join(tmpdir(), 'memfrag-engine-home-'));
  const root = copyTree(tree);
  const store = await openStore({ home });
  const clock = testClock();
  const executor = createLocalExecutor({ root });
  const engine = createEngine({ store, executor, clock, config: engineConfig(config) });
  return {
    engine,
    store,
    clock,
    executor,
    root,
    read: (path) => readFileSync(join(root, path), 'utf8'),
    close: async () => {
      await store.close();
      rmSync(home, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    },
  };
}
