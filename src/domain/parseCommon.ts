/**
 * Small helpers shared by the /proc parsers: result constructors, line splitting and strict integer reading.
 */
import type { Parsed, ParseError } from './types';

/** A successful parse. */
export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

/** A failed parse naming its 1-based line (0 when the failure is about the whole text). */
export function fail<T>(message: string, line: number, text = ''): Parsed<T> {
  const error: ParseError = { message, line, text };
  return { ok: false, error };
}

/** Lines of a /proc file, without their line terminators (`\r\n` tolerated for copies pasted on Windows). */
export function splitLines(text: string): string[] {
  // indexOf instead of split(/\r?\n/): the same lines (a lone `\r` stays in its line), without the regex.
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    lines.push(text.slice(start, end));
    start = nl + 1;
  }
  lines.push(text.slice(start));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Order columns a buddy allocator can have: NR_PAGE_ORDERS is 9 (ppc64 64K) to 14 (arm64 64K). */
export const MIN_ORDERS = 9;
export const MAX_ORDERS = 14;

/** A decimal token as an exact non-negative integer, or undefined when it is not one (or too big to be exact). */
export function toCount(token: string): number | undefined {
  return countAt(token, 0, token.length);
}

/** `toCount(text.slice(start, end))` without the slice. */
export function countAt(text: string, start: number, end: number): number | undefined {
  // A char-code loop instead of /^\d{1,16}$/ + Number(): exact while n <= 2^53, and a value past
  // MAX_SAFE_INTEGER rounds to >= 2^53, so the safe-integer test rejects exactly what it rejected before.
  const len = end - start;
  if (len <= 0 || len > 16) return undefined;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return Number.isSafeInteger(n) ? n : undefined;
}

/** ASCII characters `\s` matches: tab, LF, VT, FF, CR, space. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Whitespace-separated tokens of a string (empty string -> no tokens). */
export function tokens(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // `\s` also matches Unicode spaces (NBSP, U+2028...): leave non-ASCII text to the regex.
    if (c >= 128) return slowTokens(text);
    if (isAsciiSpace(c)) {
      if (start >= 0) out.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

/** `tokens` by regex, for text with non-ASCII characters. */
function slowTokens(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(/\s+/);
}

/** Tokens read as counts; undefined if any token is not a count. */
export function toCounts(parts: string[]): number[] | undefined {
  const out: number[] = [];
  for (const p of parts) {
    const n = toCount(p);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

/** Short excerpt of a line for error messages (a garbage line may be megabytes long). */
export function excerpt(line: string): string {
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

/** How a `name value` file (meminfo, vmstat) reads: its line shape, its values, and the line it must have. */
export interface NamedValueFormat {
  /** captures the name (1) and the value text (2) */
  line: RegExp;
  /** the value, or undefined when the text is not a valid one */
  value: (text: string) => number | undefined;
  /** how a line should look, for the error message */
  expected: string;
  /** the name whose absence means the text is some other file */
  required: string;
}

/** Reads `name value` lines into a record: every line must match, no name twice, `required` present. */
export function parseNamedValueLines(
  lines: readonly string[],
  f: NamedValueFormat,
): Parsed<Record<string, number>> {
  const out: Record<string, number> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = f.line.exec(line);
    const value = m ? f.value(m[2]!) : undefined;
    if (!m || value === undefined) return fail(f.expected, i + 1, excerpt(lines[i]!));
    if (Object.hasOwn(out, m[1]!)) return fail(`${m[1]} appears twice`, i + 1, excerpt(lines[i]!));
    out[m[1]!] = value;
  }
  if (!Object.hasOwn(out, f.required)) return fail(`no ${f.required} line`, 0);
  return ok(out);
}
