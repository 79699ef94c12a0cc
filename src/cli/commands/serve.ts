/**
 * `memfrag serve`: the four cloud functions on one local HTTP server (POST /alarm, /v1/..., POST /tick and a
 * timer) against the emulator (`--emulator N`) or real TAT, with the worker invoked in process. The offline
 * way to try the wiring before deploying.
 */
import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { main_handler as alarm } from '../../../functions/alarm';
import { main_handler as invoke } from '../../../functions/invoke';
import { main_handler as sweep } from '../../../functions/sweep';
import { main_handler as worker } from '../../../functions/worker';
import { createTargetResolver } from '../../adapters/cloud/targetResolver';
import { createTatExecutor } from '../../adapters/tat/tatExecutor';
import { type AppRuntime, appFromConfig, provideApp } from '../../app/appFromConfig';
import { createInProcessInvoker, type InProcessInvoker } from '../../app/inProcessInvoker';
import { type LocalServer, startLocalServer } from '../../app/localServer';
import { type Config, loadConfig } from '../../config';
import type { FleetSpec } from '../../emulator/fleetSpec';
import { type Emulator, startEmulator } from '../../emulator/startEmulator';
import type { TargetResolver } from '../../ports';
import { readFleetFile } from './emulator';

/** Options of `startServe` (the command's flags). */
export interface ServeOptions {
  port?: number;
  endpoint?: string;
  region?: string;
  secretId?: string;
  secretKey?: string;
  home?: string;
  databaseUrl?: string;
  /** start an emulator with this many healthy nodes (or `fleet`) and point TAT at it */
  emulator?: number;
  fleet?: FleetSpec;
  alarmToken?: string;
  apiKey?: string;
  tickEveryMs?: number;
}

/** A running `memfrag serve`. */
export interface Serving {
  url: string;
  /** which secrets were made up by serve (and may be printed) */
  generated: { alarmToken: boolean; apiKey: boolean };
  alarmToken: string;
  apiKey: string;
  runtime: AppRuntime;
  invoker: InProcessInvoker;
  emulator: Emulator | undefined;
  server: LocalServer;
  close(): Promise<void>;
}

function configOf(o: ServeOptions, emu: Emulator | undefined, base: Config): Config {
  const endpoint = emu?.endpoint ?? o.endpoint ?? base.tatEndpoint;
  return {
    ...base,
    home: o.home ?? base.home,
    databaseUrl: o.databaseUrl ?? base.databaseUrl,
    region: emu?.region ?? o.region ?? base.region,
    tatEndpoint: endpoint,
    alarmToken: o.alarmToken ?? base.alarmToken ?? randomBytes(16).toString('hex'),
    apiKey: o.apiKey ?? base.apiKey ?? randomBytes(24).toString('hex'),
    // against the emulator with no fleet configured, the timer sweeps the emulated fleet
    fleet: base.fleet.length === 0 && emu ? [{ kind: 'all' }] : base.fleet,
  };
}

