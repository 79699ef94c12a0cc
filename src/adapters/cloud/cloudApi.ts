/**
 * One way to call any Tencent Cloud API through the real SDK client (TAT now, CVM/TKE later): credentials
 * re-read per call, a shared per-action rate limiter, the read/write retry policy, and errors mapped to our
 * family with every secret redacted. Nothing outside src/adapters sees SDK types.
 */
import { Agent } from 'node:http';
import { MemfragError, NonRetryableError } from '../../errors';
import { type Clock, systemClock } from '../../ports';
import {
  type CloudCredentials,
  type CredentialSource,
  redactSecrets,
  resolveCredentials,
} from './credentials';
import { DEFAULT_RATE_PER_SECOND, type RateLimiter, sharedRateLimiter } from './rateLimiter';
import {
  type CallKind,
  errorCode,
  isThrottled,
  isTransportFailure,
  type RetryPolicy,
  withRetry,
} from './retry';

/** What a cloud API client logs: names, codes and timings only, never credentials or payloads. */
export interface CloudEvent {
  event: 'cloud.call' | 'cloud.retry' | 'cloud.error';
  service: string;
  action: string;
  ms?: number;
  attempt?: number;
  code?: string;
  delayMs?: number;
  requestId?: string;
}

/** Options shared by every client built with `createCloudApi`. */
export interface CloudApiOptions {
  region: string;
  /** `http://127.0.0.1:PORT` (emulator) or a host such as `tat.tencentcloudapi.com` */
  endpoint?: string;
  credentials?: CredentialSource;
  /** requests per second per API action: one number for all, or per action name */
  rateLimitPerSecond?: number | Record<string, number>;
  limiter?: RateLimiter;
  clock?: Clock;
  retry?: RetryPolicy;
  /** SDK request timeout, seconds (default 30) */
  reqTimeoutSeconds?: number;
  log?: (event: CloudEvent) => void;
  env?: NodeJS.ProcessEnv;
}

/** An API call that failed after the retry policy gave up; `transport` means the answer may have been lost. */
export class CloudApiError extends MemfragError {
  override readonly name: string = 'CloudApiError';
  readonly code: string | undefined;
  readonly action: string;
  readonly transport: boolean;
  readonly throttled: boolean;
  constructor(
    message: string,
    opts: {
      action: string;
      code: string | undefined;
      transport: boolean;
      throttled: boolean;
      cause?: unknown;
    },
  ) {
    super(message, { cause: opts.cause });
    this.action = opts.action;
    this.code = opts.code;
    this.transport = opts.transport;
    this.throttled = opts.throttled;
  }
}

/** The SDK client surface we use: the generic `request` every generated client inherits. */
export interface SdkClient {
  request(action: string, req: unknown, options?: { signal?: AbortSignal }): Promise<unknown>;
}

/** An SDK client class such as the TAT `Client`. */
export type SdkClientClass = new (config: {
  credential: CloudCredentials;
  region: string;
  profile: { httpProfile: Record<string, unknown> };
}) => SdkClient;

/** A rate-limited, retrying caller of one cloud service. */
export interface CloudApi {
  call<Res>(action: string, req: object, kind: CallKind, signal?: AbortSignal): Promise<Res>;
}

/** Splits `http://host:port` into the SDK's `endpoint` (host[:port]) and `protocol` (`http://`). */
export function parseEndpoint(url: string | undefined): { endpoint?: string; protocol?: string } {
  if (!url) return {};
  const m = /^(https?:\/\/)?([^/]+)\/?$/.exec(url.trim());
  if (!m?.[2])
    throw new NonRetryableError(
      `invalid API endpoint ${JSON.stringify(url)}: expected http(s)://host[:port]`,
    );
  return m[1] ? { endpoint: m[2], protocol: m[1] } : { endpoint: m[2] };
}

/** Auth and parameter errors cannot be fixed by retrying. */
function isNonRetryableCode(code: string | undefined): boolean {
  return /^(AuthFailure|UnauthorizedOperation|InvalidAction|NoSuchVersion|UnsupportedRegion|MissingParameter)/.test(
    code ?? '',
  );
}

