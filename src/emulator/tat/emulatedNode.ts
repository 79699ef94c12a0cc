import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Faults, NodeSpec } from '../fleetSpec';
import { type ControlWrite, serveControls } from './controlFifos';
import type { ProbeTree } from './fastProbe';
import type { KernelFactory, KernelModel } from './kernelContract';
import { createTree, writeRendered } from './nodeTree';

/** One entry of a node's run log: a task that ran and the control writes it made. */
export interface NodeLogEntry {
  invocationTaskId: string;
  /** first 16 hex of the script's SHA-256, to tell runbooks apart */
  scriptHash: string;
  /** the script's first line that names it (`mf_begin drop-caches`, `memfrag probe`, ...), if any */
  name: string;
  writes: ControlWrite[];
  startedAt: number;
  exitCode?: number;
  /** answered by the in-process probe renderer instead of bash */
  fast?: boolean;
}

function scriptName(script: string): string {
  const begin = /^mf_begin ([a-z-]+)/m.exec(script);
  if (begin?.[1]) return begin[1];
  return /memfrag probe/.test(script) ? 'probe' : 'other';
}

/**
 * An emulated instance. Its kernel model and /proc tree are created on first use only, so a fleet of
 * ten thousand costs nothing until commands reach its nodes.
 */
export class EmulatedNode {
  faults: Faults;
  readonly log: NodeLogEntry[] = [];
  private kernel: KernelModel | undefined;
  private treeReady = false;
  readonly treeDir: string;

  constructor(
    readonly spec: NodeSpec,
    private readonly factory: KernelFactory,
    nodesDir: string,
    /** model time that passes between two tasks on the node */
    private readonly modelStepMs: number,
  ) {
    this.faults = { ...spec.faults };
    this.treeDir = join(nodesDir, spec.instanceId);
  }

  get instanceId(): string {
    return this.spec.instanceId;
  }

  /** True once the model exists. */
  get materialized(): boolean {
    return this.kernel !== undefined;
  }

  /** The node's kernel model (created on first access). */
  get model(): KernelModel {
    if (!this.kernel) {
      const { preset, kernel, numaNodes, memoryMiB, seed, hostname } = this.spec;
      this.kernel = this.factory({ preset, kernel, numaNodes, memoryMiB, seed, hostname });
    }
    return this.kernel;
  }

  /** Creates the node's tree on disk (files, FIFOs, directories) if it does not exist yet. */
  ensureTree(): void {
    if (this.treeReady) return;
    createTree(this.treeDir, this.model, this.spec.hostname);
    this.treeReady = true;
  }

  /** Re-renders the tree's regular files from the model (after a change made outside a task). */
  refresh(): void {
    if (this.treeReady) writeRendered(this.treeDir, this.model, this.spec.hostname);
  }

  /** Ages the model by `ms` of model time and re-renders. */
  advance(ms: number): void {
    this.model.advance(ms);
    this.refresh();
  }

  /** What the probe would read in the tree, straight from the model (byte strings, as bash sees them). */
  probeTree(): ProbeTree {
    const files = new Map<string, string>();
    for (const [rel, content] of this.model.render()) {
      const text =
        rel === 'proc/sys/kernel/hostname' && this.spec.hostname ? `${this.spec.hostname}\n` : content;
      files.set(rel, Buffer.from(text, 'utf8').toString('latin1'));
    }
    return { files, controls: this.model.controlFiles() };
  }

  /** Logs a task answered in process (the fast probe): the model ages exactly as for a bash run. */
  beginFastTask(invocationTaskId: string, script: string, now: number): NodeLogEntry {
    this.advance(this.modelStepMs);
    const entry = this.newEntry(invocationTaskId, script, now);
    entry.fast = true;
    return entry;
  }

  private newEntry(invocationTaskId: string, script: string, now: number): NodeLogEntry {
    const entry: NodeLogEntry = {
      invocationTaskId,
      scriptHash: createHash('sha256').update(script).digest('hex').slice(0, 16),
      name: scriptName(script),
      writes: [],
      startedAt: now,
    };
    this.log.push(entry);
    return entry;
  }

  /**
   * Prepares the node for one task: ages the model by one step, starts serving its control FIFOs, and
   * opens a log entry. Returns the function that ends the task's session (closes the FIFO fds).
   */
  beginTask(invocationTaskId: string, script: string, now: number): { entry: NodeLogEntry; end: () => void } {
    this.ensureTree();
    this.advance(this.modelStepMs);
    const entry = this.newEntry(invocationTaskId, script, now);
    const end = serveControls(
      this.treeDir,
      this.model,
      () => this.refresh(),
      (w) => entry.writes.push(w),
    );
    return { entry, end };
  }
}
