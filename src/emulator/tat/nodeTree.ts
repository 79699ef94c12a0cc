import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KernelModel } from './kernelContract';

/** The settle FIFO at a tree's root: the emulator answers one line on it per applied control write. */
export const SETTLE_FIFO = '.settle';

/** Writes every rendered regular file of the model under `dir` (paths are the model's, relative). */
export function writeRendered(dir: string, model: KernelModel, hostname?: string): void {
  const made = new Set<string>();
  for (const [rel, content] of model.render()) {
    const file = join(dir, rel);
    const parent = dirname(file);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    const text = rel === 'proc/sys/kernel/hostname' && hostname ? `${hostname}\n` : content;
    writeFileSync(file, text);
  }
}

/**
 * Creates a node tree: rendered files, the control files and `.settle` as named pipes, and the
 * directories a script expects (`root/` as the working directory, `tmp/`, `var/lib/memfrag/`).
 */
export function createTree(dir: string, model: KernelModel, hostname?: string): void {
  for (const d of ['root', 'tmp', 'var/lib/memfrag']) mkdirSync(join(dir, d), { recursive: true });
  writeRendered(dir, model, hostname);
  const fifos = [...model.controlFiles(), SETTLE_FIFO].map((rel) => join(dir, rel));
  for (const f of fifos) mkdirSync(dirname(f), { recursive: true });
  // Node has no mkfifo; one constant command per node with the paths as arguments (never through a shell).
  execFileSync('mkfifo', ['-m', '0600', ...fifos]);
}
