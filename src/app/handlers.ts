/**
 * The one call each function makes into the app, after its middlewares authenticated and parsed the event:
 * events in, use case, response out. Deadlines come from the SCF context, minus margins chosen so the engine
 * parks an episode before middy's timeoutEarly fires, and that before SCF kills the instance.
 */
import { type HttpResponse, jsonResponse, query } from '../adapters/http/httpEvent';
import type { ParsedHttpEvent } from '../adapters/http/middleware';
import { normalizeAlarm } from '../triggers/normalizeAlarm';
import { routeApi } from './apiRoutes';
import { currentApp } from './appFromConfig';
import { requestIdOf } from './requestLog';
import { deadlineOf, type ScfContext } from './scfContext';
import { parseWorkerPayload } from './workerPayload';

/** Margins: kept free at the end of an invocation for recording and answering. */
export const MARGINS = {
  /** Cloud Monitor waits 5 s: the alarm answers (or gives up with a 500 and lets it retry) before that */
  alarmBudgetMs: 4_500,
  alarmTimeoutEarlyMs: 250,
  apiDeadlineMarginMs: 5_000,
  apiTimeoutEarlyMs: 2_000,
  longDeadlineMarginMs: 30_000,
  longTimeoutEarlyMs: 10_000,
} as const;

/** alarm: normalize, open or join one episode per node, hand each to the worker; 202 (200 for recoveries). */
export async function answerAlarm(event: ParsedHttpEvent): Promise<HttpResponse> {
  const requests = normalizeAlarm(event.parsedBody);
  const { app } = await currentApp();
  const result = await app.alarm(requests);
  const accepted = result.episodes.some((e) => e.code !== 'recovered' && e.code !== 'target-unresolved');
  return jsonResponse(accepted ? 202 : 200, result);
}

/** invoke: the manual API, routed on method and path. */
export async function answerApi(event: ParsedHttpEvent, context: ScfContext): Promise<HttpResponse> {
  const { app } = await currentApp();
  const answer = await routeApi(app, {
    method: event.httpMethod ?? 'GET',
    path: event.path ?? '/',
    body: event.parsedBody,
    query: (name) => query(event, name),
    requestId: requestIdOf(event, context),
    deadline: deadlineOf(context, MARGINS.apiDeadlineMarginMs),
  });
  return jsonResponse(answer.status, answer.body);
}

/** The timer tick a sweep event names (SCF's `Time`), or now. */
export function tickOf(event: unknown): string {
  const t = (event as { Time?: unknown } | null)?.Time;
  return typeof t === 'string' && /^[\dT:.Z+-]{10,40}$/.test(t) ? t : new Date().toISOString();
}

/** sweep: the configured fleet, here or in shards. */
export async function runSweep(event: unknown, context: ScfContext): Promise<unknown> {
  const { app } = await currentApp();
  const result = await app.sweep(tickOf(event), deadlineOf(context, MARGINS.longDeadlineMarginMs));
  return { ok: true, ...summarize(result) };
}

/** worker: one episode or one shard, to the end or the deadline. */
export async function runWorker(event: unknown, context: ScfContext): Promise<unknown> {
  const payload = parseWorkerPayload(event);
  const { app } = await currentApp();
  return app.work(payload, deadlineOf(context, MARGINS.longDeadlineMarginMs));
}

// a sweep's answer is logged by SCF: counts, not every report
function summarize(result: Awaited<ReturnType<Awaited<ReturnType<typeof currentApp>>['app']['sweep']>>) {
  if (result.mode !== 'inline') return result;
  const outcomes: Record<string, number> = {};
  for (const e of result.episodes) outcomes[e.outcome ?? e.code] = (outcomes[e.outcome ?? e.code] ?? 0) + 1;
  return { mode: result.mode, runId: result.runId, nodes: result.episodes.length, outcomes };
}
