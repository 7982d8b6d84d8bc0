/**
 * The rolling warp input of a pixel_warp dynamics: which frame and which motion each slot's delta
 * comes from, that each is computed once, and again when a caller changes a past frame's motion.
 * The model here is a stand-in whose "warp delta" encodes its inputs, so the test can read back
 * what was asked (the real graph's parity is in world-model.test.ts).
 */
import type { ModelInfo } from '../../../model/runtime/model-card';
import { WarpContext } from '../../../model/runtime/warp-context';
import type { WorldModel } from '../../../model/runtime/world-model';

const K = 2;
const F = 2;
const W = 2; // 2x2 frames
const C = 2; // latents (2,1,1): [frame's first value, motion dx]
const info = { frame: { widthPx: W, heightPx: W }, latent: { channels: C, heightCells: 1, widthCells: 1 }, contextFrames: K, futureSteps: F, pixelWarp: true } as unknown as ModelInfo;

function recorder(): { model: WorldModel; calls: number[] } {
  const calls: number[] = [];
  const model = {
    info,
    async warpDelta(frames: Float32Array, motion: Float32Array, batch: number) {
      calls.push(batch);
      const out = new Float32Array(batch * C);
      for (let b = 0; b < batch; b++) {
        out[b * C] = frames[b * W * W * 3];
        out[b * C + 1] = motion[b * 3];
      }
      return out;
    },
  } as unknown as WorldModel;
  return { model, calls };
}

/** (B,K,F,4) trajectory rows whose first step's dx is `dx[b][k]`. */
function rows(dx: number[][]): Float32Array {
  const out = new Float32Array(dx.length * K * F * 4);
  dx.forEach((r, b) => r.forEach((v, k) => (out[((b * K + k) * F) * 4] = v)));
  return out;
}

/** (B,K or 1,H,W,3) frames whose values are all `v[b][k]`. */
function frames(v: number[][]): Float32Array {
  const n = W * W * 3;
  const out = new Float32Array(v.length * v[0].length * n);
  v.flat().forEach((x, i) => out.fill(x, i * n, (i + 1) * n));
  return out;
}

describe('WarpContext', () => {
  it('warps each slot by its own frame and the first step of its own trajectory row', async () => {
    const { model } = recorder();
    const w = new WarpContext(model, 2, frames([[0.1, 0.2], [0.3, 0.4]]));
    expect(Array.from(await w.deltas(rows([[1, 2], [3, 4]])))).toEqual(Array.from(new Float32Array([0.1, 1, 0.2, 2, 0.3, 3, 0.4, 4])));
  });

  it('computes a delta once while its frame and motion stay, and shifts predicted frames in', async () => {
    const { model, calls } = recorder();
    const w = new WarpContext(model, 1, frames([[0.1, 0.2]]));
    await w.deltas(rows([[1, 2]]));
    await w.deltas(rows([[1, 2]]));
    expect(calls).toEqual([2]);
    w.push(frames([[0.5]]));
    // the old newest slot keeps its delta; only the new frame is warped
    expect(Array.from(await w.deltas(rows([[2, 3]])))).toEqual(Array.from(new Float32Array([0.2, 2, 0.5, 3])));
    expect(calls).toEqual([2, 1]);
  });

  it("warps a past frame again when a caller changes the motion after it (a replanned step)", async () => {
    const { model, calls } = recorder();
    const w = new WarpContext(model, 1, frames([[0.1, 0.2]]));
    await w.deltas(rows([[1, 2]]));
    expect(Array.from(await w.deltas(rows([[1, 5]])))).toEqual(Array.from(new Float32Array([0.1, 1, 0.2, 5])));
    expect(calls).toEqual([2, 1]);
  });

  it('refuses context frames of the wrong size', () => {
    expect(() => new WarpContext(recorder().model, 2, new Float32Array(5))).toThrow('WarpContext: frames must be (2, 2, 2, 2, 3) = 48 values, got 5');
  });
});
