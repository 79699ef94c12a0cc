/**
 * The only module that reads the environment (credentials aside: the TAT adapter re-reads those on
 * every call because role keys rotate). Every variable is validated here once; a bad value is an
 * InputError naming the variable. The README's configuration table mirrors ENV_DOCS below.
 */
import { InputError } from './errors';
import type { TargetSelector } from './ports';

/** Every variable memfrag reads, with its meaning and default: the source of the README table. */
export const ENV_DOCS: Record<string, { meaning: string; default: string }> = {
  MEMFRAG_HOME: { meaning: 'directory of the embedded SQLite store', default: '.memfrag' },
  MEMFRAG_DATABASE_URL: {
    meaning: 'postgres://... for a shared store (required in the cloud)',
    default: '(SQLite)',
  },
  MEMFRAG_REGION: {
    meaning: 'Tencent Cloud region of the nodes',
    default: 'TENCENTCLOUD_REGION or ap-guangzhou',
  },
  MEMFRAG_TAT_ENDPOINT: {
    meaning: 'TAT API endpoint (e.g. the emulator, http://127.0.0.1:9000)',
    default: 'tat.tencentcloudapi.com',
  },
  MEMFRAG_RATE_LIMIT: { meaning: 'requests per second per cloud API action', default: '20' },
  MEMFRAG_ALARM_TOKEN: {
    meaning: 'shared token alarm callbacks must carry (header x-memfrag-token or ?token=)',
    default: '(required by alarm)',
  },
  MEMFRAG_API_KEY: {
    meaning: 'HMAC key of the manual API (x-memfrag-signature)',
    default: '(required by invoke)',
  },
  MEMFRAG_WORKER_FUNCTION: {
    meaning: 'name of the worker function alarm and sweep hand work to',
    default: 'memfrag-worker',
  },
  MEMFRAG_NAMESPACE: { meaning: 'SCF namespace of the worker function', default: 'default' },
  MEMFRAG_FLEET: {
    meaning: 'what the sweep covers: comma list of cls-... clusters, tag:key=value, ins-... ids',
    default: '(none: sweep does nothing)',
  },
  MEMFRAG_COOLDOWN_MINUTES: {
    meaning: 'no new remediation for a node this long after its last episode',
    default: '30',
  },
  MEMFRAG_ATTEMPT_LIMIT: {
    meaning: 'max remediation episodes per node per window, as N/Hh',
    default: '3/24h',
  },
  MEMFRAG_REQUIRE_APPROVAL: {
    meaning: 'compaction waits for an operator approval (true/false)',
    default: 'false',
  },
  MEMFRAG_APPROVAL_TIMEOUT_MINUTES: { meaning: 'how long a compaction waits for approval', default: '60' },
  MEMFRAG_MAINTENANCE_WINDOWS: {
    meaning: 'UTC windows remediation may act in, e.g. "Mon-Fri 02:00-05:00"',
    default: '(any time)',
  },
  MEMFRAG_MAX_CONCURRENT_COMPACTIONS: { meaning: 'compactions at once across the fleet', default: '5' },
  MEMFRAG_MAX_ERRORS: { meaning: 'failed nodes before a fleet run stops (circuit breaker)', default: '10' },
  MEMFRAG_CANARY_SIZE: { meaning: 'nodes remediated first; their effect gates the rest', default: '5' },
  MEMFRAG_TARGET_ORDER: {
    meaning: 'allocation order that must be served (else from the kernel log)',
    default: '(from log, else 4)',
  },
  MEMFRAG_DRY_RUN: { meaning: 'plan and record only, never act (true/false)', default: 'false' },
  MEMFRAG_WEBHOOK_URL: { meaning: 'generic JSON webhook for summaries', default: '(none)' },
  MEMFRAG_WECOM_KEY: { meaning: 'WeCom group-robot key for markdown summaries', default: '(none)' },
  LOG_LEVEL: { meaning: 'pino log level', default: 'info' },
};

export interface Config {
  home: string;
  databaseUrl: string | undefined;
  region: string;
  tatEndpoint: string | undefined;
  rateLimitPerSecond: number;
  alarmToken: string | undefined;
  apiKey: string | undefined;
  workerFunction: string;
  namespace: string;
  fleet: TargetSelector[];
  cooldownMs: number;
  attemptLimit: { max: number; windowMs: number };
  approval: { compaction: boolean; timeoutMs: number };
  windows: { days?: number[]; start: string; end: string }[];
  maxConcurrentCompactions: number;
  maxErrors: number;
  canarySize: number;
  targetOrder: number | undefined;
  dryRun: boolean;
  webhookUrl: string | undefined;
  wecomKey: string | undefined;
  logLevel: string;
}

type Env = Record<string, string | undefined>;

function bad(name: string, why: string): never {
  throw new InputError(`${name}: ${why}`, { field: name });
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    bad(name, `expected an integer ${min}..${max}`);
  return Number(raw);
}

function bool(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  return bad(name, 'expected true or false');
}

