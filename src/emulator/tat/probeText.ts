/** The shell and awk text semantics probe.sh relies on, reproduced for the in-process probe. */

/** awk's records of a text: lines without their newline; a final unterminated line counts. */
export function records(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/** `$(...)`: command substitution drops every trailing newline. */
export const subst = (text: string): string => text.replace(/\n+$/, '');
/** `tr -s ' '`. */
export const squeeze = (line: string): string => line.replace(/ +/g, ' ');

/** probe.sh's `bounded NAME MAXLINES MAXBYTES` over a list of lines. */
export function bounded(
  name: string,
  maxLines: number,
  maxBytes: number,
  lines: readonly string[],
): string[] {
  const out: string[] = [];
  let bytes = 0;
  let cut = false;
  for (const line of lines) {
    if (!cut && out.length < maxLines && bytes + line.length + 1 <= maxBytes) {
      out.push(line);
      bytes += line.length + 1;
    } else cut = true;
  }
  if (cut) out.push(`!! cut ${name} kept=${out.length} of=${lines.length}`);
  return out;
}

const ZONE_KEEP = new Set(['min', 'low', 'high', 'boost']);

/** awk's `v != 0` for a field: numeric when it looks like a number, else a string comparison with "0". */
const nonZero = (v: string | number): boolean =>
  Number.isNaN(Number(v)) ? String(v) !== '0' : Number(v) !== 0;

/** probe.sh's zoneinfo filter: the watermark block of each populated zone. */
export function zoneinfoLines(text: string): string[] {
  const out: string[] = [];
  let zone = '';
  let buf: string[] = [];
  let seen = false;
  let present: string | number = 0;
  let managed: string | number = 0;
  const flush = () => {
    if (zone !== '' && nonZero(seen ? present : managed)) out.push(...buf);
    zone = '';
  };
  for (const line of records(text)) {
    const f = line.split(/[ \t]+/).filter((x) => x !== '');
    if (/^Node /.test(line)) {
      flush();
      zone = line;
      buf = [line];
      seen = false;
      present = 0;
      managed = 0;
      continue;
    }
    if (zone === '') continue;
    const [k = '', v = ''] = f;
    if ((k === 'pages' && v === 'free') || k === 'protection:' || (f.length === 2 && ZONE_KEEP.has(k)))
      buf.push(line);
    if (f.length === 2 && k === 'present') {
      buf.push(line);
      seen = true;
      present = v;
    }
    if (f.length === 2 && k === 'managed') {
      buf.push(line);
      managed = v;
    }
  }
  flush();
  return out;
}
