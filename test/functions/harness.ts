/**
 * The four functions' handlers over a real app: the TAT emulator (kernel model) through the real SDK, a real
 * SQLite file (or PostgreSQL), the worker invoked in process as SCF's async Invoke would, and a list resolver
 * standing in for CVM/TKE lookups (the emulator answers TAT only).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main_handler as worker } from '../../functions/worker';
import { createRateLimiter } from '../../src/adapters/cloud/rateLimiter';
import { signRequest } from '../../src/adapters/http/auth';
import type { HttpEvent } from '../../src/adapters/http/httpEvent';
import { openStore } from '../../src/adapters/store/openStore';
import { createTatExecutor } from '../../src/adapters/tat/tatExecutor';
import { type AppRuntime, appFromConfig, provideApp } from '../../src/app/appFromConfig';
import { createInProcessInvoker, type InProcessInvoker } from '../../src/app/inProcessInvoker';
import { createListResolver } from '../../src/app/listResolver';
import { loadConfig } from '../../src/config';
import type { FleetSpec } from '../../src/emulator/fleetSpec';
import { createKernel } from '../../src/emulator/kernel/kernelModel';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator';
import { createLogger } from '../../src/log';
import type { Store, Target } from '../../src/ports';

export const TOKEN = 'alarm-token-for-tests-0123';
export const API_KEY = 'api-key-for-tests-0123456789';
const PAYLOADS = new URL('../fixtures/payloads/', import.meta.url).pathname;

export interface FunctionsHarness {
  emu: Emulator;
  runtime: AppRuntime;
  store: Store;
  invoker: InProcessInvoker;
  ids(prefix: string): string[];
  close(): Promise<void>;
}

/** Options: extra environment for loadConfig, the store URL (PostgreSQL), IPs the resolver maps. */
export interface HarnessOptions {
  env?: Record<string, string>;
  databaseUrl?: string;
  /** private IP → group prefix and index of the emulated node it stands for */
  ips?: Record<string, [string, number]>;
  shardSize?: number;
  inlineLimit?: number;
  /** the first N worker invocations fail as SCF Invoke would when refused */
  failInvokes?: number;
}

/** Starts the emulated fleet and provides an app over it to every function handler. */
export async function functionsHarness(fleet: FleetSpec, o: HarnessOptions = {}): Promise<FunctionsHarness> {
  delete process.env.http_proxy;
  process.env.LOG_LEVEL = 'silent';
  const emu = await startEmulator({ fleet, kernel: createKernel, seed: 7, onInternalError: () => {} });
  const ids = (prefix: string) =>
    emu.instanceIds.filter((id) => emu.node(id).spec.hostname.startsWith(`${prefix}-`));
  const home = mkdtempSync(join(tmpdir(), 'memfrag-fn-home-'));
  const config = loadConfig({
    MEMFRAG_HOME: home,
    MEMFRAG_ALARM_TOKEN: TOKEN,
    MEMFRAG_API_KEY: API_KEY,
    MEMFRAG_TAT_ENDPOINT: emu.endpoint,
    MEMFRAG_REGION: emu.region,
    MEMFRAG_CANARY_SIZE: '0',
    LOG_LEVEL: 'silent',
    ...(o.databaseUrl ? { MEMFRAG_DATABASE_URL: o.databaseUrl } : {}),
    ...o.env,
  });
  const store = await openStore({ home, ...(o.databaseUrl ? { url: o.databaseUrl } : {}) });
  const targets: Target[] = emu.instanceIds.map((instanceId) => ({ instanceId }));
  for (const [ip, [prefix, i]] of Object.entries(o.ips ?? {})) {
    const t = targets.find((x) => x.instanceId === ids(prefix)[i]);
    if (t) t.privateIp = ip;
  }
  const invoker = createInProcessInvoker({
    // the deployed worker timeout: the engine gates stages on their worst-case duration
    [config.workerFunction]: (event) => worker(event as never, { time_limit_in_ms: 900_000 }),
  });
  const executor = createTatExecutor({
    region: emu.region,
    endpoint: emu.endpoint,
    credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
    pollIntervalMs: { min: 50, max: 300 },
    limiter: createRateLimiter(),
  });
  let failures = o.failInvokes ?? 0;
  const runtime = await appFromConfig(config, {
    invoker: {
      invokeAsync: async (name, payload) => {
        if (failures-- > 0) throw new Error('ResourceUnavailable: Invoke refused');
        return invoker.invokeAsync(name, payload);
      },
    },
    executor,
    store,
    resolver: createListResolver(targets),
    log: createLogger({ level: 'silent' }),
    ...(o.shardSize ? { shardSize: o.shardSize } : {}),
    ...(o.inlineLimit ? { inlineLimit: o.inlineLimit } : {}),
  });
  provideApp(runtime);
  return {
    emu,
    runtime,
    store,
    invoker,
    ids,
    close: async () => {
      await invoker.idle();
      provideApp(undefined);
      await emu.close();
      await store.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A payload fixture's text with its instance ids swapped for emulated ones. */
export function fixture(name: string, swap: Record<string, string> = {}): string {
  let text = readFileSync(join(PAYLOADS, name), 'utf8');
  for (const [from, to] of Object.entries(swap)) text = text.split(from).join(to);
  return text;
}

/** An API-gateway event as SCF delivers an alarm callback. */
export function alarmEvent(
  body: string,
  token: string | undefined = TOKEN,
  where: 'header' | 'query' = 'header',
): HttpEvent {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token && where === 'header') headers['x-memfrag-token'] = token;
  const q = token && where === 'query' ? { token } : {};
  return {
    httpMethod: 'POST',
    path: '/alarm',
    headers,
    body,
    queryString: q,
    queryStringParameters: q,
    requestContext: { requestId: `req-${Math.random().toString(36).slice(2)}`, sourceIp: '10.0.0.1' },
  };
}

/** A signed manual API event (`ts` in unix seconds; default now). */
export function apiEvent(
  method: string,
  path: string,
  body = '',
  o: { ts?: number; key?: string; query?: Record<string, string> } = {},
): HttpEvent {
  const ts = o.ts ?? Math.floor(Date.now() / 1000);
  return {
    httpMethod: method,
    path,
    headers: {
      'content-type': 'application/json',
      'x-memfrag-timestamp': String(ts),
      'x-memfrag-signature': signRequest(o.key ?? API_KEY, ts, method, path, body, o.query ?? {}),
    },
    body,
    queryString: o.query ?? {},
    queryStringParameters: o.query ?? {},
    requestContext: { requestId: `req-${Math.random().toString(36).slice(2)}` },
  };
}

/** A JSON value read loosely in assertions (the response schemas are asserted, not typed). */
// biome-ignore lint/suspicious/noExplicitAny: assertion-side reading of untyped JSON answers
export type Loose = Record<string, any>;

/** The parsed JSON body of a handler's response. */
export function json(res: unknown): {
  statusCode: number;
  body: Loose;
} {
  const r = res as { statusCode: number; body: string };
  return { statusCode: r.statusCode, body: JSON.parse(r.body) };
}
