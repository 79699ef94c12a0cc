/** Most lines the model keeps: like a small printk ring buffer, old lines fall off. */
const MAX_LINES = 200;

/** The model's kernel log (what `dmesg` prints), bounded to the last ~200 lines. */
export class KernelLog {
  private lines: string[] = [];

  /** Appends lines stamped with the kernel uptime `ms` as dmesg prints it (`[  123.456789] `). */
  add(ms: number, text: string[]): void {
    const stamp = `[${formatStamp(ms)}] `;
    for (const t of text) this.lines.push(stamp + t);
    if (this.lines.length > MAX_LINES) this.lines = this.lines.slice(this.lines.length - MAX_LINES);
  }

  /** dmesg text: one line per record, newline terminated. */
  text(): string {
    return this.lines.length ? `${this.lines.join('\n')}\n` : '';
  }
}

/** `%5lu.%06lu` seconds and microseconds. */
function formatStamp(ms: number): string {
  const us = Math.floor(ms * 1000);
  const sec = Math.floor(us / 1e6);
  return `${String(sec).padStart(5)}.${String(us % 1e6).padStart(6, '0')}`;
}
