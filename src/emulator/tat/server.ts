import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACTION_VERSIONS, ACTIONS } from './actions/index';
import { TatApiError } from './apiError';
import type { RateLimiter } from './rateLimiter';
import type { TatService } from './service';
import { verifyTc3 } from './tc3';

/** The TAT API version the emulator speaks. */
export const TAT_VERSION = '2020-10-28';
const MAX_BODY_BYTES = 1024 * 1024;

/** What the HTTP front needs besides the service. */
export interface ServerDeps {
  svc: TatService;
  limiter: RateLimiter;
  /** SecretId -> SecretKey */
  keys: ReadonlyMap<string, string>;
  nowMs: () => number;
  /** sees the cause of every InternalError answer (the client only gets the code) */
  onInternalError?: (e: unknown) => void;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new TatApiError('RequestSizeLimitExceeded', 'The request body is too large.'))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

function headerMap(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

function parseParams(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new TatApiError('InvalidParameter', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TatApiError('InvalidParameter', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Authenticates, routes, rate-limits and runs one call; returns the Response fields and a delay. */
async function handle(
  req: IncomingMessage,
  deps: ServerDeps,
): Promise<{ body: Record<string, unknown>; delayMs: number }> {
  const body = await readBody(req);
  if (req.method !== 'POST')
    throw new TatApiError('UnsupportedProtocol', 'Only POST with JSON is supported.');
  const headers = headerMap(req);
  const url = new URL(req.url ?? '/', 'http://emulator');
  const verdict = verifyTc3(
    { method: 'POST', path: url.pathname, query: url.search.slice(1), headers, body },
    (id) => deps.keys.get(id),
    Math.floor(deps.nowMs() / 1000),
  );
  if (!verdict.ok) throw new TatApiError(verdict.code, verdict.message);
  const action = headers['x-tc-action'] ?? '';
  if (headers['x-tc-version'] !== (ACTION_VERSIONS[action] ?? TAT_VERSION)) {
    throw new TatApiError(
      'NoSuchVersion',
      `The API version \`${headers['x-tc-version'] ?? ''}\` does not exist.`,
    );
  }
  const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (!handler) throw new TatApiError('InvalidAction', `The action \`${action}\` does not exist.`);
  if (!deps.limiter.admit(action, deps.nowMs())) {
    throw new TatApiError(
      'RequestLimitExceeded',
      'Your current request times exceeds limit, please try again later.',
    );
  }
  const touched = new Set<string>();
  const params = parseParams(body);
  let delayMs = 0;
  const scope = {
    touch: (id: string) => {
      touched.add(id);
      delayMs = Math.max(delayMs, deps.svc.nodes.get(id)?.faults.slowApiMs ?? 0);
    },
  };
  try {
    return { body: handler(params, deps.svc, scope), delayMs };
  } catch (e) {
    // a slow instance slows its errors too
    if (e instanceof TatApiError && delayMs > 0) await sleep(delayMs);
    throw e;
  }
}

function send(res: ServerResponse, traceId: string | undefined, response: Record<string, unknown>): void {
  const text = JSON.stringify({ Response: { ...response, RequestId: randomUUID() } });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(traceId ? { 'x-tc-traceid': traceId } : {}),
  });
  res.end(text);
}

/** The emulator's HTTP server: always HTTP 200, `Response.Error` for errors, `RequestId` always. */
export function createTatServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    const trace = req.headers['x-tc-traceid'];
    const traceId = typeof trace === 'string' ? trace : undefined;
    handle(req, deps)
      .then(async ({ body, delayMs }) => {
        if (delayMs > 0) await sleep(delayMs);
        send(res, traceId, body);
      })
      .catch((e: unknown) => {
        if (!(e instanceof TatApiError)) deps.onInternalError?.(e);
        const err =
          e instanceof TatApiError ? e : new TatApiError('InternalError', 'An internal error occurred.');
        send(res, traceId, { Error: { Code: err.code, Message: err.message } });
      });
  });
}
