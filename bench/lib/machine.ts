/** The facts about the machine a benchmark ran on, recorded in every results file. */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

/** What the results file says about the machine. */
export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  loadAvg: string;
  date: string;
}

/** Reads the machine facts now (load average included: this machine is shared). */
export function machineFacts(): MachineFacts {
  let nproc = availableParallelism();
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // nproc missing: Node's own count is close enough
  }
  return {
    cpus: nproc,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: release(),
    node: process.version,
    loadAvg: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    date: new Date().toISOString(),
  };
}

/** The machine facts as a markdown list. */
export function machineMarkdown(m: MachineFacts): string {
  return [
    `- date: ${m.date}`,
    `- CPUs (nproc): ${m.cpus} × ${m.cpuModel}`,
    `- memory: ${m.memoryGiB} GiB`,
    `- kernel: ${m.kernel}`,
    `- node: ${m.node}`,
    `- load average at start: ${m.loadAvg} (a shared machine: other work ran beside the benchmark)`,
  ].join('\n');
}
