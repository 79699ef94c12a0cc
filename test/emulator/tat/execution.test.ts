import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/startEmulator';
import { b64, outputOf, tatClient, waitTasks } from './sdk';

/** A process is alive when it exists and is not a zombie waiting for a reaper. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('emulated node execution', () => {
  let emu: Emulator;
  let id: string;
  beforeAll(async () => {
    emu = await startEmulator({
      nodes: 2,
      rateLimitPerSecond: 10_000,
      latencies: { pendingMs: 5, deliveringMs: 5 },
    });
    id = emu.instanceIds[0] ?? '';
  });
  afterAll(() => emu.close());

  async function run(script: string, extra: { Timeout?: number; instance?: string } = {}) {
    const client = tatClient(emu);
    const r = await client.RunCommand({
      Content: b64(script),
      InstanceIds: [extra.instance ?? id],
      ...(extra.Timeout ? { Timeout: extra.Timeout } : {}),
    });
    const [task] = await waitTasks(client, r.InvocationId ?? '');
    if (!task) throw new Error('no task');
    return task;
  }

  it('shows the effect of a drop_caches write to the very next read of the tree', async () => {
    const script = [
      'R=$MEMFRAG_ROOT',
      'cat "$R/proc/buddyinfo"',
      'echo ---',
      'echo 3 > "$R/proc/sys/vm/drop_caches"',
      '[ -p "$R/.settle" ] && read -r _ < "$R/.settle"',
      'cat "$R/proc/buddyinfo"',
    ].join('\n');
    const task = await run(script);
    const [before, after] = outputOf(task).split('---\n');
    expect(task.TaskStatus).toBe('SUCCESS');
    expect(after).not.toBe(before);
    expect(after).toBe(readFileSync(join(emu.node(id).treeDir, 'proc/buddyinfo'), 'utf8'));
    const entry = emu.node(id).log.at(-1);
    expect(entry?.writes).toMatchObject([{ file: 'proc/sys/vm/drop_caches', value: '3', result: 'ok' }]);
  });

  it('answers einval on .settle for a value the kernel refuses, and leaves the model alone', async () => {
    const script = [
      'R=$MEMFRAG_ROOT',
      'cat "$R/proc/buddyinfo" > "$R/tmp/before"',
      'echo 0 > "$R/proc/sys/vm/drop_caches"',
      'read -r answer < "$R/.settle"',
      'echo "answer=$answer"',
      'cmp -s "$R/tmp/before" "$R/proc/buddyinfo" && echo unchanged',
    ].join('\n');
    const task = await run(script);
    expect(outputOf(task)).toBe('answer=einval\nunchanged\n');
  });

  it('compacts one NUMA node through its sysfs compact file', async () => {
    const script =
      'echo 1 > "$MEMFRAG_ROOT/sys/devices/system/node/node0/compact"; read -r a < "$MEMFRAG_ROOT/.settle"; echo $a';
    const task = await run(script);
    expect(outputOf(task)).toBe('ok\n');
    expect(emu.node(id).log.at(-1)?.writes[0]).toMatchObject({
      file: 'sys/devices/system/node/node0/compact',
    });
  });

  it('keeps the first 24 KiB of output and reports the rest as Dropped', async () => {
    const task = await run('head -c 30000 /dev/zero | tr "\\0" a; echo tail >&2');
    const out = Buffer.from(task.TaskResult?.Output ?? '', 'base64');
    expect(out.length).toBe(24576);
    expect(out.every((b) => b === 0x61)).toBe(true);
    expect(task.TaskResult?.Dropped).toBe(30005 - 24576);
  });

  it('kills the whole process group on timeout and reports TIMEOUT with exit code -1', async () => {
    const pidFile = join(emu.node(id).treeDir, 'tmp/child.pid');
    const task = await run('sleep 300 & echo $! > "$MEMFRAG_ROOT/tmp/child.pid"; echo waiting; wait', {
      Timeout: 1,
    });
    expect([task.TaskStatus, task.TaskResult?.ExitCode, outputOf(task)]).toEqual([
      'TIMEOUT',
      -1,
      'waiting\n',
    ]);
    const child = Number(readFileSync(pidFile, 'utf8'));
    await expect.poll(() => alive(child), { timeout: 2000 }).toBe(false);
  });

  it('runs a script with stdin closed and a minimal environment', async () => {
    const task = await run('read -r x && echo "read $x" || echo eof; echo "$PATH"; env | wc -l');
    const [stdin, path, count] = outputOf(task).trim().split('\n');
    expect(stdin).toBe('eof');
    expect(path).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    expect(Number(count)).toBeLessThan(15);
  });

  it('runs tasks on one node one after another, and ages its model between them', async () => {
    const client = tatClient(emu);
    const other = emu.instanceIds[1] ?? '';
    const script = 'cat "$MEMFRAG_ROOT/proc/uptime"; sleep 0.2';
    const a = await client.RunCommand({ Content: b64(script), InstanceIds: [other] });
    const b = await client.RunCommand({ Content: b64(script), InstanceIds: [other] });
    const [ta] = await waitTasks(client, a.InvocationId ?? '');
    const [tb] = await waitTasks(client, b.InvocationId ?? '');
    const up = (t: typeof ta) => Number(outputOf(t ?? {}).split(' ')[0]);
    expect(Math.abs(up(tb) - up(ta))).toBe(60);
    expect(
      Date.parse(tb?.TaskResult?.ExecStartTime ?? '') >= Date.parse(ta?.TaskResult?.ExecEndTime ?? ''),
    ).toBe(true);
  });
});