/** Starts the emulator (if asked), the app with an in-process worker, and the HTTP server. */
export async function startServe(o: ServeOptions = {}): Promise<Serving> {
  const emu =
    o.emulator !== undefined || o.fleet
      ? await startEmulator({
          ...(o.fleet ? { fleet: o.fleet } : { nodes: o.emulator ?? 3 }),
          onInternalError: () => {},
        })
      : undefined;
  const base = loadConfig();
  const config = configOf(o, emu, base);
  // secrets the caller chose are never echoed; only the ones made up here are printed, so they can be used
  const generated = { alarmToken: !o.alarmToken && !base.alarmToken, apiKey: !o.apiKey && !base.apiKey };
  const secretId = emu?.secretId ?? o.secretId;
  const secretKey = emu?.secretKey ?? o.secretKey;
  const invoker = createInProcessInvoker({
    [config.workerFunction]: (event) =>
      worker(event as never, { time_limit_in_ms: 900_000, function_name: 'worker' }),
  });
  // CVM/TKE lookups go to the same endpoint as TAT (the emulator answers DescribeInstances and
  // DescribeClusterInstances too), with the same credentials
  const resolver: TargetResolver | undefined =
    secretId && secretKey
      ? createTargetResolver({
          region: config.region,
          ...(config.tatEndpoint ? { endpoint: config.tatEndpoint } : {}),
          credentials: { secretId, secretKey },
        })
      : undefined;
  const executor = createTatExecutor({
    region: config.region,
    rateLimitPerSecond: config.rateLimitPerSecond,
    ...(config.tatEndpoint ? { endpoint: config.tatEndpoint } : {}),
    ...(secretId && secretKey ? { credentials: { secretId, secretKey } } : {}),
  });
  const runtime = await appFromConfig(config, { invoker, executor, ...(resolver ? { resolver } : {}) });
  provideApp(runtime);
  const server = await startLocalServer({
    alarm,
    invoke,
    sweep,
    port: o.port ?? 0,
    tickEveryMs: o.tickEveryMs ?? 0,
    onTickError: (err) => runtime.log.error({ error: (err as Error)?.message }, 'local request failed'),
  });
  return {
    url: server.url,
    generated,
    alarmToken: config.alarmToken ?? '',
    apiKey: config.apiKey ?? '',
    runtime,
    invoker,
    emulator: emu,
    server,
    close: async () => {
      await server.close();
      await invoker.idle();
      provideApp(undefined);
      await runtime.close();
      await emu?.close();
    },
  };
}

function int(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer in [${min}, ${max}].`);
    return n;
  };
}

interface ServeFlags extends Omit<ServeOptions, 'tickEveryMs'> {
  tickEvery: number;
  json?: boolean;
}

/** `memfrag serve`. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run the alarm, invoke, sweep and worker functions locally behind one HTTP server')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', int('port', 0, 65535), 8787)
    .option(
      '--emulator <nodes>',
      'start a TAT emulator with this many healthy nodes',
      int('nodes', 1, 100_000),
    )
    .option('--fleet <file>', 'start a TAT emulator serving this fleet spec', readFleetFile)
    .option('--endpoint <url>', 'TAT endpoint (env MEMFRAG_TAT_ENDPOINT)')
    .option('--region <region>', 'region (env MEMFRAG_REGION)')
    .option('--secret-id <id>', 'SecretId (env TENCENTCLOUD_SECRETID)')
    .option('--secret-key <key>', 'SecretKey (env TENCENTCLOUD_SECRETKEY)')
    .option('--home <dir>', 'SQLite store directory (env MEMFRAG_HOME)')
    .option('--database-url <url>', 'postgres://... store (env MEMFRAG_DATABASE_URL)')
    .option('--alarm-token <token>', 'alarm token (env MEMFRAG_ALARM_TOKEN; default: a random one, printed)')
    .option('--api-key <key>', 'manual API HMAC key (env MEMFRAG_API_KEY; default: a random one, printed)')
    .option(
      '--tick-every <seconds>',
      'run the sweep every N seconds (0 = only on POST /tick)',
      int('tick-every', 0, 86_400),
      0,
    )
    .option('--json', 'print the connection details as one JSON line')
    .action(async (flags: ServeFlags) => {
      const { tickEvery, json, ...rest } = flags;
      const s = await startServe({ ...rest, tickEveryMs: tickEvery * 1000 });
      const info = {
        url: s.url,
        alarm: `${s.url}/alarm`,
        api: `${s.url}/v1`,
        tick: `${s.url}/tick`,
        alarmToken: s.generated.alarmToken ? s.alarmToken : '(MEMFRAG_ALARM_TOKEN / --alarm-token)',
        apiKey: s.generated.apiKey ? s.apiKey : '(MEMFRAG_API_KEY / --api-key)',
        ...(s.emulator
          ? { emulator: s.emulator.endpoint, instances: s.emulator.instanceIds.slice(0, 5) }
          : {}),
      };
      if (json) console.log(JSON.stringify(info));
      else
        for (const [k, v] of Object.entries(info))
          console.log(`${k.padEnd(11)} ${Array.isArray(v) ? v.join(' ') : v}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await s.close();
    });
}
