/**
 * The four functions behind one local HTTP server, as API Gateway and the timer would call them:
 * `POST /alarm` → alarm, `/v1/...` → invoke, `POST /tick` → sweep (also on an interval). HTTP requests become
 * SCF API-gateway events; the worker is reached through the app's invoker (in process for `memfrag serve`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpEvent } from '../adapters/http/httpEvent';
import type { ScfContext } from './scfContext';

/** A function handler as SCF calls it. */
export type ScfFunction = (event: never, context?: ScfContext) => Promise<unknown>;

/** Options of `startLocalServer`. */
export interface LocalServerOptions {
  alarm: ScfFunction;
  invoke: ScfFunction;
  sweep: ScfFunction;
  port?: number;
  /** the time limits the deploy files give each function, ms */
  limits?: { alarm: number; invoke: number; sweep: number };
  /** run the sweep every this many ms (0 = only on POST /tick) */
  tickEveryMs?: number;
  onTickError?: (err: unknown) => void;
}

/** A running local server. */
export interface LocalServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const MAX_BODY = 2 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) break;
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The SCF API-gateway event for a Node request. */
export function toHttpEvent(req: IncomingMessage, body: string, requestId: string): HttpEvent {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
  const q = Object.fromEntries(url.searchParams);
  return {
    httpMethod: req.method ?? 'GET',
    path: url.pathname,
    headers,
    body,
    isBase64Encoded: false,
    queryString: q,
    queryStringParameters: q,
    requestContext: { requestId, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' },
  };
}

function context(fn: string, limitMs: number, requestId: string): ScfContext {
  return { request_id: requestId, time_limit_in_ms: limitMs, function_name: fn };
}

function send(res: ServerResponse, out: unknown): void {
  const r = out as { statusCode?: number; headers?: Record<string, string>; body?: string } | undefined;
  if (r && typeof r.statusCode === 'number') {
    res.writeHead(r.statusCode, r.headers ?? {});
    res.end(r.body ?? '');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(out ?? null));
}

/** Starts the server on 127.0.0.1. */
export async function startLocalServer(o: LocalServerOptions): Promise<LocalServer> {
  const limits = o.limits ?? { alarm: 15_000, invoke: 30_000, sweep: 900_000 };
  const tick = (id: string) =>
    o.sweep(
      { Type: 'Timer', TriggerName: 'local', Time: new Date().toISOString(), Message: '' } as never,
      context('sweep', limits.sweep, id),
    );
  const server = createServer((req, res) => {
    const id = randomUUID();
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    void (async () => {
      const body = await readBody(req);
      const event = toHttpEvent(req, body, id) as never;
      if (path === '/alarm') return send(res, await o.alarm(event, context('alarm', limits.alarm, id)));
      if (path === '/v1' || path.startsWith('/v1/'))
        return send(res, await o.invoke(event, context('invoke', limits.invoke, id)));
      if (path === '/tick' && req.method === 'POST') return send(res, await tick(id));
      send(res, { statusCode: 404, headers: {}, body: JSON.stringify({ error: `no route ${path}` }) });
    })().catch((err: unknown) => {
      o.onTickError?.(err);
      send(res, { statusCode: 500, headers: {}, body: JSON.stringify({ error: 'internal error' }) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', resolve);
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const timer =
    o.tickEveryMs && o.tickEveryMs > 0
      ? setInterval(() => void tick(randomUUID()).catch((e: unknown) => o.onTickError?.(e)), o.tickEveryMs)
      : undefined;
  timer?.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      if (timer) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
