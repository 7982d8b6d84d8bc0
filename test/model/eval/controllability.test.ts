import { INFORMATIVE_MAX_PSNR_DB, positionBetween, scorePair, sequenceMse } from '../../../model/eval/controllability';

const W = 12;
const H = 12;
const N = W * H * 3;

/** `frames` flat frames of one grey level each. */
function seq(...levels: number[]): Uint8Array {
  const out = new Uint8Array(levels.length * N);
  levels.forEach((v, f) => out.fill(v, f * N, (f + 1) * N));
  return out;
}

describe('controllability scoring', () => {
  it('averages per-frame MSE over the horizon', () => {
    expect(sequenceMse(seq(10, 10), seq(12, 16), 2, W, H)).toBe((4 + 36) / 2);
    expect(() => sequenceMse(seq(1), seq(1, 2), 1, W, H)).toThrow(/1 frames of 12x12 need 432 bytes/);
  });

  it('scores a prediction that follows its command as correct, with the margin in MSE', () => {
    const refA = seq(95, 90, 80);
    const refB = seq(105, 110, 120);
    const s = scorePair(seq(96, 92, 82), seq(104, 108, 119), refA, refB, 3, W, H);
    expect(s.correctA).toBe(true);
    expect(s.correctB).toBe(true);
    expect(s.marginA).toBeCloseTo((9 * 9 + 18 * 18 + 38 * 38) / 3 - (1 + 4 + 4) / 3, 9);
    expect(s.informative).toBe(true);
  });

  it('scores a prediction that ignores the command as wrong for one plan', () => {
    const refA = seq(100, 90, 80);
    const refB = seq(100, 110, 120);
    const same = seq(100, 91, 81); // both rollouts look like plan A
    const s = scorePair(same, same, refA, refB, 3, W, H);
    expect([s.correctA, s.correctB]).toEqual([true, false]);
  });

  it('gives copy-last-frame exactly one of two trials (chance level)', () => {
    const last = seq(100, 100, 100);
    for (const [a, b] of [[seq(100, 95, 90), seq(100, 104, 108)], [seq(100, 101, 102), seq(100, 80, 60)]]) {
      const s = scorePair(last, last, a, b, 3, W, H);
      expect(Number(s.correctA) + Number(s.correctB)).toBe(1);
    }
  });

  it("places each prediction on the line between the two plans' futures, correct exactly on its own side of 0.5", () => {
    const refA = seq(100, 90, 80);
    const refB = seq(100, 110, 120);
    expect(positionBetween(refA, refA, refB)).toBe(0);
    expect(positionBetween(refB, refA, refB)).toBe(1);
    // differences from ref A 0, 5, 10 along 0, 20, 40: (100 + 400) / (400 + 1600)
    expect(positionBetween(seq(100, 95, 90), refA, refB)).toBeCloseTo(0.25, 12);
    expect(positionBetween(seq(7), seq(3), seq(3))).toBe(0.5);
    // a prediction that moves a quarter of the way for either plan: right for A, wrong for B
    const s = scorePair(seq(100, 95, 90), seq(100, 95, 90), refA, refB, 3, W, H);
    expect([s.positionA, s.positionB]).toEqual([0.25, 0.25]);
    expect([s.correctA, s.correctB]).toEqual([true, false]);
    const t = scorePair(seq(100, 103, 106), seq(100, 108, 116), refA, refB, 3, W, H);
    expect(t.positionA).toBeCloseTo((13 * 20 + 26 * 40) / 2000, 12);
    expect([t.correctA, t.correctB]).toEqual([t.positionA < 0.5, t.positionB > 0.5]);
  });

  it('calls a pair uninformative when its two references are nearly the same image', () => {
    const s = scorePair(seq(50, 50), seq(50, 50), seq(50, 50), seq(50, 51), 2, W, H);
    // Frame 1 identical (capped 100 dB), frame 2 one level apart (48.1 dB): mean 74 dB.
    expect(s.referenceSeparationDb).toBeCloseTo((100 + 20 * Math.log10(255)) / 2, 6);
    expect(s.referenceSeparationDb).toBeGreaterThan(INFORMATIVE_MAX_PSNR_DB);
    expect(s.informative).toBe(false);
  });
});
