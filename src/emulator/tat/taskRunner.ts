import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BashOutcome, capOutput, runBash } from './bashRun';
import type { EmulatedNode, NodeLogEntry } from './emulatedNode';
import { recogniseProbe, renderProbe } from './fastProbe';
import { garble, hugeFiller } from './outputFaults';
import type { TaskRecord } from './records';
import type { Semaphore } from './semaphore';
import { TaskStatus, UNDELIVERED_TASK_STATUSES } from './taskStatus';

/** How long each lifecycle phase lasts (wall milliseconds). */
export interface Latencies {
  /** PENDING before delivery starts */
  pendingMs: number;
  /** DELIVERING before the command reaches the agent */
  deliveringMs: number;
  /** extra time in DELIVER_DELAYED for the `delivery: delayed` fault */
  deliverDelayMs: number;
  /** how long a silent agent (`taskTimeout` fault) keeps a task DELIVERING before TASK_TIMEOUT */
  agentSilenceMs: number;
  /** CANCELLING before a running task is killed */
  cancelMs: number;
}

/** Defaults: quick enough for tests, slow enough that PENDING and DELIVERING can be observed. */
export const DEFAULT_LATENCIES: Latencies = {
  pendingMs: 30,
  deliveringMs: 30,
  deliverDelayMs: 600,
  agentSilenceMs: 1500,
  cancelMs: 30,
};

/** What the runner needs from the emulator. */
export interface RunnerContext {
  latencies: Latencies;
  /** limits concurrent bash processes on this host */
  slots: Semaphore;
  /** one task at a time per node */
  nodeLock: (instanceId: string) => Semaphore;
  scriptsDir: string;
  now: () => number;
  /** answer the known probe in process (large fleets); `body` is the probe.sh text it reproduces */
  fastProbe?: { body: string };
  /** sees unexpected failures (the task itself ends START_FAILED) */
  onError?: (e: unknown) => void;
}

/** Moves a task to a new status and stamps it. */
export function setStatus(task: TaskRecord, status: TaskStatus, now: number): void {
  task.status = status;
  task.updatedAt = now;
  if (status === TaskStatus.Running) task.startTime ??= now;
}

function finish(task: TaskRecord, status: TaskStatus, now: number, errorInfo = ''): void {
  setStatus(task, status, now);
  task.endTime = now;
  task.errorInfo = errorInfo;
}

/**
 * Cancels a task: undelivered ones become CANCELLED at once; a running one is CANCELLING until the
 * agent gets the order (`cancelMs`) and kills it, then TERMINATED.
 */
export function cancelTask(task: TaskRecord, now: number, cancelMs: number): void {
  if (UNDELIVERED_TASK_STATUSES.has(task.status)) {
    finish(task, TaskStatus.Cancelled, now);
    task.abort.abort();
  } else if (task.status === TaskStatus.Running) {
    setStatus(task, TaskStatus.Cancelling, now);
    setTimeout(() => task.abort.abort(), cancelMs).unref();
  }
}

/** Runs one task through its whole lifecycle on its node; never throws. */
export async function runTask(task: TaskRecord, node: EmulatedNode, ctx: RunnerContext): Promise<void> {
  const signal = task.abort.signal;
  try {
    await sleep(ctx.latencies.pendingMs, undefined, { signal });
    setStatus(task, TaskStatus.Delivering, ctx.now());
    await sleep(ctx.latencies.deliveringMs, undefined, { signal });
    if (node.faults.delivery === 'failed') {
      return finish(
        task,
        TaskStatus.DeliverFailed,
        ctx.now(),
        'DeliverFailed: the command could not be delivered',
      );
    }
    if (node.faults.delivery === 'delayed') {
      setStatus(task, TaskStatus.DeliverDelayed, ctx.now());
      await sleep(ctx.latencies.deliverDelayMs, undefined, { signal });
      setStatus(task, TaskStatus.Delivering, ctx.now());
    }
    if (node.faults.taskTimeout) {
      await sleep(ctx.latencies.agentSilenceMs, undefined, { signal });
      return finish(task, TaskStatus.TaskTimeout, ctx.now(), 'TaskTimeout: the agent did not respond');
    }
    await runOnNode(task, node, ctx);
  } catch (e) {
    // an abort comes from a cancel (or close), which already set the status; anything else is ours
    if (signal.aborted) return;
    ctx.onError?.(e);
    task.exitCode = -1;
    finish(task, TaskStatus.StartFailed, ctx.now(), `TaskSpawnFailed: ${(e as Error).message}`);
  }
}

