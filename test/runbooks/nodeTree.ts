/** A temp MEMFRAG_ROOT tree of regular files, and a runner that feeds a rendered Command to a real shell. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '../../src/ports';

/** Makes a node tree with the control files and counters the remediation scripts touch. */
export function makeNodeTree(numaNodes = 2): string {
  const root = mkdtempSync(join(tmpdir(), 'memfrag-node-'));
  mkdirSync(join(root, 'proc/sys/vm'), { recursive: true });
  writeFileSync(join(root, 'proc/sys/vm/drop_caches'), '');
  writeFileSync(join(root, 'proc/sys/vm/compact_memory'), '');
  for (let n = 0; n < numaNodes; n++) {
    mkdirSync(join(root, `sys/devices/system/node/node${n}`), { recursive: true });
    writeFileSync(join(root, `sys/devices/system/node/node${n}/compact`), '');
  }
  writeFileSync(
    join(root, 'proc/vmstat'),
    'nr_free_pages 1000\ndrop_pagecache 2\ndrop_slab 2\ncompact_stall 7\npgmigrate_success 11\n',
  );
  writeFileSync(
    join(root, 'proc/meminfo'),
    'MemTotal: 100 kB\nMemFree: 50 kB\nCached: 30 kB\nSReclaimable: 5 kB\n',
  );
  return root;
}

/** Reads a file of the tree. */
export function readTree(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

/** Runs a command's content on `shell` with MEMFRAG_ROOT=root; returns exit code and output. */
export function runOn(root: string, command: Command, shell = 'sh'): { code: number; out: string } {
  const r = spawnSync(shell, ['-s'], {
    input: command.content,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', MEMFRAG_ROOT: root },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** Holds the node lock with a real `flock` process until the returned function is called. */
export async function holdLock(root: string): Promise<() => void> {
  mkdirSync(join(root, 'var/lib/memfrag'), { recursive: true });
  const child = spawn('flock', [join(root, 'var/lib/memfrag/lock'), 'sh', '-c', 'echo held; sleep 30'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return () => child.kill('SIGKILL');
}
