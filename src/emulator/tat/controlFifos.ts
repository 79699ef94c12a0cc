import { constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import type { KernelModel } from './kernelContract';
import { SETTLE_FIFO } from './nodeTree';

/** One write a script made to a control file, and what the emulator did with it. */
export interface ControlWrite {
  file: string;
  value: string;
  /** `ok`, or `einval` when the kernel would have refused the value */
  result: 'ok' | 'einval';
  stallMs: number;
}

function openPipe(path: string, read: boolean): Socket {
  // O_RDWR keeps a reader and a writer on the FIFO, so a script's open never blocks and we never see EOF.
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  // the settle end must not read, or it would swallow its own answers
  return new Socket({ fd, readable: read, writable: !read });
}

/** Applies one control write to the model as the kernel would. */
export function applyControl(
  model: KernelModel,
  file: string,
  value: string,
): Omit<ControlWrite, 'file' | 'value'> {
  if (model.write) {
    const r = model.write(file, value);
    return 'error' in r ? { result: 'einval', stallMs: 0 } : { result: 'ok', stallMs: r.stallMs };
  }
  if (file === 'proc/sys/vm/drop_caches') {
    if (value !== '1' && value !== '2' && value !== '3') return { result: 'einval', stallMs: 0 };
    return { result: 'ok', stallMs: model.dropCaches(Number(value) as 1 | 2 | 3).stallMs };
  }
  const node = /^sys\/devices\/system\/node\/node(\d+)\/compact$/.exec(file);
  // the kernel compacts on any write to these files; the value is ignored
  const { stallMs } = node ? model.compact(Number(node[1])) : model.compact();
  return { result: 'ok', stallMs };
}

/**
 * Serves a node's control FIFOs while one task runs: each line written is applied to the model, the
 * tree re-rendered, then `ok` (or `einval`) is written to `.settle`, where the script waits for it.
 */
export function serveControls(
  dir: string,
  model: KernelModel,
  rerender: () => void,
  onWrite: (w: ControlWrite) => void,
): () => void {
  const settle = openPipe(join(dir, SETTLE_FIFO), false);
  const pipes = model.controlFiles().map((rel) => {
    const sock = openPipe(join(dir, rel), true);
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter((l) => l.trim() !== '')) {
        const value = line.trim();
        const applied = applyControl(model, rel, value);
        rerender();
        onWrite({ file: rel, value, ...applied });
        settle.write(`${applied.result}\n`);
      }
    });
    sock.on('error', () => {});
    return sock;
  });
  settle.on('error', () => {});
  return () => {
    for (const p of pipes) p.destroy();
    settle.destroy();
  };
}
