/**
 * Seeded random streams. One stream per entity (keyed by the scenario seed and the entity's id), so
 * adding an actor never changes another actor's draws. The state is a single uint32 so that it can
 * live inside the plain-data world state and be hashed with it.
 *
 * Generator: mulberry32 (Tommy Ettinger, public domain): 32-bit state, passes gjrand/PractRand to
 * useful sizes, and its state fits exactly in one JS number without BigInt.
 */

/** FNV-1a over UTF-16 code units: a stable string -> uint32 hash for stream keys. */
export function hashString32(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Initial state of the stream named `stream` under `seed`. */
export function streamState(seed: number, stream: string): number {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  return hashString32(stream, hashString32(String(seed >>> 0)) ^ 0x9e3779b9) >>> 0;
}

/** One mulberry32 step: the next state and a uniform draw in [0, 1). Pure. */
export function nextUniform(state: number): { readonly state: number; readonly value: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return { state: next, value };
}

/** A mutable convenience wrapper for code that draws many numbers in sequence (sampling, data gen). */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Current state, to store back into plain data. */
  state(): number;
}

export function createRng(seed: number, stream: string): Rng {
  return rngFromState(streamState(seed, stream));
}

export function rngFromState(initial: number): Rng {
  let s = initial >>> 0;
  const next = (): number => {
    const r = nextUniform(s);
    s = r.state;
    return r.value;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: () => {
      // 1 - u keeps log away from 0.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    int: (n) => Math.floor(next() * n),
    state: () => s,
  };
}
