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
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Order columns a buddy allocator can have: NR_PAGE_ORDERS is 9 (ppc64 64K) to 14 (arm64 64K). */
export const MIN_ORDERS = 9;
export const MAX_ORDERS = 14;

/** A decimal token as an exact non-negative integer, or undefined when it is not one (or too big to be exact). */
export function toCount(token: string): number | undefined {
  if (!/^\d{1,16}$/.test(token)) return undefined;
  const n = Number(token);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Whitespace-separated tokens of a string (empty string -> no tokens). */
export function tokens(text: string): string[] {
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
