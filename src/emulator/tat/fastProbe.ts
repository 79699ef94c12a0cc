import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bounded, records, squeeze, subst, zoneinfoLines } from './probeText';

/**
 * An in-process twin of `runbooks/scripts/probe.sh` for large fleets: the same bytes bash would print
 * for a node tree, without ~40 processes per probe. Used only for the exact probe text it was written
 * for (recognised by hash, see `recogniseProbe`); a test proves byte-identity with bash.
 */

/** SHA-256 of the probe.sh this renderer reproduces; any other probe runs through bash. */
export const KNOWN_PROBE_SHA256 = '2960af017b1457cf93beee237e268b58ae7536ed121689affb8263e6bdf83119';

/** What the probe reads: regular files (as byte strings) and the control files that exist as FIFOs. */
export interface ProbeTree {
  files: ReadonlyMap<string, string>;
  controls: readonly string[];
}

/** The clock and uid values the probe's `date +%s` and `id -u` would print. */
export interface ProbeEnv {
  nowSeconds: number;
  uid: number;
}

/** Reads probe.sh's body if its hash is the known one (else the fast path stays off). */
export function loadKnownProbe(path: string): string | undefined {
  try {
    const body = readFileSync(path, 'utf8');
    return createHash('sha256').update(body).digest('hex') === KNOWN_PROBE_SHA256 ? body : undefined;
  } catch {
    return undefined;
  }
}

/** The `pagetypeinfo` flag when `script` is exactly the probe with renderCommand's preamble, else undefined. */
export function recogniseProbe(script: string, body: string | undefined): boolean | undefined {
  if (body === undefined || !script.endsWith(body)) return undefined;
  const preamble = script.slice(0, script.length - body.length);
  if (preamble === '#!/bin/sh\n\n' || preamble === "#!/bin/sh\nMEMFRAG_PAGETYPEINFO='0'\n") return false;
  if (preamble === "#!/bin/sh\nMEMFRAG_PAGETYPEINFO='1'\n") return true;
  return undefined;
}

const MEMINFO_RE =
  /^(MemTotal|MemFree|MemAvailable|Buffers|Cached|SwapCached|Active\(file\)|Inactive\(file\)|AnonPages|Mapped|Shmem|Slab|SReclaimable|SUnreclaim|KernelStack|PageTables|SwapTotal|SwapFree|Dirty|AnonHugePages|HugePages_Total|HugePages_Free|Hugepagesize|CmaFree|KReclaimable):/;
const VMSTAT_RE =
  /^(nr_free_pages|compact_[a-z_]+|drop_[a-z_]+|pgmigrate_[a-z_]+|allocstall[a-z_]*|pgscan_direct[a-z_]*) /;