function startProblem(task: TaskRecord, node: EmulatedNode): string | undefined {
  if (task.Username !== 'root') return `InvalidUser: user \`${task.Username}\` not exists`;
  const cwd = join(node.treeDir, task.WorkingDirectory);
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    return `InvalidWorkingDirectory: working_directory \`${task.WorkingDirectory}\` not exists`;
  }
  return undefined;
}

async function runOnNode(task: TaskRecord, node: EmulatedNode, ctx: RunnerContext): Promise<void> {
  const releaseNode = await ctx.nodeLock(node.instanceId).acquire();
  try {
    if (task.abort.signal.aborted) return;
    const pti =
      ctx.fastProbe && !node.faults.hang ? recogniseProbe(task.script, ctx.fastProbe.body) : undefined;
    if (pti !== undefined && task.Username === 'root' && FAST_DIRS.has(task.WorkingDirectory)) {
      return answerFast(task, node, ctx, pti);
    }
    node.ensureTree();
    const problem = startProblem(task, node);
    if (problem) {
      task.exitCode = -1;
      return finish(task, TaskStatus.StartFailed, ctx.now(), problem);
    }
    const releaseSlot = await ctx.slots.acquire();
    try {
      if (!task.abort.signal.aborted) await execute(task, node, ctx);
    } finally {
      releaseSlot();
    }
  } finally {
    releaseNode();
  }
}

// directories every node tree has, so the in-process probe needs no tree on disk to check them
const FAST_DIRS = new Set(['/', '/root', '/root/', '/tmp', '/tmp/']);

function answerFast(task: TaskRecord, node: EmulatedNode, ctx: RunnerContext, pti: boolean): void {
  const entry = node.beginFastTask(task.InvocationTaskId, task.script, ctx.now());
  setStatus(task, TaskStatus.Running, ctx.now());
  task.execStartTime = ctx.now();
  const { output, exitCode } = renderProbe(node.probeTree(), pti, {
    nowSeconds: Math.floor(ctx.now() / 1000),
    uid: process.getuid?.() ?? 0,
  });
  const raw = Buffer.from(output, 'latin1');
  complete(task, node, ctx, entry, { output: raw, totalBytes: raw.length, exitCode, ended: 'exit' });
}

async function execute(task: TaskRecord, node: EmulatedNode, ctx: RunnerContext): Promise<void> {
  mkdirSync(ctx.scriptsDir, { recursive: true });
  const file = join(ctx.scriptsDir, `${task.InvocationTaskId}.sh`);
  writeFileSync(file, task.script);
  const session = node.beginTask(task.InvocationTaskId, task.script, ctx.now());
  setStatus(task, TaskStatus.Running, ctx.now());
  task.execStartTime = ctx.now();
  const outcome = await runBash({
    file,
    cwd: join(node.treeDir, task.WorkingDirectory),
    env: nodeEnv(node.treeDir),
    timeoutMs: task.Timeout * 1000,
    signal: task.abort.signal,
    hang: node.faults.hang === true,
  }).finally(session.end);
  complete(task, node, ctx, session.entry, outcome);
}

/** Applies the output faults and the cap, and ends the task by how its process ended. */
function complete(
  task: TaskRecord,
  node: EmulatedNode,
  ctx: RunnerContext,
  entry: NodeLogEntry,
  outcome: BashOutcome,
) {
  let raw = outcome.output;
  let total = outcome.totalBytes;
  if (node.faults.hugeOutput) {
    const filler = hugeFiller();
    raw = Buffer.concat([raw, filler]);
    total += filler.length;
  }
  if (node.faults.garbled) raw = garble(raw);
  const { output, dropped } = capOutput(raw, Math.max(total, raw.length));
  Object.assign(task, { output, dropped, execEndTime: ctx.now() });
  const exitCode = outcome.ended === 'exit' ? (node.faults.exitCode ?? outcome.exitCode) : -1;
  task.exitCode = exitCode;
  entry.exitCode = exitCode;
  const status =
    outcome.ended === 'timeout'
      ? TaskStatus.Timeout
      : outcome.ended === 'aborted'
        ? TaskStatus.Terminated
        : exitCode === 0
          ? TaskStatus.Success
          : TaskStatus.Failed;
  finish(task, status, ctx.now());
}

/** The minimal environment of an emulated node's command, rooted at its simulated tree. */
export function nodeEnv(treeDir: string): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: join(treeDir, 'root'),
    USER: 'root',
    LOGNAME: 'root',
    SHELL: '/bin/bash',
    LANG: 'C',
    TMPDIR: join(treeDir, 'tmp'),
    MEMFRAG_ROOT: treeDir,
  };
}
