import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCommand } from '../../runbooks/renderCommand';
import { parseStageReport } from '../../runbooks/stageReport';
import { holdLock, makeNodeTree, readTree, runOn } from './nodeTree';

const SHELLS = ['sh', 'bash'];

function report(out: string) {
  const parsed = parseStageReport(out);
  if (!parsed.ok) throw new Error(`${parsed.error.message}\n${out}`);
  return parsed.value;
}

describe.each(SHELLS)('drop-caches.sh on %s', (shell) => {
  it('writes the mode to drop_caches and reports stall and counters', () => {
    const root = makeNodeTree();
    const cmd = renderCommand('drop-caches', { episode: 'ep-1', stage: 's-1', mode: 2, sync: false });
    const { code, out } = runOn(root, cmd, shell);
    expect(code).toBe(0);
    expect(readTree(root, 'proc/sys/vm/drop_caches')).toBe('2\n');
    const r = report(out);
    expect(r).toMatchObject({ script: 'drop-caches', episode: 'ep-1', stage: 's-1', status: 'done' });
    expect(r.stallMs).toBeGreaterThanOrEqual(0);
    expect(r.before.vmstat).toEqual({
      drop_pagecache: 2,
      drop_slab: 2,
      compact_stall: 7,
      pgmigrate_success: 11,
    });
    expect(r.before.meminfo).toEqual({ MemFree: 50, Cached: 30, SReclaimable: 5 });
    expect(r.after.meminfo.Cached).toBe(30);
    expect(readTree(root, 'var/lib/memfrag/stage-ep-1-s-1')).toMatch(/^started .*\ndone /);
  });

  it('runs sync first when asked and reports its time apart from the stall', () => {
    const root = makeNodeTree();
    const r = report(
      runOn(root, renderCommand('drop-caches', { episode: 'e', stage: 's', mode: 3, sync: true }), shell).out,
    );
    expect(r.status).toBe('done');
    expect(r.syncMs).toBeGreaterThanOrEqual(0);
    expect(readTree(root, 'proc/sys/vm/drop_caches')).toBe('3\n');
  });

  it('does nothing the second time the same stage arrives', () => {
    const root = makeNodeTree();
    const cmd = renderCommand('drop-caches', { episode: 'ep-1', stage: 's-1', mode: 3, sync: false });
    runOn(root, cmd, shell);
    const second = runOn(root, cmd, shell);
    expect(second.code).toBe(0);
    expect(report(second.out).status).toBe('already-done');
    // one write only: a second write would have appended (regular file, `>` truncates; so check the marker)
    expect(readTree(root, 'var/lib/memfrag/stage-ep-1-s-1').match(/^started/gm)).toHaveLength(1);
  });

  it('reports locked and writes nothing while another stage holds the lock', async () => {
    const root = makeNodeTree();
    const release = await holdLock(root);
    try {
      const { code, out } = runOn(
        root,
        renderCommand('drop-caches', { episode: 'e', stage: 's', mode: 3, sync: false }),
        shell,
      );
      expect(code).toBe(3);
      expect(report(out).status).toBe('locked');
      expect(readTree(root, 'proc/sys/vm/drop_caches')).toBe('');
    } finally {
      release();
    }
  });

  it('refuses a bad mode that bypassed the renderer', () => {
    const root = makeNodeTree();
    const good = renderCommand('drop-caches', { episode: 'e', stage: 's', mode: 3, sync: false });
    const bad = { ...good, content: good.content.replace("MEMFRAG_MODE='3'", "MEMFRAG_MODE='0'") };
    const { code, out } = runOn(root, bad, shell);
    expect(code).toBe(2);
    expect(report(out)).toMatchObject({ status: 'error', error: 'bad-param:mode' });
    expect(readTree(root, 'proc/sys/vm/drop_caches')).toBe('');
  });

  it('reports an error when the control file is missing', () => {
    const root = makeNodeTree();
    rmSync(`${root}/proc/sys/vm/drop_caches`);
    const r = report(
      runOn(root, renderCommand('drop-caches', { episode: 'e', stage: 's', mode: 3, sync: false }), shell)
        .out,
    );
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/^not-supported/);
  });
});

