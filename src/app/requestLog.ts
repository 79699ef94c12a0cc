/**
 * Middlewares the four functions share besides the HTTP ones: one structured log line per request and
 * per outcome (with the SCF request id), and the worker's error policy (bad input answers, faults retry).
 */
import type middy from '@middy/core';
import { InputError } from '../errors';
import { createLogger, type Logger } from '../log';
import type { ScfContext } from './scfContext';

let shared: Logger | undefined;

/** The functions' logger (JSON lines on stdout, which SCF ships to CLS; secrets scrubbed). */
export function functionLog(): Logger {
  shared ??= createLogger();
  return shared;
}

/** The SCF request id of this invocation (API Gateway's, else the context's). */
export function requestIdOf(event: unknown, context: ScfContext | undefined): string {
  const rc = (event as { requestContext?: { requestId?: unknown } } | null)?.requestContext;
  if (typeof rc?.requestId === 'string' && rc.requestId) return rc.requestId;
  return typeof context?.request_id === 'string' ? context.request_id : 'local';
}

function statusOf(response: unknown): number | undefined {
  const s = (response as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** Logs the start and the end (status, duration) of each invocation of `fn`. */
export function requestLog(fn: string): middy.MiddlewareObj {
  const started = new WeakMap<object, number>();
  return {
    before: (request) => {
      started.set(request, Date.now());
      const requestId = requestIdOf(request.event, request.context as ScfContext);
      functionLog().info({ fn, requestId }, 'invocation');
    },
    after: (request) => {
      const requestId = requestIdOf(request.event, request.context as ScfContext);
      const ms = Date.now() - (started.get(request) ?? Date.now());
      functionLog().info({ fn, requestId, status: statusOf(request.response), ms }, 'done');
    },
    onError: (request) => {
      const requestId = requestIdOf(request.event, request.context as ScfContext);
      const err = request.error as Error | undefined;
      const status = statusOf(request.response);
      functionLog()[status !== undefined && status < 500 ? 'info' : 'error'](
        {
          fn,
          requestId,
          status,
          error: err?.name,
          ...(err instanceof InputError ? { field: err.field } : {}),
        },
        err instanceof InputError ? err.message : 'failed',
      );
    },
  };
}

/** Logs a fault the HTTP edge turns into a plain 500 (name and message only; the stack stays in logs). */
export function logFault(fn: string): (err: unknown) => void {
  return (err) =>
    functionLog().error(
      { fn, error: (err as Error)?.name, message: (err as Error)?.message },
      'internal error',
    );
}

/** Worker/sweep policy: bad input is answered `{ok:false}` (a retry cannot fix it); faults rethrow (SCF retries). */
export function answerInputErrors(): middy.MiddlewareObj {
  return {
    onError: (request) => {
      if (request.error instanceof InputError) request.response = { ok: false, error: request.error.message };
    },
  };
}
