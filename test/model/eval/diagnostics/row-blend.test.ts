import type { FramePredictor } from '../../../../model/eval/frame-predictor';
import { blendPredictor, RowBlendFit } from '../../../../model/eval/diagnostics/row-blend';

const W = 2;
const H = 3;
const N = W * H * 3;

/** Frames of `horizon` steps whose row r holds rowValue(h, r). */
function frames(horizon: number, rowValue: (h: number, r: number) => number): Uint8Array {
  const out = new Uint8Array(horizon * N);
  for (let h = 0; h < horizon; h++) for (let i = 0; i < N; i++) out[h * N + i] = rowValue(h, Math.floor(i / (W * 3)));
  return out;
}

function constant(rowValue: (h: number, r: number) => number): FramePredictor {
  return {
    name: 'constant', contextFrames: 1, futureSteps: 1, layoutSlots: 1, widthPx: W, heightPx: H,
    async rollout(requests, horizon) {
      return requests.map(() => frames(horizon, rowValue));
    },
  };
}

describe('RowBlendFit', () => {
  it('weights A fully on rows where the truth is A, not at all where it is B, and halfway between', () => {
    const fit = new RowBlendFit(2, W, H);
    const a = frames(2, () => 200);
    const b = frames(2, () => 100);
    const truth = frames(2, (_h, r) => [200, 100, 150][r]);
    fit.add(a, b, (h) => truth.subarray((h - 1) * N, h * N));
    expect(Array.from(fit.weights())).toEqual([1, 0, 0.5, 1, 0, 0.5]);
  });

  it('clamps to [0, 1] and gives 0 where A and B never differ', () => {
    const fit = new RowBlendFit(1, W, H);
    const a = frames(1, (_h, r) => [200, 100, 100][r]);
    const b = frames(1, () => 100);
    const truth = frames(1, (_h, r) => [250, 50, 100][r]);
    fit.add(a, b, () => truth);
    expect(Array.from(fit.weights())).toEqual([1, 0, 0]);
  });
});

describe('blendPredictor', () => {
  it('mixes the two predictions row by row and keeps the last fitted weights past the fitted horizon', async () => {
    const w = Float64Array.from([1, 0, 0.5]);   // one fitted step, rows 0..2
    const blend = blendPredictor(constant(() => 200), constant(() => 100), w, 1);
    const [out] = await blend.rollout([{ context: new Uint8Array(N), trajectory: new Float32Array(4), layout: null }], 2);
    expect(Array.from(out)).toEqual(Array.from(frames(2, (_h, r) => [200, 100, 150][r])));
  });
});
