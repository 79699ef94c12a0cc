/** Number, size, time and duration formats shared by the report's tables and charts. */

/** Bytes per page; the CVM and TKE node images memfrag targets are x86_64 with 4 KiB pages. */
export const PAGE_BYTES = 4096;

/** Pages to MiB. */
export function pagesToMiB(pages: number): number {
  return (pages * PAGE_BYTES) / 2 ** 20;
}

/** A MiB amount with sensible precision: `0.06`, `3.2`, `1,234`. */
export function fmtMiB(mib: number): string {
  if (mib === 0) return '0';
  if (mib >= 100) return Math.round(mib).toLocaleString('en-US');
  if (mib >= 10) return mib.toFixed(1);
  return mib >= 0.1 ? mib.toFixed(2) : mib.toPrecision(1);
}

/** A duration in ms as `850 ms`, `4.2 s`, `3 min 5 s`. */
export function fmtDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** An epoch ms as a UTC timestamp, `2026-11-28 16:05:09Z`. */
export function fmtTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** A time of day in UTC with milliseconds, for rows within one episode. */
export function fmtClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 23)}`;
}

/** An unusable index in kernel units (0..1000) as the kernel prints it, `0.070`. */
export function fmtIndex(v: number | null): string {
  return v === null ? '–' : (v / 1000).toFixed(3);
}