const KERNLOG_RE =
  /page allocation failure|Mem-Info:|[A-Za-z0-9]+: [0-9]+\*[0-9]+kB|SLUB: Unable to allocate|falling back to vmalloc|kmem_cache_create\(.*failed|invoked oom-killer|Killed process|callbacks suppressed|nodemask=|mems_allowed=/;
const SYSCTLS = [
  'extfrag_threshold',
  'compaction_proactiveness',
  'min_free_kbytes',
  'watermark_scale_factor',
  'watermark_boost_factor',
];
function nodeDirs(tree: ProbeTree): string[] {
  const names = new Set<string>();
  for (const p of [...tree.files.keys(), ...tree.controls]) {
    const m = /^sys\/devices\/system\/node\/(node[0-9][^/]*)\//.exec(p);
    if (m?.[1]) names.add(m[1]);
  }
  // bash sorts a glob's matches bytewise under LC_ALL=C
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function sections(tree: ProbeTree, buddy: string, pti: boolean, env: ProbeEnv): string[] {
  const f = (rel: string) => tree.files.get(rel);
  const out: string[] = ['== meta'];
  const uptime = f('proc/uptime');
  out.push(
    ...bounded('meta', 16, 512, [
      `kernel=${subst(f('proc/sys/kernel/osrelease') ?? '')}`,
      `pagesize=${subst(f('pagesize') ?? '4096')}`,
      `uptime=${uptime === undefined ? '' : (records(uptime)[0] ?? '').trim().split(/[ \t]+/)[0]}`,
      `hostname=${subst(f('proc/sys/kernel/hostname') ?? '')}`,
      `time=${env.nowSeconds}`,
      `uid=${env.uid}`,
      `pagetypeinfo=${pti ? 1 : 0}`,
    ]),
  );
  out.push('== buddyinfo', ...bounded('buddyinfo', 64, 3072, records(`${buddy}\n`).map(squeeze)));
  const zi = f('proc/zoneinfo');
  out.push('== zoneinfo');
  if (zi === undefined) out.push('unavailable');
  else out.push(...bounded('zoneinfo', 256, 3072, zoneinfoLines(zi).map(squeeze)));
  const mi = f('proc/meminfo');
  out.push('== meminfo');
  if (mi === undefined) out.push('unavailable');
  else
    out.push(
      ...bounded(
        'meminfo',
        40,
        768,
        records(mi)
          .filter((l) => MEMINFO_RE.test(l))
          .map(squeeze),
      ),
    );
  const vm = f('proc/vmstat');
  out.push('== vmstat');
  if (vm === undefined) out.push('unavailable');
  else
    out.push(
      ...bounded(
        'vmstat',
        64,
        1536,
        records(vm).filter((l) => VMSTAT_RE.test(l)),
      ),
    );
  const sysctl = SYSCTLS.flatMap((n) => {
    const v = f(`proc/sys/vm/${n}`);
    return v === undefined ? [] : records(`${n}=${subst(v)}\n`);
  });
  out.push('== sysctl', ...bounded('sysctl', 16, 384, sysctl));
  out.push(
    ...thpSection(tree),
    ...nodesSection(tree),
    ...pagetypeSection(tree, pti),
    ...kernlogSection(tree),
  );
  return out;
}

function thpSection(tree: ProbeTree): string[] {
  const d = 'sys/kernel/mm/transparent_hugepage';
  if (!tree.files.has(`${d}/enabled`)) return ['== thp', 'unavailable'];
  const lines = ['enabled', 'defrag'].flatMap((n) => {
    const v = tree.files.get(`${d}/${n}`);
    return v === undefined ? [] : records(`${n}=${subst(v)}\n`);
  });
  return ['== thp', ...bounded('thp', 4, 256, lines)];
}

function nodesSection(tree: ProbeTree): string[] {
  const dirs = nodeDirs(tree);
  const lines = dirs.map((d) => {
    const rel = `sys/devices/system/node/${d}/compact`;
    const c = tree.files.has(rel) || tree.controls.includes(rel) ? 1 : 0;
    return `node ${d.slice(4)} compact=${c}`;
  });
  const hasRoot = [...tree.files.keys(), ...tree.controls].some((p) =>
    p.startsWith('sys/devices/system/node/'),
  );
  return ['== nodes', ...bounded('nodes', 64, 512, lines), ...(hasRoot ? [] : ['unavailable'])];
}

function pagetypeSection(tree: ProbeTree, pti: boolean): string[] {
  if (!pti) return ['== pagetypeinfo', 'unavailable not-requested'];
  const text = tree.files.get('proc/pagetypeinfo');
  if (text === undefined) return ['== pagetypeinfo', 'unavailable not-readable'];
  return ['== pagetypeinfo', ...bounded('pagetypeinfo', 200, 6144, records(squeeze(text)))];
}

function kernlogSection(tree: ProbeTree): string[] {
  const dmesg = tree.files.get('dmesg');
  if (dmesg === undefined) return ['== kernlog', 'unavailable'];
  const [tag = '', ...rest] = records(`${subst(`source=file\n${dmesg}`)}\n`);
  const matched = rest
    .filter((l) => KERNLOG_RE.test(l))
    .slice(-400)
    .reverse();
  return ['== kernlog', tag, ...bounded('kernlog', 200, 4096, matched)];
}

/** The probe's exact output (a byte string) and exit code for a tree. */
export function renderProbe(
  tree: ProbeTree,
  pti: boolean,
  env: ProbeEnv,
): { output: string; exitCode: number } {
  const buddyFile = tree.files.get('proc/buddyinfo');
  const buddy = buddyFile === undefined ? '' : subst(buddyFile);
  if (buddy === '') return { output: 'memfrag-probe 1\n!! error cannot read /proc/buddyinfo\n', exitCode: 1 };
  // `tr -c '\11\12\40-\176' '?'`, then the closing awk that counts sections and bytes
  const lines = sections(tree, buddy, pti, env).map((l) => l.replace(/[^\t\n\x20-\x7e]/g, '?'));
  const bytes = lines.reduce((n, l) => n + l.length + 1, 0);
  const count = lines.filter((l) => l.startsWith('== ')).length;
  return {
    output: `memfrag-probe 1\n${lines.map((l) => `${l}\n`).join('')}== end sections=${count} bytes=${bytes}\n`,
    exitCode: 0,
  };
}
