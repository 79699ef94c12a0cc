/** Deterministic ids and randomness for the emulator (seeded, so fleets and runs repeat exactly). */

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A seeded PRNG returning floats in [0, 1) (mulberry32). */
export type Rng = () => number;

/** Creates a mulberry32 generator from a 32-bit seed. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `prefix-` plus 8 lowercase alphanumerics, the shape of every TAT and CVM id. */
export function nextId(rng: Rng, prefix: string): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALNUM[Math.floor(rng() * ALNUM.length)];
  return `${prefix}-${s}`;
}

/** Generates ids that never repeat within one generator. */
export function createIdSource(seed: number): (prefix: string) => string {
  const rng = createRng(seed);
  const seen = new Set<string>();
  return (prefix) => {
    for (;;) {
      const id = nextId(rng, prefix);
      if (!seen.has(id)) {
        seen.add(id);
        return id;
      }
    }
  };
}
