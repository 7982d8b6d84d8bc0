import { createRng, hashString32, nextUniform, rngFromState, streamState } from '../../sim/rng';
import { mulberry32 } from './collision/mulberry32';

const DRAWS = 10_000;

function draws(seed: number, stream: string, n: number): number[] {
  const rng = createRng(seed, stream);
  return Array.from({ length: n }, () => rng.next());
}

describe('hashString32', () => {
  test.each([
    ['', 0x811c9dc5], // FNV-1a offset basis: nothing hashed
    ['a', 0xe40c292c], // published FNV-1a 32-bit test vector
    ['foobar', 0xbf9cf968], // published FNV-1a 32-bit test vector
  ])('hashes %p to the FNV-1a value %p', (text, expected) => {
    expect(hashString32(text)).toBe(expected);
  });
});

describe('nextUniform', () => {
  test('advances the state by the mulberry32 increment and matches the reference generator', () => {
    const reference = mulberry32(12345);
    let state = 12345;
    const ours: [number, number][] = [];
    const theirs: [number, number][] = [];
    for (let i = 0; i < 100; i++) {
      const r = nextUniform(state);
      ours.push([r.state, r.value]);
      theirs.push([(state + 0x6d2b79f5) >>> 0, reference()]);
      state = r.state;
    }
    expect(ours).toEqual(theirs);
  });

  test('is pure: the same state gives the same draw', () => {
    expect(nextUniform(42)).toEqual(nextUniform(42));
  });
});

describe('createRng', () => {
  test('gives the same sequence for the same seed and stream', () => {
    expect(draws(7, 'actor:lead', 200)).toEqual(draws(7, 'actor:lead', 200));
  });

  test.each([
    [7, 'actor:lead', 8, 'actor:lead'],
    [7, 'actor:lead', 7, 'actor:cutter'],
    [0, 'ego', 1, 'ego'],
  ])('seed %p stream %p differs from seed %p stream %p', (s1, n1, s2, n2) => {
    expect(draws(s1, n1, 20)).not.toEqual(draws(s2, n2, 20));
  });

  test("does not change one stream's draws when another stream is created and drawn from in between", () => {
    const alone = draws(3, 'actor:a', 50);
    const a = createRng(3, 'actor:a');
    const b = createRng(3, 'actor:b');
    const interleaved: number[] = [];
    for (let i = 0; i < 50; i++) {
      b.next();
      interleaved.push(a.next());
      b.normal();
    }
    expect(interleaved).toEqual(alone);
  });

  test('round-trips through its state: rngFromState(state()) continues the same sequence', () => {
    const rng = createRng(11, 'x');
    for (let i = 0; i < 17; i++) rng.next();
    const copy = rngFromState(rng.state());
    expect(Array.from({ length: 30 }, () => copy.next())).toEqual(Array.from({ length: 30 }, () => rng.next()));
  });

  test('keeps its state a uint32, so it fits the plain-data world', () => {
    const rng = createRng(5, 's');
    const states = Array.from({ length: 1000 }, () => (rng.next(), rng.state()));
    expect(states.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)).toBe(true);
  });

  test.each([
    [0, 1],
    [-2, 3],
    [10, 10.5],
    [-1e6, 1e6],
  ])('uniform(%p, %p) stays in [lo, hi) and its mean is near the midpoint', (lo, hi) => {
    const rng = createRng(1, `uniform:${lo}:${hi}`);
    const us = Array.from({ length: DRAWS }, () => rng.uniform(lo, hi));
    expect(Math.min(...us)).toBeGreaterThanOrEqual(lo);
    expect(Math.max(...us)).toBeLessThan(hi);
    const sum = us.reduce((a, b) => a + b, 0);
    // Standard error of the mean: (hi - lo) / sqrt(12 n) ~ 0.003 (hi - lo); 5 of them.
    expect(Math.abs(sum / DRAWS - (lo + hi) / 2)).toBeLessThan(0.015 * (hi - lo));
  });

  test('normal() has mean about 0 and variance about 1 over 10k draws', () => {
    const rng = createRng(2024, 'normal');
    const xs = Array.from({ length: DRAWS }, () => rng.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / DRAWS;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (DRAWS - 1);
    // SE of the mean 0.01 and of the variance ~0.014: five standard errors.
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.07);
    expect(xs.every(Number.isFinite)).toBe(true);
  });

  test('int(n) draws every integer in [0, n) and nothing else', () => {
    const rng = createRng(9, 'int');
    const seen = new Set(Array.from({ length: 1000 }, () => rng.int(3)));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });
});

describe('streamState', () => {
  test.each([1.5, NaN, Infinity, -0.25])('rejects the non-integer seed %p, naming it', (seed) => {
    expect(() => streamState(seed, 'ego')).toThrow(`seed must be an integer, got ${seed}`);
    expect(() => createRng(seed, 'ego')).toThrow('seed must be an integer');
  });

  test('accepts integer seeds, negative ones included', () => {
    expect(Number.isInteger(streamState(-3, 'ego'))).toBe(true);
    expect(Number.isInteger(streamState(0, 'ego'))).toBe(true);
  });

  test('takes seeds modulo 2^32 (documents that -1 and 2^32 - 1 name the same streams)', () => {
    expect(streamState(-1, 'ego')).toBe(streamState(2 ** 32 - 1, 'ego'));
    expect(streamState(2 ** 32, 'ego')).toBe(streamState(0, 'ego'));
  });
});
