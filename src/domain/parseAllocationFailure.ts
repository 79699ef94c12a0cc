/**
 * The `page allocation failure` header line of every kernel era, and the timestamp prefixes logs put before it.
 *
 * Eras (reference/kernel-fragmentation.md 4.1): `COMM: page allocation failure. order:N, mode:0xHEX` (<= 2.6.39);
 * `...failure: order:N, mode:0xHEX` (3.0-4.5); `mode:0xHEX(FLAGS)` (4.6-4.9); `, nodemask=...` with the cpuset on
 * its own line (4.10-4.15); `, nodemask=...,cpuset=...,mems_allowed=...` on one line (4.16+).
 */
import { toCount } from './parseCommon';
import type { AllocationFailure } from './types';

// comm is at most 15 chars (TASK_COMM_LEN 16) and may hold spaces, `:` and `]` (`runc:[1:CHILD]`), but never
// `: ` or `] `, which is what separates it from syslog/dmesg prefixes. Anchored on `: page allocation failure`.
const HEADER =
  /(?:^|(?<=[\s\]]))(?<comm>[^\s\]](?:[^:\]]|[:\]](?! )){0,14}?): page allocation failure[.:] order:(?<order>\d+), mode:(?<mode>0x[0-9a-fA-F]+)(?:\((?<flags>[A-Za-z0-9_|]+)\))?(?:, ?nodemask=(?<nodemask>\(null\)|[0-9,-]+))?(?:,cpuset=(?<cpuset>[^,\s]*),mems_allowed=(?<mems>[0-9,-]+))?/;

/** Reads an allocation-failure header anywhere in a log line; `line` and `time` are left to the caller. */
export function parseAllocationFailureHeader(text: string): Omit<AllocationFailure, 'line'> | undefined {
  if (!text.includes('page allocation failure')) return undefined;
  const g = HEADER.exec(text)?.groups;
  if (!g) return undefined;
  const order = toCount(g.order!);
  if (order === undefined) return undefined;
  const failure: Omit<AllocationFailure, 'line'> = { comm: g.comm!, order, mode: g.mode! };
  if (g.flags) failure.flags = g.flags.split('|').filter((f) => f !== '');
  if (g.nodemask) failure.nodemask = g.nodemask;
  if (g.cpuset !== undefined) failure.cpuset = g.cpuset;
  if (g.mems) failure.memsAllowed = g.mems;
  return failure;
}

const TIMESTAMPS: readonly RegExp[] = [
  // syslog: `Nov 12 15:15:41`, `Jun  8 11:04:35`, with optional fraction (journalctl short-precise)
  /^([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d+)?)\s/,
  // ISO 8601 (rsyslog high-precision, journalctl -o short-iso)
  /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s/,
  // Android logcat/last_kmsg: `07-13 08:41:51.347`
  /^(\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+)\s/,
  // dmesg `[   44.478214]`, dmesg -T `[Mon Apr 20 15:08:07 2020]`, /dev/kmsg-style `<4>[ 1.2]`
  /^(?:<\d+>)?\[\s*(\d+\.\d+s?|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})\]/,
];

/** The timestamp text a log line starts with (without brackets or padding), if it has one. */
export function logTimestamp(line: string): string | undefined {
  const text = line.trimStart();
  for (const re of TIMESTAMPS) {
    const m = re.exec(text);
    if (m?.[1]) return m[1];
  }
  return undefined;
}
