import { createRasterTarget } from '../../../sim/render/raster';
import { resolveClassesAndDepth, resolveRgb } from '../../../sim/render/resolve';

/** A raster with pseudo-random colours, a few classes, and q = 0 (background) on some samples. */
function randomTarget(w: number, h: number, seed: number) {
  const t = createRasterTarget(w, h);
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < w * h; i++) {
    t.colour[i] = Math.floor(next() * 0x1000000);
    t.classes[i] = Math.floor(next() * 3);
    t.inverseDepth[i] = next() < 0.2 ? 0 : Math.floor(next() * 8) / 16;
  }
  return t;
}

/** Reference: block mean rounded half up; mode class with ties to the largest q (first on ties). */
function reference(t: ReturnType<typeof createRasterTarget>, ss: number, rowDepthM: Float64Array) {
  const wOut = t.widthPx / ss;
  const hOut = t.heightPx / ss;
  const rgb: number[] = [];
  const classes: number[] = [];
  const depth: number[] = [];
  for (let oy = 0; oy < hOut; oy++) {
    for (let ox = 0; ox < wOut; ox++) {
      const samples: number[] = [];
      for (let sy = 0; sy < ss; sy++) for (let sx = 0; sx < ss; sx++) samples.push((oy * ss + sy) * t.widthPx + ox * ss + sx);
      for (const shift of [0, 8, 16]) rgb.push(Math.floor(samples.reduce((n, i) => n + ((t.colour[i] >>> shift) & 0xff), 0) / samples.length + 0.5));
      const votes = (i: number) => samples.filter((j) => t.classes[j] === t.classes[i]).length;
      let best = samples[0];
      for (const i of samples) {
        if (votes(i) > votes(best) || (votes(i) === votes(best) && t.inverseDepth[i] > t.inverseDepth[best])) best = i;
      }
      classes.push(t.classes[best]);
      depth.push(t.inverseDepth[best] > 0 ? Math.fround(1 / t.inverseDepth[best]) : Math.fround(rowDepthM[Math.floor(best / t.widthPx)]));
    }
  }
  return { rgb, classes, depth };
}

describe('resolve', () => {
  test('averages a 2 x 2 block with rounding half up (hand-computed)', () => {
    const t = createRasterTarget(2, 2);
    t.colour.set([0x000001, 0x000002, 0x000002, 0x0000ff]); // red 1, 2, 2, 255: mean 65 exactly
    const out = new Uint8Array(3);
    resolveRgb(t, 2, out);
    expect(Array.from(out)).toEqual([65, 0, 0]);
    t.colour.set([0x010000, 0x010000, 0, 0]); // blue mean 0.5 rounds up to 1
    resolveRgb(t, 2, out);
    expect(Array.from(out)).toEqual([0, 0, 1]);
  });

  test.each([1, 2, 3, 4])('matches the reference box filter and class vote at supersample %i', (ss) => {
    const t = randomTarget(8 * ss, 6 * ss, ss);
    const rowDepthM = Float64Array.from({ length: 6 * ss }, (_, i) => (i < 2 * ss ? Infinity : 100 / i));
    const want = reference(t, ss, rowDepthM);
    const rgb = new Uint8Array(8 * 6 * 3);
    const classes = new Uint8Array(8 * 6);
    const depth = new Float32Array(8 * 6);
    resolveRgb(t, ss, rgb);
    resolveClassesAndDepth(t, ss, rowDepthM, classes, depth);
    expect(Array.from(rgb)).toEqual(want.rgb);
    expect(Array.from(classes)).toEqual(want.classes);
    expect(Array.from(depth)).toEqual(want.depth);
  });
});
