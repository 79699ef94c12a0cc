/**
 * The manual runbook API behind one gateway path (`/v1`, method ANY): routes on method + path. Start a run,
 * a run's and an episode's records, approve a waiting compaction, history. Bad input is an InputError
 * naming the field (4xx); an unknown path is 404 and a known path with the wrong method 405.
 */
import * as z from 'zod/mini';
import { InputError } from '../errors';
import { fromManual } from '../triggers/manual';
import { INSTANCE_ID, parseWith } from '../triggers/parseWith';
import type { FunctionsApp } from './functionsApp';

/** One API request, already authenticated and with its JSON body parsed. */
export interface ApiRequest {
  method: string;
  path: string;
  body: unknown;
  query: (name: string) => string | undefined;
  requestId: string;
  deadline: number;
}

/** Status and JSON payload of the answer. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

const ID = /^[a-z]{1,27}-[0-9a-f-]{36}$/;
const ApproveBody = z.optional(
  z.strictObject({ by: z.optional(z.string().check(z.regex(/^[\w.@-]{1,64}$/))) }),
);

type Route = {
  method: string;
  pattern: RegExp;
  run: (app: FunctionsApp, req: ApiRequest, id: string) => Promise<ApiAnswer>;
};

function checkId(id: string, field: string): string {
  if (!ID.test(id)) throw new InputError(`${field}: not a memfrag id`, { field });
  return id;
}

function intParam(req: ApiRequest, name: string, min: number, max: number): number | undefined {
  const raw = req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new InputError(`${name}: expected an integer ${min}..${max}`, { field: name });
  return Number(raw);
}

const ROUTES: Route[] = [
  {
    method: 'POST',
    pattern: /^\/runs$/,
    async run(app, req) {
      const result = await app.startRun(fromManual(req.body, req.requestId), req.deadline);
      // 202 when any part goes on in the worker (a shard, or an episode parked at this call's deadline)
      const done = result.mode === 'inline' && result.continued.length === 0;
      return { status: done ? 200 : 202, body: result };
    },
  },
  {
    method: 'GET',
    pattern: /^\/runs\/([^/]+)$/,
    async run(app, _req, id) {
      const status = await app.run(checkId(id, 'runId'));
      return status
        ? { status: 200, body: status }
        : { status: 404, body: { error: `no run ${id}`, field: 'runId' } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/episodes\/([^/]+)$/,
    async run(app, _req, id) {
      const status = await app.status(checkId(id, 'episodeId'));
      return status
        ? { status: 200, body: status }
        : { status: 404, body: { error: `no episode ${id}`, field: 'episodeId' } };
    },
  },
  {
    method: 'POST',
    pattern: /^\/episodes\/([^/]+)\/approve$/,
    async run(app, req, id) {
      const body = parseWith(ApproveBody, req.body, 'approval');
      const report = await app.approve(checkId(id, 'episodeId'), body?.by ?? 'api', req.deadline);
      const continued = report.state === 'open' && report.code === 'deadline';
      return { status: continued ? 202 : 200, body: report };
    },
  },
  {
    method: 'GET',
    pattern: /^\/history$/,
    async run(app, req) {
      const node = req.query('node');
      if (node !== undefined && !INSTANCE_ID.test(node))
        throw new InputError('node: must look like ins-xxxxxxxx', { field: 'node' });
      const since = intParam(req, 'since', 0, 8.64e15);
      const limit = intParam(req, 'limit', 1, 1000) ?? 100;
      const episodes = await app.history({
        limit,
        ...(node ? { instanceId: node } : {}),
        ...(since !== undefined ? { since } : {}),
      });
      return { status: 200, body: { episodes } };
    },
  },
];

/** The path below `/v1` (the gateway may put a stage or service prefix before it). */
export function apiPath(path: string): string | null {
  const i = path.indexOf('/v1/');
  if (i >= 0) return path.slice(i + 3).replace(/\/+$/, '') || '/';
  return null;
}

/** Answers one API request. */
export async function routeApi(app: FunctionsApp, req: ApiRequest): Promise<ApiAnswer> {
  const path = apiPath(req.path);
  const matching = path === null ? [] : ROUTES.filter((r) => r.pattern.test(path));
  if (path === null || matching.length === 0)
    return { status: 404, body: { error: `no route ${req.method} ${req.path}`, field: 'path' } };
  const route = matching.find((r) => r.method === req.method.toUpperCase());
  if (!route) {
    const allow = matching.map((r) => r.method).join(', ');
    return {
      status: 405,
      body: { error: `${req.method} is not allowed on ${req.path} (allowed: ${allow})`, field: 'method' },
    };
  }
  const id = route.pattern.exec(path)?.[1] ?? '';
  return route.run(app, req, id);
}
