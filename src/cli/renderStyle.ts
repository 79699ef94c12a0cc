/**
 * ANSI styling for human output, off entirely when colour is off (NO_COLOR set, or not a terminal), so
 * redirected output and CI logs hold plain text.
 */
import type { Verdict } from '../domain/types';

/** Styling functions; identity functions when colour is off. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  good(s: string): string;
  verdict(v: Verdict, s: string): string;
}

const sgr = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const plain = (s: string) => s;

const VERDICT_CODES: Record<Verdict, string> = {
  healthy: '1;32',
  fragmented: '1;33',
  'low-memory': '1;31',
  unmovable: '1;35',
  unknown: '1;37',
};

/** The styling for this output: colour only when `color` is true. */
export function paint(color: boolean): Paint {
  if (!color) return { bold: plain, dim: plain, good: plain, verdict: (_v, s) => s };
  return { bold: sgr('1'), dim: sgr('2'), good: sgr('36'), verdict: (v, s) => sgr(VERDICT_CODES[v])(s) };
}

/** Colour is on only for a terminal and only when NO_COLOR is unset or empty (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}
