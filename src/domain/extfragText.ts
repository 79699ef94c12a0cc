/**
 * The debugfs text of `/sys/kernel/debug/extfrag/{unusable_index,extfrag_index}`, rendered from buddyinfo
 * rows exactly as the kernel prints it (mm/vmstat.c `unusable_show_print`, `extfrag_show_print`), so a test
 * can compare with a live kernel byte for byte.
 */
import { fragmentationIndex } from './fragmentationIndex';
import type { ZoneFree } from './types';
import { unusableIndex } from './unusableIndex';

/** Which debugfs file: `unusable_index` (`"%d.%03d "`) or `extfrag_index` (`"%2d.%03d "`). */
export type ExtfragKind = 'unusable' | 'extfrag';

/** C's `%<width>d` / `%0<width>d` for an int. */
function cInt(n: number, width: number, zeroPad: boolean): string {
  if (!zeroPad) return String(n).padStart(width, ' ');
  const digits = String(Math.abs(n));
  return n < 0 ? `-${digits.padStart(width - 1, '0')}` : digits.padStart(width, '0');
}

/** One index value (x1000) in the kernel's text form: `0.996`, `1.000`; extfrag pads to ` 0.955`, `-1.000`. */
export function formatIndex(value: number, kind: ExtfragKind = 'unusable'): string {
  // C int division and remainder truncate toward zero, as Math.trunc and JS % do.
  const whole = Math.trunc(value / 1000);
  const frac = value % 1000;
  return `${cInt(whole, kind === 'extfrag' ? 2 : 0, false)}.${cInt(frac, 3, true)}`;
}

/** One zone's line: `Node %d, zone %8s ` then each order's value followed by one space, then newline. */
export function renderExtfragLine(row: ZoneFree, kind: ExtfragKind): string {
  const values = row.free.map((_, order) =>
    kind === 'extfrag' ? fragmentationIndex(row.free, order) : unusableIndex(row.free, order),
  );
  const cells = values.map((v) => `${formatIndex(v, kind)} `).join('');
  return `Node ${row.node}, zone ${row.zone.padStart(8, ' ')} ${cells}\n`;
}

/** The whole debugfs file for these buddyinfo rows (the kernel prints the same rows, in the same order). */
export function renderExtfragFile(rows: readonly ZoneFree[], kind: ExtfragKind): string {
  return rows.map((row) => renderExtfragLine(row, kind)).join('');
}