/** `cls-abcd1234,tag:env=prod,ins-abcd1234` → selectors. */
export function parseFleet(raw: string | undefined): TargetSelector[] {
  const out: TargetSelector[] = [];
  const ids: string[] = [];
  const tags: Record<string, string> = {};
  for (const part of (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    if (/^cls-[a-z0-9]{8}$/.test(part)) out.push({ kind: 'cluster', clusterId: part });
    else if (/^ins-[a-z0-9]{8}$/.test(part)) ids.push(part);
    else if (/^tag:[^=]{1,127}=.{1,127}$/.test(part)) {
      const [k, ...v] = part.slice(4).split('=');
      tags[k as string] = v.join('=');
    } else if (part === 'all') out.push({ kind: 'all' });
    else bad('MEMFRAG_FLEET', `cannot read "${part}" (cls-xxxxxxxx, ins-xxxxxxxx, tag:key=value or all)`);
  }
  if (ids.length) out.push({ kind: 'instances', instanceIds: ids });
  if (Object.keys(tags).length) out.push({ kind: 'tags', tags });
  return out;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `Mon-Fri 02:00-05:00, Sat 00:00-06:00, 22:00-23:00` → weekly UTC windows. */
export function parseWindows(raw: string | undefined): Config['windows'] {
  const out: Config['windows'] = [];
  for (const part of (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = part.match(/^(?:(\w{3})(?:-(\w{3}))?\s+)?(\d\d:\d\d)-(\d\d:\d\d)$/);
    const from = m?.[1] ? DAYS.indexOf(m[1]) : -2;
    const to = m?.[2] ? DAYS.indexOf(m[2]) : from;
    if (
      !m ||
      from === -1 ||
      to === -1 ||
      !/^([01]\d|2[0-3]):[0-5]\d$/.test(m[3]!) ||
      !/^([01]\d|2[0-3]):[0-5]\d$/.test(m[4]!)
    ) {
      bad('MEMFRAG_MAINTENANCE_WINDOWS', `cannot read "${part}" (e.g. "Mon-Fri 02:00-05:00")`);
    }
    const days =
      from === -2 ? undefined : Array.from({ length: ((to - from + 7) % 7) + 1 }, (_, i) => (from + i) % 7);
    out.push({ ...(days ? { days } : {}), start: m[3]!, end: m[4]! });
  }
  return out;
}

function attemptLimit(raw: string | undefined): Config['attemptLimit'] {
  if (!raw) return { max: 3, windowMs: 24 * 3_600_000 };
  const m = raw.match(/^(\d{1,3})\/(\d{1,4})h$/);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) bad('MEMFRAG_ATTEMPT_LIMIT', 'expected N/Hh, e.g. 3/24h');
  return { max: Number(m[1]), windowMs: Number(m[2]) * 3_600_000 };
}

/** Reads and validates the configuration from `env` (process.env by default). */
export function loadConfig(env: Env = process.env): Config {
  const url = env.MEMFRAG_DATABASE_URL || undefined;
  if (url && !/^postgres(ql)?:\/\//.test(url)) bad('MEMFRAG_DATABASE_URL', 'expected a postgres:// URL');
  const endpoint = env.MEMFRAG_TAT_ENDPOINT || undefined;
  if (endpoint && !/^https?:\/\/[^\s/]+\/?$/.test(endpoint))
    bad('MEMFRAG_TAT_ENDPOINT', 'expected http(s)://host[:port]');
  const webhook = env.MEMFRAG_WEBHOOK_URL || undefined;
  if (webhook && !/^https?:\/\/\S+$/.test(webhook)) bad('MEMFRAG_WEBHOOK_URL', 'expected an http(s) URL');
  const order = env.MEMFRAG_TARGET_ORDER ? int(env, 'MEMFRAG_TARGET_ORDER', 4, 1, 10) : undefined;
  return {
    home: env.MEMFRAG_HOME || '.memfrag',
    databaseUrl: url,
    region: env.MEMFRAG_REGION || env.TENCENTCLOUD_REGION || 'ap-guangzhou',
    tatEndpoint: endpoint,
    rateLimitPerSecond: int(env, 'MEMFRAG_RATE_LIMIT', 20, 1, 1000),
    alarmToken: env.MEMFRAG_ALARM_TOKEN || undefined,
    apiKey: env.MEMFRAG_API_KEY || undefined,
    workerFunction: env.MEMFRAG_WORKER_FUNCTION || 'memfrag-worker',
    namespace: env.MEMFRAG_NAMESPACE || 'default',
    fleet: parseFleet(env.MEMFRAG_FLEET),
    cooldownMs: int(env, 'MEMFRAG_COOLDOWN_MINUTES', 30, 0, 100_000) * 60_000,
    attemptLimit: attemptLimit(env.MEMFRAG_ATTEMPT_LIMIT),
    approval: {
      compaction: bool(env, 'MEMFRAG_REQUIRE_APPROVAL'),
      timeoutMs: int(env, 'MEMFRAG_APPROVAL_TIMEOUT_MINUTES', 60, 1, 10_000) * 60_000,
    },
    windows: parseWindows(env.MEMFRAG_MAINTENANCE_WINDOWS),
    maxConcurrentCompactions: int(env, 'MEMFRAG_MAX_CONCURRENT_COMPACTIONS', 5, 1, 10_000),
    maxErrors: int(env, 'MEMFRAG_MAX_ERRORS', 10, 1, 100_000),
    canarySize: int(env, 'MEMFRAG_CANARY_SIZE', 5, 0, 10_000),
    targetOrder: order,
    dryRun: bool(env, 'MEMFRAG_DRY_RUN'),
    webhookUrl: webhook,
    wecomKey: env.MEMFRAG_WECOM_KEY || undefined,
    logLevel: env.LOG_LEVEL || 'info',
  };
}
