/**
 * Wiring: the real adapters from the validated configuration (store, TAT executor, target resolver, SCF
 * invoker, notifiers, logger, engine). The functions keep one app per warm instance (module scope); the
 * adapters re-read the rotating role credentials on every call. `memfrag serve` and tests provide their own.
 */
import { createScfInvoker } from '../adapters/cloud/scfInvoker';
import { createTargetResolver } from '../adapters/cloud/targetResolver';
import { combineNotifiers, createWebhookNotifier, createWeComNotifier } from '../adapters/notify/notifiers';
import { openStore } from '../adapters/store/openStore';
import { createTatExecutor } from '../adapters/tat/tatExecutor';
import { type Config, loadConfig } from '../config';
import { engineConfig } from '../engine/config';
import { createEngine } from '../engine/createEngine';
import type { EngineDeps, FleetBudgets } from '../engine/types';
import { MemfragError } from '../errors';
import { createLogger, type Logger } from '../log';
import {
  type Clock,
  type Executor,
  type Invoker,
  type Notifier,
  type Store,
  systemClock,
  type TargetResolver,
} from '../ports';
import { createFunctionsApp, type FunctionsApp } from './functionsApp';

/** A wired app with what the handlers log through and what closes it. */
export interface AppRuntime {
  app: FunctionsApp;
  config: Config;
  log: Logger;
  store: Store;
  close(): Promise<void>;
}

/** Adapters a caller may substitute (serve's in-process invoker, a test's resolver, a test clock). */
export interface AppOverrides {
  invoker?: Invoker;
  resolver?: TargetResolver;
  executor?: Executor;
  store?: Store;
  clock?: Clock;
  log?: Logger;
  shardSize?: number;
  inlineLimit?: number;
}

/** The fleet budgets the configuration sets. */
export function budgetsOf(config: Config): FleetBudgets {
  return {
    maxErrors: config.maxErrors,
    maxConcurrentCompactions: { count: config.maxConcurrentCompactions },
    ...(config.canarySize > 0 ? { canary: { size: config.canarySize } } : {}),
  };
}

function notifierOf(config: Config, log: Logger): Notifier | undefined {
  const list: Notifier[] = [];
  if (config.webhookUrl) list.push(createWebhookNotifier(config.webhookUrl));
  if (config.wecomKey) list.push(createWeComNotifier(config.wecomKey));
  if (list.length === 0) return undefined;
  return combineNotifiers(list, (err) => log.warn({ err: (err as Error)?.message }, 'notification failed'));
}

function cloud(config: Config) {
  return {
    region: config.region,
    rateLimitPerSecond: config.rateLimitPerSecond,
    ...(config.tatEndpoint ? { endpoint: config.tatEndpoint } : {}),
  };
}

/** Builds the app from `config`, with real adapters unless overridden. */
export async function appFromConfig(config: Config, o: AppOverrides = {}): Promise<AppRuntime> {
  const log = o.log ?? createLogger({ level: config.logLevel });
  const store =
    o.store ??
    (await openStore({ home: config.home, ...(config.databaseUrl ? { url: config.databaseUrl } : {}) }));
  const clock = o.clock ?? systemClock;
  const engineDeps: EngineDeps = {
    store,
    clock,
    log,
    // MEMFRAG_DRY_RUN holds back the engine itself: episodes opened before it was set must not act either
    dryRun: config.dryRun,
    executor: o.executor ?? createTatExecutor(cloud(config)),
    config: engineConfig({
      cooldownMs: config.cooldownMs,
      attemptLimit: config.attemptLimit,
      approval: config.approval,
      windows: config.windows,
      maxConcurrentCompactions: config.maxConcurrentCompactions,
    }),
  };
  const notifier = notifierOf(config, log);
  const app = createFunctionsApp({
    engine: createEngine(engineDeps),
    engineDeps,
    store,
    clock,
    resolver: o.resolver ?? createTargetResolver(cloud(config)),
    invoker: o.invoker ?? createScfInvoker({ ...cloud(config), namespace: config.namespace }),
    workerFunction: config.workerFunction,
    fleet: config.fleet,
    budgets: budgetsOf(config),
    dryRun: config.dryRun,
    ...(config.targetOrder !== undefined ? { targetOrder: config.targetOrder } : {}),
    ...(notifier ? { notifier } : {}),
    ...(o.shardSize ? { shardSize: o.shardSize } : {}),
    ...(o.inlineLimit ? { inlineLimit: o.inlineLimit } : {}),
  });
  return { app, config, log, store, close: () => store.close() };
}

let current: Promise<AppRuntime> | undefined;
let config: Config | undefined;

/**
 * The configuration the handlers' middlewares read (the alarm token, the API key) before any adapter is
 * built: the provided app's, else the environment's. A bad variable is a server fault (500), never a 4xx.
 */
export function currentConfig(): Config {
  if (!config) {
    try {
      config = loadConfig();
    } catch (err) {
      throw new MemfragError(`configuration: ${(err as Error).message}`, { cause: err });
    }
  }
  return config;
}

/** The app of this function instance, built from the environment on first use and kept while warm. */
export function currentApp(): Promise<AppRuntime> {
  if (!current) {
    const p = Promise.resolve().then(() => appFromConfig(currentConfig()));
    // a failed start (database down) must not stick: the next invocation tries again
    p.catch(() => {
      if (current === p) current = undefined;
    });
    current = p;
  }
  return current;
}

/** Makes `runtime` the app every handler uses (serve, tests); undefined goes back to the environment. */
export function provideApp(runtime: AppRuntime | undefined): void {
  current = runtime ? Promise.resolve(runtime) : undefined;
  config = runtime?.config;
}
