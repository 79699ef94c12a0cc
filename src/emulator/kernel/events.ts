/** Cumulative /proc/vmstat event counters of one emulated kernel (counted since boot). */
export class Events {
  private readonly values = new Map<string, number>();

  /** Adds `n` to counter `name`. */
  add(name: string, n = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + n);
  }

  /** Current value of counter `name` (0 when never counted). */
  get(name: string): number {
    return this.values.get(name) ?? 0;
  }
}
