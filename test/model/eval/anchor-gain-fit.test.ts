import { AnchorGainFit } from '../../../model/eval/anchor-gain-fit';
import { gainAt } from '../../../model/runtime/anchor-gains';

/** A frame of n bytes from a function of the byte index. */
const frame = (n: number, f: (i: number) => number) => Uint8Array.from({ length: n }, (_, i) => f(i));

describe('AnchorGainFit', () => {
  const n = 12;
  const last = frame(n, (i) => 100 + i);

  it('finds the gain that makes last + g (pred - last) closest to the truth at each step', () => {
    const fit = new AnchorGainFit(2, n);
    // step 1: the truth moved as far as predicted (g = 1); step 2: half as far (g = 0.5)
    const pred = new Uint8Array(2 * n);
    const truth = new Uint8Array(2 * n);
    pred.set(frame(n, (i) => 100 + i + (i % 2 ? 20 : -20)), 0);
    truth.set(frame(n, (i) => 100 + i + (i % 2 ? 20 : -20)), 0);
    pred.set(frame(n, (i) => 100 + i + (i % 3 === 0 ? 40 : -40)), n);
    truth.set(frame(n, (i) => 100 + i + (i % 3 === 0 ? 20 : -20)), n);
    fit.add(pred, truth, last);
    const [g1, g2] = fit.gains();
    expect(g1).toBeCloseTo(1, 12);
    expect(g2).toBeCloseTo(0.5, 12);
    expect(fit.rollouts).toBe(1);
  });

  it('pools rollouts by their squared changes, and keeps 1 where nothing was predicted to change', () => {
    const fit = new AnchorGainFit(2, n);
    const still = new Uint8Array(2 * n);
    still.set(last, 0);
    still.set(last, n);
    const moved = new Uint8Array(2 * n);
    moved.set(last, 0);
    moved.set(frame(n, (i) => 100 + i + 10), n);
    fit.add(still, moved, last); // predicted no change: adds nothing to either sum
    const pred = new Uint8Array(2 * n);
    pred.set(last, 0);
    pred.set(frame(n, (i) => 100 + i + 10), n);
    const against = new Uint8Array(2 * n);
    against.set(last, 0);
    against.set(frame(n, (i) => 100 + i - 10), n); // the truth went the other way: g would be -1
    fit.add(pred, against, last);
    expect(fit.gains()).toEqual([1, 0]);
  });

  it('refuses frames of the wrong size', () => {
    const fit = new AnchorGainFit(3, n);
    expect(() => fit.add(new Uint8Array(2 * n), new Uint8Array(3 * n), last)).toThrow(/3 frames of 12 bytes and one last frame expected, got 24, 36 and 12 bytes/);
    expect(() => new AnchorGainFit(0, n)).toThrow(/horizon must be an integer >= 1, got 0/);
  });
});

describe('gainAt', () => {
  it('gives step h the h-th gain, and later steps the last one', () => {
    expect([1, 2, 3, 9].map((h) => gainAt([0.9, 0.8, 0.7], h))).toEqual([0.9, 0.8, 0.7, 0.7]);
  });
});
