/**
 * The HTTP events SCF hands a function (API Gateway integration and function URL share this shape)
 * and the response shape it expects back.
 */
export interface HttpEvent {
  httpMethod?: string;
  path?: string;
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  queryString?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  requestContext?: { requestId?: string; sourceIp?: string };
}

export interface HttpResponse {
  isBase64Encoded: false;
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** A JSON response in the integration-response shape API Gateway and function URLs expect. */
export function jsonResponse(statusCode: number, payload: unknown): HttpResponse {
  return {
    isBase64Encoded: false,
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(payload),
  };
}

/** Header lookup that ignores case, as API Gateway forwards headers with mixed case. */
export function header(event: HttpEvent, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === want) return v;
  return undefined;
}

/** Query parameter from either of the two fields SCF may fill. */
export function query(event: HttpEvent, name: string): string | undefined {
  return event.queryStringParameters?.[name] ?? event.queryString?.[name];
}

/** The raw body as text (decoded when the platform base64-encoded it). */
export function rawBody(event: HttpEvent): string {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}
