import { AnchorGainFit } from '../../../model/eval/anchor-gain-fit';
import { gainsAt, pans } from '../../../model/runtime/anchor-gains';

const n = 12;
/** A frame of n bytes from a function of the byte index. */
const frame = (f: (i: number) => number) => Uint8Array.from({ length: n }, (_, i) => f(i));
const frames = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.length * n);
  parts.forEach((p, k) => out.set(p, k * n));
  return out;
};

describe('AnchorGainFit', () => {
  const last = frame((i) => 100 + 3 * i);
  // the tokenizer's reconstruction of the last frame misses a detail pattern
  const decodedLast = frame((i) => 100 + 3 * i + (i % 4 === 0 ? 12 : -4));

  it('recovers the (change, residual) gains that produced the truth from the decoded prediction', () => {
    const fit = new AnchorGainFit(2, n);
    const change = [frame((i) => 100 + 3 * i + (i % 2 ? 20 : -20)), frame((i) => 100 + 3 * i + (i % 3 === 0 ? 40 : -20))];
    const gains = [
      { a: 1, b: 1 },
      { a: 0.5, b: 0.25 },
    ];
    const truth = gains.map(({ a, b }, h) => frame((i) => last[i] + a * (change[h][i] - last[i]) + b * (last[i] - decodedLast[i])));
    fit.add(frames(...change), frames(...truth), last, decodedLast);
    const g = fit.gains();
    expect(g.change[0]).toBeCloseTo(1, 9);
    expect(g.residual[0]).toBeCloseTo(1, 9);
    expect(g.change[1]).toBeCloseTo(0.5, 9);
    expect(g.residual[1]).toBeCloseTo(0.25, 9);
    expect(fit.rollouts).toBe(1);
  });

  it('keeps the residual gain at 1 when the tokenizer lost nothing, and fits the change alone', () => {
    const fit = new AnchorGainFit(1, n);
    const decoded = frame((i) => 100 + 3 * i + 10);
    const truth = frame((i) => 100 + 3 * i + 5);
    fit.add(decoded, truth, last, last);
    expect(fit.gains()).toEqual({ change: [0.5], residual: [1] });
  });

  it('clamps gains that would flip or amplify to [0, 2]', () => {
    const fit = new AnchorGainFit(1, n);
    const decoded = frame((i) => 100 + 3 * i + 10);
    fit.add(decoded, frame((i) => 100 + 3 * i - 10), last, last); // the truth went the other way: a = -1
    expect(fit.gains().change).toEqual([0]);
  });

  it('with pans also recovers the gains (c, d) of the reprojected last frame and residual', () => {
    const fit = new AnchorGainFit(2, n, true);
    const change = [frame((i) => 100 + 3 * i + (i % 2 ? 20 : -20)), frame((i) => 100 + 3 * i + (i % 3 === 0 ? 40 : -20))];
    // stand-ins for the reprojections: any frames not collinear with the other terms
    const pl = [frame((i) => 90 + 5 * ((i * 7) % 11)), frame((i) => 95 + 4 * ((i * 5) % 7))];
    const pdl = [frame((i) => pl[0][i] + (i % 5 === 0 ? 9 : -3)), frame((i) => pl[1][i] + (i % 3 === 1 ? -8 : 6))];
    const gains = [
      { a: 1, b: 0.5, c: 0.25, d: 0.75 },
      { a: 0.6, b: 0.2, c: 0.5, d: 0 },
    ];
    const truth = gains.map(({ a, b, c, d }, h) =>
      frame((i) => last[i] + a * (change[h][i] - last[i]) + b * (last[i] - decodedLast[i]) + c * (pl[h][i] - last[i]) + d * (pl[h][i] - pdl[h][i] - (last[i] - decodedLast[i]))),
    );
    fit.add(frames(...change), frames(...truth), last, decodedLast, { last: frames(...pl), decodedLast: frames(...pdl) });
    const g = fit.gains();
    gains.forEach(({ a, b, c, d }, h) => {
      expect(g.change[h]).toBeCloseTo(a, 1);
      expect(g.residual[h]).toBeCloseTo(b, 1);
      expect(g.pan?.[h]).toBeCloseTo(c, 1);
      expect(g.panResidual?.[h]).toBeCloseTo(d, 1);
    });
  });

  it('falls back to the plain fit with no pan where the reprojections add nothing (the ego stood still)', () => {
    const fit = new AnchorGainFit(1, n, true);
    const decoded = frame((i) => 100 + 3 * i + 10);
    fit.add(decoded, frame((i) => 100 + 3 * i + 5), last, last, { last, decodedLast: last });
    expect(fit.gains()).toEqual({ change: [0.5], residual: [1], pan: [0], panResidual: [0] });
  });

  it('refuses frames of the wrong size', () => {
    const fit = new AnchorGainFit(3, n);
    expect(() => fit.add(new Uint8Array(2 * n), new Uint8Array(3 * n), last, decodedLast)).toThrow(/3 frames of 12 bytes \(decoded, truth\) and one each \(last, decodedLast\) expected, got 24, 36, 12 and 12 bytes/);
    expect(() => new AnchorGainFit(0, n)).toThrow(/horizon must be an integer >= 1, got 0/);
    const pans = { last: new Uint8Array(n), decodedLast: new Uint8Array(n) };
    expect(() => new AnchorGainFit(1, n).add(new Uint8Array(n), new Uint8Array(n), last, decodedLast, pans)).toThrow(/a plain fit takes no reprojected anchors/);
    expect(() => new AnchorGainFit(1, n, true).add(new Uint8Array(n), new Uint8Array(n), last, decodedLast)).toThrow(/a panned fit needs reprojected anchors/);
    expect(() => new AnchorGainFit(2, n, true).add(new Uint8Array(2 * n), new Uint8Array(2 * n), last, decodedLast, pans)).toThrow(/2 reprojected frames of 12 bytes each expected \(last, decodedLast\), got 12 and 12 bytes/);
  });
});

describe('gainsAt', () => {
  it('gives step h the h-th gains, and later steps the last ones; pan gains are 0 where the series has none', () => {
    const s = { change: [0.9, 0.8, 0.7], residual: [1, 0.6, 0.3] };
    expect([1, 2, 3, 9].map((h) => gainsAt(s, h))).toEqual([
      { change: 0.9, residual: 1, pan: 0, panResidual: 0 },
      { change: 0.8, residual: 0.6, pan: 0, panResidual: 0 },
      { change: 0.7, residual: 0.3, pan: 0, panResidual: 0 },
      { change: 0.7, residual: 0.3, pan: 0, panResidual: 0 },
    ]);
    expect(pans(s)).toBe(false);
    const panned = { ...s, pan: [0.1, 0.2, 0.3], panResidual: [0, 0, 0.5] };
    expect(gainsAt(panned, 2)).toEqual({ change: 0.8, residual: 0.6, pan: 0.2, panResidual: 0 });
    expect(pans(panned)).toBe(true);
    expect(pans({ ...s, pan: [0, 0, 0], panResidual: [0, 0, 0] })).toBe(false);
  });
});
