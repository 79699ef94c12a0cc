/**
 * The middy middlewares every HTTP function shares: size limit, authentication, JSON body, and the one
 * place where errors become responses (4xx with a message naming the field; a plain 500 otherwise).
 */
import type middy from '@middy/core';
import { InputError } from '../../errors';
import {
  type AuthResult,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  TOKEN_HEADER,
  verifySignature,
  verifyToken,
} from './auth';
import { type HttpEvent, type HttpResponse, header, jsonResponse, query, rawBody } from './httpEvent';

/** An HTTP failure the caller caused (auth, size, method); its message is safe to show. */
export class HttpError extends InputError {
  override readonly name: string = 'HttpError';
}

/** The event after jsonBody(): the parsed body rides along beside the raw one. */
export type ParsedHttpEvent = HttpEvent & { parsedBody?: unknown };

type Mw = middy.MiddlewareObj<ParsedHttpEvent, HttpResponse>;

function refuse(r: AuthResult): void {
  if (!r.ok) throw new HttpError(r.message, { statusCode: r.status });
}

/** Refuses bodies over `maxBytes` before anything parses them. */
export function bodyLimit(maxBytes: number): Mw {
  return {
    before: (request) => {
      const size = Buffer.byteLength(request.event.body ?? '');
      if (size > maxBytes)
        throw new HttpError(`body: ${size} bytes is over the ${maxBytes} byte limit`, {
          statusCode: 413,
          field: 'body',
        });
    },
  };
}

/** Shared-token authentication (header `x-memfrag-token` or `?token=`); the token is read on each call. */
export function tokenAuth(expected: () => string | undefined): Mw {
  return {
    before: (request) => {
      const want = expected();
      if (!want) throw new Error('the alarm token is not configured');
      refuse(verifyToken(want, header(request.event, TOKEN_HEADER) ?? query(request.event, 'token')));
    },
  };
}

/**
 * HMAC authentication of the raw body with a timestamp inside the replay window. With `claimOnce`, each
 * signature of a write (anything but GET) is accepted once: a captured run or approval replayed inside the
 * window is refused.
 */
export function signatureAuth(
  key: () => string | undefined,
  nowSeconds: () => number,
  claimOnce?: (signature: string) => Promise<boolean>,
): Mw {
  return {
    before: async (request) => {
      const k = key();
      if (!k) throw new Error('the API key is not configured');
      const e = request.event;
      refuse(
        verifySignature(
          k,
          {
            signature: header(e, SIGNATURE_HEADER),
            timestamp: header(e, TIMESTAMP_HEADER),
            method: e.httpMethod ?? 'POST',
            path: e.path ?? '/',
            body: rawBody(e),
            query: e.queryStringParameters ?? e.queryString ?? {},
          } as Parameters<typeof verifySignature>[1],
          nowSeconds(),
        ),
      );
      // reads may be repeated (status polls); a write (start a run, approve) is accepted once
      const signature = header(e, SIGNATURE_HEADER) ?? '';
      const write = (e.httpMethod ?? 'POST').toUpperCase() !== 'GET';
      if (claimOnce && write && !(await claimOnce(signature))) {
        throw new HttpError('this signed request was already used (replay refused)', {
          statusCode: 401,
          field: SIGNATURE_HEADER,
        });
      }
    },
  };
}

/** Parses the body as JSON into `event.parsedBody`; bad JSON is a 400 naming `body`. */
export function jsonBody(opts: { optional?: boolean } = {}): Mw {
  return {
    before: (request) => {
      const text = rawBody(request.event);
      if (text.trim() === '') {
        if (opts.optional) return;
        throw new InputError('body: expected a JSON object, got an empty body', { field: 'body' });
      }
      try {
        request.event.parsedBody = JSON.parse(text) as unknown;
      } catch {
        throw new InputError('body: not valid JSON', { field: 'body' });
      }
    },
  };
}

/** Turns errors into responses: InputError → its 4xx with `{error, field}`; anything else → plain 500. */
export function httpErrors(log: (err: unknown) => void): Mw {
  return {
    onError: (request) => {
      const err = request.error;
      if (err instanceof InputError) {
        request.response = jsonResponse(err.statusCode, {
          error: err.message,
          ...(err.field ? { field: err.field } : {}),
        });
        return;
      }
      log(err);
      request.response = jsonResponse(500, { error: 'internal error' });
    },
  };
}
