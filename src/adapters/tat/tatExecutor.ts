/**
 * Executor over Tencent Cloud TAT: agent pre-check, RunCommand in batches of 200, DescribeInvocationTasks
 * polling, CancelInvocation at the deadline, pipelined (a batch is sent as soon as its agents are known and
 * read as soon as it exists; every call is paced by the shared per-action limiter). Reached through the real SDK, so pointing `endpoint` at the
 * emulator exercises the same code path as production.
 */
import { setMaxListeners } from 'node:events';
import { NonRetryableError } from '../../errors';
import {
  type Clock,
  type Command,
  type Executor,
  type RunOptions,
  systemClock,
  type TaskResult,
} from '../../ports';
import type { CloudApiOptions, CloudEvent } from '../cloud/cloudApi';
import type { CredentialSource } from '../cloud/credentials';
import type { RateLimiter } from '../cloud/rateLimiter';
import type { RetryPolicy } from '../cloud/retry';
import { checkAndSend } from './checkAndSend';
import type { RunTemplate } from './dispatch';
import { type PollOptions, startPolling } from './pollTasks';
import { createTatApi, type TatApi } from './tatApi';
import { syntheticResult } from './toTaskResult';

/** RunCommand's Content is base64 and may be at most 64 KB long once encoded. */
export const MAX_CONTENT_BASE64 = 64 * 1024;

/** Something the executor reports for tracing: API calls, retries, cancels. Never secrets or output. */
export type TatEvent = CloudEvent | { event: string; [k: string]: unknown };

/** Options of `createTatExecutor`. */
export interface TatExecutorOptions {
  region: string;
  /** e.g. `http://127.0.0.1:PORT` for the emulator; default the public TAT endpoint */
  endpoint?: string;
  /** explicit keys; default: the environment, re-read on every call */
  credentials?: CredentialSource;
  /** requests/s per TAT API (default 20) */
  rateLimitPerSecond?: number;
  clock?: Clock;
  pollIntervalMs?: { min: number; max: number };
  log?: (event: TatEvent) => void;
  /** default: the process-wide limiter */
  limiter?: RateLimiter;
  retry?: RetryPolicy;
  /** SDK request timeout in seconds (default 30); a RunCommand past it is reported `unknown`, never resent */
  reqTimeoutSeconds?: number;
  /** seconds to wait beyond the command timeout when the caller gives no deadline (default 30) */
  graceSeconds?: number;
  env?: NodeJS.ProcessEnv;
}

/** Builds a TAT-backed Executor. */
export function createTatExecutor(opts: TatExecutorOptions): Executor {
  const clock = opts.clock ?? systemClock;
  const apiOpts: CloudApiOptions = { region: opts.region, clock };
  if (opts.endpoint) apiOpts.endpoint = opts.endpoint;
  if (opts.credentials) apiOpts.credentials = opts.credentials;
  if (opts.rateLimitPerSecond) apiOpts.rateLimitPerSecond = opts.rateLimitPerSecond;
  if (opts.limiter) apiOpts.limiter = opts.limiter;
  if (opts.retry) apiOpts.retry = opts.retry;
  if (opts.log) apiOpts.log = opts.log;
  if (opts.env) apiOpts.env = opts.env;
  if (opts.reqTimeoutSeconds) apiOpts.reqTimeoutSeconds = opts.reqTimeoutSeconds;
  const api = createTatApi(apiOpts);
  const interval = opts.pollIntervalMs ?? { min: 500, max: 5000 };

  return {
    async run(command: Command, instanceIds: readonly string[], run: RunOptions): Promise<TaskResult[]> {
      const content = encodeContent(command);
      if (!Number.isInteger(run.timeoutSeconds) || run.timeoutSeconds < 1 || run.timeoutSeconds > 86400) {
        throw new NonRetryableError(
          `timeoutSeconds must be an integer in [1, 86400], got ${run.timeoutSeconds}`,
        );
      }
      const unique = [...new Set(instanceIds)];
      const results = new Map<string, TaskResult>();
      const settle = (r: TaskResult) => {
        results.set(r.instanceId, r);
        run.onResult?.(r);
      };
      const template = {
        Content: content,
        CommandType: 'SHELL' as const,
        Timeout: run.timeoutSeconds,
        Username: 'root',
        CommandName: `memfrag-${command.name}`.replace(/[^\w.-]/g, '_').slice(0, 60),
      };
      const deadline = run.deadline ?? clock.now() + (run.timeoutSeconds + (opts.graceSeconds ?? 30)) * 1000;
      const polled = await sweep(api, template, unique, {
        clock,
        deadline,
        intervalMs: interval,
        onResult: settle,
        ...(run.signal ? { signal: run.signal } : {}),
        ...(opts.log ? { log: opts.log } : {}),
      });
      for (const r of polled.values()) results.set(r.instanceId, r);
      return instanceIds.map(
        (id) => results.get(id) ?? syntheticResult(id, 'unknown', 'no result recorded', { ran: true }),
      );
    },
  };
}

/**
 * Checks, sends and polls at once: batches join the poller as RunCommand accepts them. Sending stops when the
 * caller aborts, the deadline passes or a call fails for good (that error is thrown once what was sent has
 * been cancelled).
 */
async function sweep(
  api: TatApi,
  template: RunTemplate,
  instanceIds: string[],
  poll: PollOptions & { onResult: (r: TaskResult) => void },
): Promise<Map<string, TaskResult>> {
  // `cancel` follows the caller's signal; `stop` also ends sending. Hundreds of calls wait on them at once.
  const cancel = new AbortController();
  const stop = new AbortController();
  setMaxListeners(0, cancel.signal, stop.signal);
  const abort = () => {
    cancel.abort();
    stop.abort();
  };
  poll.signal?.addEventListener('abort', abort, { once: true });
  if (poll.signal?.aborted) abort();
  const poller = startPolling(api, { ...poll, signal: cancel.signal, onStop: () => stop.abort() });
  let fatal: unknown;
  try {
    await checkAndSend(api, template, instanceIds, { onSent: poller.add, onResult: poll.onResult }, stop);
  } catch (err) {
    fatal = err;
    poller.stop();
  } finally {
    poller.close();
  }
  const polled = await poller.finished.finally(() => poll.signal?.removeEventListener('abort', abort));
  if (fatal !== undefined) throw fatal;
  return polled;
}

/** Base64 of the script, refused when over TAT's 64 KB limit. */
function encodeContent(command: Command): string {
  const content = Buffer.from(command.content, 'utf8').toString('base64');
  if (content.length > MAX_CONTENT_BASE64) {
    throw new NonRetryableError(
      `command ${command.name} is ${content.length} bytes in base64, over TAT's limit of ${MAX_CONTENT_BASE64}`,
    );
  }
  return content;
}
