/**
 * Which kind of text a user handed us: a raw `/proc/buddyinfo`, a probe report, kernel log text, a
 * `/proc/pagetypeinfo` or a `/proc/zoneinfo`. Decided by markers only one kind prints, strongest first.
 */

export const InputKind = {
  Buddyinfo: 'buddyinfo',
  ProbeReport: 'probe-report',
  KernelLog: 'kernel-log',
  Pagetypeinfo: 'pagetypeinfo',
  Zoneinfo: 'zoneinfo',
} as const;
export type InputKind = (typeof InputKind)[keyof typeof InputKind];

const PROBE_HEADER = /^memfrag-probe \d+\s*$/m;
const PAGETYPEINFO = /^\s*(?:Page block order:|Free pages count per migrate type at order)/m;
// failure headers of every era, Mem-Info free lists (`N*4kB`), and the related messages
const KERNEL_LOG =
  /page allocation failure[.:]|\bMem-Info:|\d+\*\d+kB|SLUB: Unable to allocate|invoked oom-killer|falling back to vmalloc/;
const BUDDYINFO_ROW = /^\s*Node\s+\d+,\s+zone\s+\S+\s+\d/;
const ZONEINFO_HEADER = /^\s*Node\s+\d+,\s+zone\s+\S+\s*$/m;
const ZONEINFO_FREE = /^\s*pages free\s+\d+/m;

/** The kind of `text`, or undefined when it is none we can read. */
export function detectInputKind(text: string): InputKind | undefined {
  if (PROBE_HEADER.test(text)) return InputKind.ProbeReport;
  if (PAGETYPEINFO.test(text)) return InputKind.Pagetypeinfo;
  if (KERNEL_LOG.test(text)) return InputKind.KernelLog;
  const first = firstContentLine(text);
  if (first && BUDDYINFO_ROW.test(first.text)) return InputKind.Buddyinfo;
  if (ZONEINFO_HEADER.test(text) && ZONEINFO_FREE.test(text)) return InputKind.Zoneinfo;
  return undefined;
}

/** The first non-blank line and its 1-based number, for "this is not ..." messages. */
export function firstContentLine(text: string): { line: number; text: string } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() !== '')
      return { line: i + 1, text: line.length > 200 ? `${line.slice(0, 200)}...` : line };
  }
  return undefined;
}
