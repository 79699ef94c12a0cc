/**
 * The four cloud functions' handlers wired (through `provideApp`) to a real app: a SQLite store in a temp
 * home, the TAT emulator over real HTTP, a list resolver, and an invoker that only records what the alarm
 * hands to the worker. Builds authenticated events (token, HMAC) the way a caller would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { signRequest } from '../../src/adapters/http/auth';
import type { HttpEvent } from '../../src/adapters/http/httpEvent';
import { createTatExecutor } from '../../src/adapters/tat/tatExecutor';
import { appFromConfig, provideApp } from '../../src/app/appFromConfig';
import { createListResolver } from '../../src/app/listResolver';
import { loadConfig } from '../../src/config';
import type { FleetSpec } from '../../src/emulator/fleetSpec';
import { createKernel } from '../../src/emulator/kernel/kernelModel';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator';
import { createLogger } from '../../src/log';
import type { Store } from '../../src/ports';

export interface FunctionsRig {
  emu: Emulator;
  store: Store;
  home: string;
  token: string;
  apiKey: string;
  /** every log line the app wrote */
  logLines: string[];
  /** payloads handed to the worker */
  dispatched: unknown[];
  alarmEvent(body: string): HttpEvent;
  signedEvent(method: string, path: string, body: string): HttpEvent;
  /** stages that wrote or would write to a node (anything but probes) */
  remediationRecords(): Promise<string[]>;
  /** control writes seen by the emulated nodes */
  nodeWrites(): string[];
  close(): Promise<void>;
}

/** Options: secrets to configure (distinctive values make a leak greppable). */
export interface RigOptions {
  token?: string;
  apiKey?: string;
  secretKey?: string;
  env?: Record<string, string>;
  fleet?: FleetSpec;
  /** the executor reads TENCENTCLOUD_SECRETID/SECRETKEY/SESSIONTOKEN from process.env (as on SCF) */
  envCredentials?: boolean;
}

/** Starts the rig and makes its app the one every handler uses. */
export async function functionsRig(o: RigOptions = {}): Promise<FunctionsRig> {
  delete process.env.http_proxy;
  const secretKey = o.secretKey ?? 'rigSecretKey0123456789abcdef';
  const emu = await startEmulator({
    ...(o.fleet ? { fleet: o.fleet, kernel: createKernel } : { nodes: 3 }),
    secretId: o.envCredentials ? (process.env.TENCENTCLOUD_SECRETID ?? 'AKIDrig') : 'AKIDrig',
    secretKey,
    fastProbe: true,
    onInternalError: () => {},
  });
  const home = mkdtempSync(join(tmpdir(), 'memfrag-rig-'));
  const token = o.token ?? 'rig-alarm-token-0123456789';
  const apiKey = o.apiKey ?? 'rig-api-key-0123456789';
  const config = loadConfig({
    MEMFRAG_HOME: home,
    MEMFRAG_ALARM_TOKEN: token,
    MEMFRAG_API_KEY: apiKey,
    MEMFRAG_TAT_ENDPOINT: emu.endpoint,
    ...o.env,
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const dispatched: unknown[] = [];
  const runtime = await appFromConfig(config, {
    log: createLogger({ destination: sink, level: 'debug' }),
    executor: createTatExecutor({
      region: emu.region,
      endpoint: emu.endpoint,
      ...(o.envCredentials ? {} : { credentials: { secretId: emu.secretId, secretKey } }),
      pollIntervalMs: { min: 30, max: 100 },
    }),
    resolver: createListResolver(emu.instanceIds.map((instanceId) => ({ instanceId }))),
    invoker: { invokeAsync: async (_fn, payload) => void dispatched.push(payload) },
  });
  provideApp(runtime);
  const store = runtime.store;
  return {
    emu,
    store,
    home,
    token,
    apiKey,
    logLines,
    dispatched,
    alarmEvent: (body) => ({
      httpMethod: 'POST',
      path: '/alarm',
      headers: { 'x-memfrag-token': token },
      body,
    }),
    signedEvent(method, path, body) {
      const ts = Math.floor(Date.now() / 1000);
      const full = `/v1${path}`;
      return {
        httpMethod: method,
        path: full,
        headers: {
          'X-Memfrag-Timestamp': String(ts),
          'X-Memfrag-Signature': signRequest(apiKey, ts, method, full, body),
        },
        body,
      };
    },
    async remediationRecords() {
      const eps = await store.listEpisodes({ limit: 100_000 });
      const out: string[] = [];
      for (const e of eps)
        for (const s of await store.listStages(e.id))
          if (s.name !== 'probe' && s.name !== 'reprobe') out.push(s.name);
      return out;
    },
    nodeWrites: () =>
      emu.instanceIds.flatMap((id) => emu.node(id).log.flatMap((l) => l.writes.map((w) => w.file))),
    async close() {
      provideApp(undefined);
      await runtime.close();
      await emu.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
