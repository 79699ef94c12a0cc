/**
 * The sweeping process of the fleet benchmark: reads a SweepJob on stdin, probes the fleet through the real
 * SDK (the TatExecutor, or the naive loop), and prints one SweepAnswer line. A process of its own, so its
 * peak RSS is the sweeper's alone.
 */

import { renderCommand } from '../../runbooks/renderCommand';
import { createRateLimiter } from '../../src/adapters/cloud/rateLimiter';
import { createTatApi } from '../../src/adapters/tat/tatApi';
import { createTatExecutor, type TatEvent } from '../../src/adapters/tat/tatExecutor';
import type { TaskResult } from '../../src/ports';
import { naiveLoop } from './naiveLoop';
import { pipelinedSweep } from './pipelinedSweep';
import type { SweepAnswer, SweepJob } from './sweepJob';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Counts client calls and throttle retries, and notes when RunCommand was first sent and last answered. */
function eventLog(start: number) {
  const calls: Record<string, number> = {};
  const run = { first: null as number | null, last: null as number | null, retries: 0 };
  const log = (e: TatEvent) => {
    const action = typeof e.action === 'string' ? e.action : undefined;
    if (e.event === 'cloud.call' && action) {
      calls[action] = (calls[action] ?? 0) + 1;
      if (action === 'RunCommand') {
        const now = performance.now() - start;
        const ms = typeof e.ms === 'number' ? e.ms : 0;
        run.first = Math.min(run.first ?? Number.POSITIVE_INFINITY, now - ms);
        run.last = now;
      }
    }
    if (e.event === 'cloud.retry' && e.code === 'RequestLimitExceeded') run.retries++;
  };
  return { calls, run, log };
}

function summarise(results: TaskResult[]) {
  const outcomes: Record<string, number> = {};
  const errors = new Set<string>();
  let surfacedThrottles = 0;
  let completeOutputs = 0;
  for (const r of results) {
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    if (r.error && errors.size < 5) errors.add(r.error);
    if (r.error && /RequestLimitExceeded|throttl|rate limit/i.test(r.error)) surfacedThrottles++;
    if (r.outcome === 'success' && r.outputComplete && r.output.includes('== buddyinfo')) completeOutputs++;
  }
  return { outcomes, errors: [...errors], surfacedThrottles, completeOutputs };
}

async function main(): Promise<void> {
  const job = JSON.parse(await readStdin()) as SweepJob;
  // the SDK would send even loopback calls through an http_proxy from the environment
  delete process.env.http_proxy;
  delete process.env.HTTP_PROXY;
  const credentials = { secretId: job.secretId, secretKey: job.secretKey };
  const command = renderCommand('probe', { pagetypeinfo: true });
  const start = performance.now();
  const { calls, run, log } = eventLog(start);
  let results: TaskResult[];
  if (job.mode === 'sweep') {
    const exec = createTatExecutor({
      region: job.region,
      endpoint: job.endpoint,
      credentials,
      pollIntervalMs: job.pollIntervalMs,
      limiter: createRateLimiter(),
      log,
    });
    results = await exec.run(command, job.instanceIds, { timeoutSeconds: job.timeoutSeconds });
  } else if (job.mode === 'pipelined') {
    const api = createTatApi({
      region: job.region,
      endpoint: job.endpoint,
      credentials,
      limiter: createRateLimiter(),
      log,
    });
    results = await pipelinedSweep(api, command, job.instanceIds, {
      timeoutSeconds: job.timeoutSeconds,
      pollMs: job.pollIntervalMs.min,
    });
  } else {
    const api = createTatApi({
      region: job.region,
      endpoint: job.endpoint,
      credentials,
      limiter: createRateLimiter(),
      log,
    });
    results = await naiveLoop(api, command, job.instanceIds, {
      pool: job.naivePool,
      pollMs: job.naivePollMs,
      timeoutSeconds: job.timeoutSeconds,
    });
  }
  const wallMs = performance.now() - start;
  const answer: SweepAnswer = {
    mode: job.mode,
    wallMs,
    firstRunMs: run.first,
    lastRunMs: run.last,
    ...summarise(results),
    clientCalls: calls,
    throttleRetries: run.retries,
    // maxRSS is in KiB on Linux
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

await main();