/** One SDK client per credential triple: rebuilt only when the keys rotate. */
function clientCache(Client: SdkClientClass, opts: CloudApiOptions): (creds: CloudCredentials) => SdkClient {
  const { endpoint, protocol } = parseEndpoint(opts.endpoint);
  // a loopback emulator must not go through an http_proxy from the environment (the SDK honours it)
  const agent = protocol === 'http://' ? new Agent({ keepAlive: true }) : undefined;
  let cached: { key: string; client: SdkClient } | undefined;
  return (creds) => {
    const key = `${creds.secretId}\0${creds.secretKey}\0${creds.token ?? ''}`;
    if (cached?.key !== key) {
      const httpProfile: Record<string, unknown> = { reqTimeout: opts.reqTimeoutSeconds ?? 30 };
      if (endpoint) httpProfile.endpoint = endpoint;
      if (protocol) httpProfile.protocol = protocol;
      if (agent) httpProfile.agent = agent;
      const client = new Client({ credential: { ...creds }, region: opts.region, profile: { httpProfile } });
      cached = { key, client };
    }
    return cached.client;
  };
}

function rateFor(setting: CloudApiOptions['rateLimitPerSecond'], action: string): number {
  if (typeof setting === 'number') return setting;
  return setting?.[action] ?? DEFAULT_RATE_PER_SECOND;
}

/** Builds a caller for one service; `service` is used for the default host, rate keys and messages. */
export function createCloudApi(service: string, Client: SdkClientClass, opts: CloudApiOptions): CloudApi {
  const host = parseEndpoint(opts.endpoint).endpoint ?? `${service}.tencentcloudapi.com`;
  const clock = opts.clock ?? systemClock;
  const limiter = opts.limiter ?? sharedRateLimiter();
  const clientFor = clientCache(Client, opts);

  return {
    async call<Res>(action: string, req: object, kind: CallKind, signal?: AbortSignal): Promise<Res> {
      let creds: CloudCredentials | undefined;
      try {
        return await withRetry(
          async (attempt) => {
            creds = resolveCredentials(opts.credentials, opts.env);
            await limiter.acquire(`${host}/${action}`, rateFor(opts.rateLimitPerSecond, action), signal);
            const started = clock.now();
            const res = await clientFor(creds).request(action, req, signal ? { signal } : {});
            opts.log?.({ event: 'cloud.call', service, action, attempt, ms: clock.now() - started });
            return res as Res;
          },
          {
            kind,
            clock,
            ...(opts.retry ? { policy: opts.retry } : {}),
            ...(signal ? { signal } : {}),
            onRetry: (err, attempt, delayMs) => {
              const code = errorCode(err) ?? 'transport';
              opts.log?.({ event: 'cloud.retry', service, action, attempt, delayMs, code });
            },
          },
        );
      } catch (err) {
        if (signal?.aborted) throw err;
        throw toCloudError(err, service, action, creds, opts.log);
      }
    },
  };
}

function toCloudError(
  err: unknown,
  service: string,
  action: string,
  creds: CloudCredentials | undefined,
  log: CloudApiOptions['log'],
): Error {
  if (err instanceof MemfragError) return err;
  const code = errorCode(err);
  const requestId = (err as { requestId?: unknown })?.requestId;
  log?.({
    event: 'cloud.error',
    service,
    action,
    code: code ?? 'transport',
    ...(typeof requestId === 'string' && requestId ? { requestId } : {}),
  });
  const raw = err instanceof Error ? err.message : String(err);
  const detail = redactSecrets(raw, creds);
  const message = `${service} ${action} failed${code ? ` (${code})` : ''}: ${detail}`;
  // the cause keeps the facts, not the raw SDK error, whose text could echo what the server was sent
  const cause = { code, requestId, httpCode: (err as { httpCode?: unknown })?.httpCode };
  if (isNonRetryableCode(code)) return new NonRetryableError(message, { cause });
  return new CloudApiError(message, {
    cause,
    action,
    code,
    transport: isTransportFailure(err),
    throttled: isThrottled(err),
  });
}