describe.each(SHELLS)('compact.sh on %s', (shell) => {
  it('compacts globally through compact_memory', () => {
    const root = makeNodeTree();
    const r = report(
      runOn(root, renderCommand('compact', { episode: 'e', stage: 'c', nodes: 'all' }), shell).out,
    );
    expect(r.status).toBe('done');
    expect(readTree(root, 'proc/sys/vm/compact_memory')).toBe('1\n');
    expect(readTree(root, 'sys/devices/system/node/node0/compact')).toBe('');
  });

  it('compacts only the listed NUMA nodes and reports each stall', () => {
    const root = makeNodeTree(3);
    const r = report(
      runOn(root, renderCommand('compact', { episode: 'e', stage: 'c', nodes: [0, 2] }), shell).out,
    );
    expect(r.status).toBe('done');
    expect(readTree(root, 'sys/devices/system/node/node0/compact')).toBe('1\n');
    expect(readTree(root, 'sys/devices/system/node/node1/compact')).toBe('');
    expect(readTree(root, 'sys/devices/system/node/node2/compact')).toBe('1\n');
    expect(readTree(root, 'proc/sys/vm/compact_memory')).toBe('');
    expect(Object.keys(r.stallMsByNode).sort()).toEqual(['node0', 'node2']);
  });

  it('writes nothing when one listed node does not exist', () => {
    const root = makeNodeTree(1);
    const r = report(
      runOn(root, renderCommand('compact', { episode: 'e', stage: 'c', nodes: [0, 5] }), shell).out,
    );
    expect(r.status).toBe('error');
    expect(readTree(root, 'sys/devices/system/node/node0/compact')).toBe('');
  });
});

/** A PATH with the coreutils the scripts use but without flock, to exercise the mkdir lock. */
function pathWithoutFlock(): string {
  const bin = mkdtempSync(join(tmpdir(), 'memfrag-noflock-'));
  for (const tool of ['date', 'mkdir', 'rm', 'cat', 'tr', 'sync', 'stat']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(found, join(bin, tool));
  }
  return bin;
}

function runWithoutFlock(root: string, content: string) {
  const r = spawnSync('/bin/sh', ['-s'], {
    input: content,
    env: { PATH: pathWithoutFlock(), MEMFRAG_ROOT: root },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe('the mkdir lock when flock is missing', () => {
  const cmd = renderCommand('drop-caches', { episode: 'e', stage: 's', mode: 3, sync: false });

  it('takes and releases the lock around the write', () => {
    const root = makeNodeTree();
    const { code, out } = runWithoutFlock(root, cmd.content);
    expect(code).toBe(0);
    expect(report(out).status).toBe('done');
    expect(existsSync(join(root, 'var/lib/memfrag/lock.d'))).toBe(false);
  });

  it('reports locked while a live process holds it', () => {
    const root = makeNodeTree();
    mkdirSync(join(root, 'var/lib/memfrag/lock.d'), { recursive: true });
    writeFileSync(join(root, 'var/lib/memfrag/lock.d/pid'), `${process.pid}\n`);
    const { code, out } = runWithoutFlock(root, cmd.content);
    expect(code).toBe(3);
    expect(report(out).status).toBe('locked');
    expect(readTree(root, 'proc/sys/vm/drop_caches')).toBe('');
  });

  it('reports locked while the holder has made the lock but not yet written its pid', () => {
    const root = makeNodeTree();
    mkdirSync(join(root, 'var/lib/memfrag/lock.d'), { recursive: true });
    writeFileSync(join(root, 'var/lib/memfrag/lock.d/pid'), '');
    const { code, out } = runWithoutFlock(root, cmd.content);
    expect(code).toBe(3);
    expect(report(out).status).toBe('locked');
    expect(readTree(root, 'proc/sys/vm/drop_caches')).toBe('');
  });

  it('takes over a lock left without a pid more than a minute ago', () => {
    const root = makeNodeTree();
    const dir = join(root, 'var/lib/memfrag/lock.d');
    mkdirSync(dir, { recursive: true });
    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(dir, old, old);
    const { out } = runWithoutFlock(root, cmd.content);
    expect(report(out).status).toBe('done');
    expect(readTree(root, 'proc/sys/vm/drop_caches')).toBe('3\n');
  });

  it('takes over a lock whose holder died', () => {
    const root = makeNodeTree();
    mkdirSync(join(root, 'var/lib/memfrag/lock.d'), { recursive: true });
    // pid_max is at most 4194304: this pid cannot be alive
    writeFileSync(join(root, 'var/lib/memfrag/lock.d/pid'), '4194305\n');
    const { out } = runWithoutFlock(root, cmd.content);
    expect(report(out).status).toBe('done');
    expect(readTree(root, 'proc/sys/vm/drop_caches')).toBe('3\n');
  });
});
