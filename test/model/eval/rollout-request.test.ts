import { checkRequest, copyLastFramePredictor } from '../../../model/eval/frame-predictor';
import { HorizonCurve } from '../../../model/eval/horizon-curve';
import { layoutRows, trajectoryRows } from '../../../model/eval/rollout-request';

describe('rollout inputs from dataset arrays', () => {
  it('cuts the future to F steps, appends validity and zeroes invalid steps (as rollout_eval.py)', () => {
    // 2 rows x 3 dataset steps: (dx, dy, dyaw) = (10 r + k, -k, 0.1 k); the last step of row 1 invalid.
    const future = new Float32Array(2 * 3 * 3);
    const valid = new Uint8Array([1, 1, 1, 1, 1, 0]);
    for (let r = 0; r < 2; r++) for (let k = 0; k < 3; k++) future.set([10 * r + k, k === 0 ? 0 : -k, 0.1 * k], (r * 3 + k) * 3);
    expect(Array.from(trajectoryRows(future, valid, 3, 2, 3))).toEqual(Array.from(new Float32Array([
      0, 0, 0, 1, 1, -1, 0.1, 1, 2, -2, 0.2, 1,
      10, 0, 0, 1, 11, -1, 0.1, 1, 0, 0, 0, 0,
    ])));
    expect(trajectoryRows(future, valid, 3, 2, 2)).toHaveLength(2 * 2 * 4);
    expect(() => trajectoryRows(future, valid, 3, 2, 4)).toThrow(/the model wants 4 future steps, the data has 3/);
  });

  it('keeps the first M layout slots of each row (nearest first)', () => {
    const layout = Float32Array.from({ length: 2 * 3 * 7 }, (_, i) => i);
    const rows = layoutRows(layout, 3, 2, 2);
    expect(Array.from(rows.subarray(0, 14))).toEqual(Array.from(layout.subarray(0, 14)));
    expect(Array.from(rows.subarray(14, 28))).toEqual(Array.from(layout.subarray(21, 35)));
  });
});

describe('copy-last-frame predictor', () => {
  const shape = { contextFrames: 2, futureSteps: 1, layoutSlots: 1, widthPx: 2, heightPx: 1 };
  const p = copyLastFramePredictor(shape);

  it('holds the last context frame for every step', async () => {
    const context = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const [out] = await p.rollout([{ context, trajectory: new Float32Array((2 + 3 - 1) * 4), layout: null }], 3);
    expect(Array.from(out)).toEqual([7, 8, 9, 10, 11, 12, 7, 8, 9, 10, 11, 12, 7, 8, 9, 10, 11, 12]);
  });

  it('refuses malformed requests, naming the field and the shape', () => {
    const context = new Uint8Array(12);
    expect(() => checkRequest(p, { context: context.subarray(1), trajectory: new Float32Array(16), layout: null }, 3)).toThrow(/context must hold 2 frames of 2x1x3 \(12 bytes\), got 11/);
    expect(() => checkRequest(p, { context, trajectory: new Float32Array(15), layout: null }, 3)).toThrow(/trajectory must be \(4, 1, 4\) = 16 values, got 15/);
    expect(() => checkRequest(p, { context, trajectory: new Float32Array(16), layout: new Float32Array(7) }, 3)).toThrow(/layout must be \(5, 1, 7\) = 35 values, got 7/);
    expect(() => checkRequest(p, { context, trajectory: new Float32Array(16), layout: null }, 0)).toThrow(/horizon must be an integer >= 1/);
  });
});

describe('horizon curve', () => {
  it('averages values per step and leaves unmeasured steps null', () => {
    const c = new HorizonCurve(3);
    c.add(1, 30);
    c.add(1, 20);
    c.add(2, 10);
    expect(c.means()).toEqual([25, 10, null]);
    expect(c.counts()).toEqual([2, 1, 0]);
    expect(() => c.add(4, 1)).toThrow(/step must be an integer in 1..3/);
    expect(() => c.add(1, Infinity)).toThrow(/must be finite/);
  });
});
