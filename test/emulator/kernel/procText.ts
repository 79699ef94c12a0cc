/** Small independent readers of the rendered /proc text, so tests check the text, not the model's internals. */

/** One buddyinfo-style row. */
export interface Row {
  node: number;
  zone: string;
  counts: number[];
}

/** Parses /proc/buddyinfo by whitespace, as prometheus/procfs does. */
export function buddyRows(text: string): Row[] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => {
      const m = /^Node (\d+), zone\s+(\S+)\s+(.*)$/.exec(l);
      if (!m) throw new Error(`bad buddyinfo line: ${l}`);
      return { node: Number(m[1]), zone: m[2] ?? '', counts: (m[3] ?? '').trim().split(/\s+/).map(Number) };
    });
}

/** Free-count rows of /proc/pagetypeinfo keyed `node/zone/type`. */
export function pagetypeFree(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const l of text.split('\n')) {
    const m = /^Node\s+(\d+), zone\s+(\S+), type\s+(\S+)\s+(.*)$/.exec(l);
    if (m) out.set(`${m[1]}/${m[2]}/${m[3]}`, (m[4] ?? '').trim().split(/\s+/).map(Number));
  }
  return out;
}

/** "Number of blocks type" rows of /proc/pagetypeinfo keyed `node/zone`, by the header's type names. */
export function pagetypeBlocks(text: string): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  let names: string[] = [];
  for (const l of text.split('\n')) {
    if (l.startsWith('Number of blocks type')) names = l.slice(23).trim().split(/\s+/);
    const m = /^Node (\d+), zone\s+(\S+)\s+([\d\s]+)$/.exec(l);
    if (m && names.length) {
      const v = (m[3] ?? '').trim().split(/\s+/).map(Number);
      out.set(`${m[1]}/${m[2]}`, Object.fromEntries(names.map((n, i) => [n, v[i] ?? 0])));
    }
  }
  return out;
}

/** `pages free`, `min`, `low`, `high` per `node/zone` of /proc/zoneinfo. */
export function zoneinfoPages(text: string): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  let key = '';
  for (const l of text.split('\n')) {
    const h = /^Node (\d+), zone\s+(\S+)$/.exec(l);
    if (h) key = `${h[1]}/${h[2]}`;
    const f = /^\s+(?:pages )?(free|min|low|high|managed)\s+(\d+)$/.exec(l);
    if (f && key) out.set(key, { ...out.get(key), [f[1] ?? '']: Number(f[2]) });
  }
  return out;
}

/** `Name: value` (meminfo) or `name value` (vmstat) pairs. */
export function keyValues(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of text.trimEnd().split('\n')) {
    const m = /^(\S+?):?\s+(\d+)/.exec(l);
    if (m) out.set(m[1] ?? '', Number(m[2]));
  }
  return out;
}

/** Pages held in free blocks of a row. */
export function freePages(counts: number[]): number {
  return counts.reduce((s, n, o) => s + n * 2 ** o, 0);
}

/** The kernel's unusable free space index (§2.2) as a fraction: share of free memory unusable at `order`. */
export function unusable(counts: number[], order: number): number {
  const fp = freePages(counts);
  if (fp === 0) return 1;
  let suitable = 0;
  counts.forEach((n, o) => {
    if (o >= order) suitable += n * 2 ** (o - order);
  });
  return (fp - suitable * 2 ** order) / fp;
}

/** The Normal rows of a buddyinfo text. */
export function normalRows(text: string): Row[] {
  return buddyRows(text).filter((r) => r.zone === 'Normal');
}
