/** Output faults: what a garbling transport or a runaway script does to a task's output. */

const NOISE = Buffer.from([
  0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a, 0xfe, 0x00, 0x7f, 0x80, 0x0a, 0x23, 0x40, 0x21,
]);

/** Corrupts output deterministically: a cut mid-stream, binary noise, and the tail reversed. */
export function garble(raw: Buffer): Buffer {
  const cut = Math.floor(raw.length * 0.6);
  const tail = Buffer.from(raw.subarray(cut + 17)).reverse();
  return Buffer.concat([raw.subarray(0, cut), NOISE, tail]);
}

/** Bytes a runaway script appends: enough to push any output past the 24 KiB cap. */
export const HUGE_OUTPUT_BYTES = 40 * 1024;

/** The filler appended for the `hugeOutput` fault (numbered lines, so a cut is visible). */
export function hugeFiller(): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < HUGE_OUTPUT_BYTES; i++) {
    const line = `noise ${String(i).padStart(6, '0')} ${'x'.repeat(50)}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, HUGE_OUTPUT_BYTES);
}
