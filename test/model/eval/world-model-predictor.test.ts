/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 */
import { loadLibraryScenarios } from '../../../model/dataset/generate';
import { episodeRequest } from '../../../model/eval/rollout-request';
import { loadEvalEpisode, splitEpisodes } from '../../../model/eval/test-episodes';
import { measureThroughput } from '../../../model/eval/throughput';
import { worldModelPredictor } from '../../../model/eval/world-model-predictor';
import { rgbToUnit, unitToRgb } from '../../../model/runtime/rgb-tensor';
import { loadWorldModel, type PredictInput, type WorldModel } from '../../../model/runtime/world-model';
import { MODEL_DIR } from '../runtime/shipped-model';

let model: WorldModel;
beforeAll(async () => {
  model = await loadWorldModel(MODEL_DIR, { threads: 1 });
});
afterAll(() => model.release());

/**
 * model/train/rollout_eval.py's loop written out with the runtime's graphs one call at a time:
 * step h reads slots s_i = h - 1 + i, trajectory rows s_i, layout rows s_i + 1.
 */
async function referenceRollout(m: WorldModel, context: Uint8Array, trajectory: Float32Array, layout: Float32Array | null, horizon: number): Promise<Uint8Array> {
  const { contextFrames: K, futureSteps: F, layoutSlots: M } = m.info;
  const { channels, heightCells, widthCells } = m.info.latent;
  const L = channels * heightCells * widthCells;
  let ctx = await m.encode(rgbToUnit(context), K);
  const frameBytes = m.info.frame.widthPx * m.info.frame.heightPx * 3;
  const out = new Uint8Array(horizon * frameBytes);
  for (let h = 1; h <= horizon; h++) {
    const traj = new Float32Array(K * F * 4);
    const lay = layout === null ? null : new Float32Array(K * M * 7);
    for (let i = 0; i < K; i++) {
      const s = h - 1 + i;
      for (let j = 0; j < F * 4; j++) traj[i * F * 4 + j] = trajectory[s * F * 4 + j];
      if (lay !== null && layout !== null) for (let j = 0; j < M * 7; j++) lay[i * M * 7 + j] = layout[(s + 1) * M * 7 + j];
    }
    const next = await m.predict({ batch: 1, contextLatents: ctx, trajectory: traj, layout: lay });
    out.set(unitToRgb(await m.decode(next, 1)), (h - 1) * frameBytes);
    const shifted = new Float32Array(K * L);
    shifted.set(ctx.subarray(L));
    shifted.set(next, (K - 1) * L);
    ctx = shifted;
  }
  return out;
}

describe('the world model as a frame predictor', () => {
  it('rolls out batched as rollout_eval.py does one rollout at a time (to one 8-bit level), grounded and not', async () => {
    const library = loadLibraryScenarios();
    const { widthPx, heightPx } = model.info.frame;
    const source = { seed: 0, steps: 20, widthPx, heightPx, supersample: 2, library, split: 'test' as const };
    const H = 4;
    const episodes = splitEpisodes(0, 'test', 2, library).map((ref) => loadEvalEpisode(source, ref, model.info.contextFrames + H));
    const requests = [episodeRequest(episodes[0], model.info, H, false), episodeRequest(episodes[0], model.info, H, true), episodeRequest(episodes[1], model.info, H, true)];
    // rollout_eval.py decodes directly and has no refiner; the anchored default and the refiner are
    // tested in test/model/runtime and test/model/train/refiner-smoke.test.ts.
    const predictor = worldModelPredictor(model, 2, { anchored: false, refine: false });
    const got = await predictor.rollout(requests, H);
    for (const [i, r] of requests.entries()) {
      const want = await referenceRollout(model, r.context, r.trajectory, r.layout, H);
      // Batched and single matrix products may round differently in the last float bit, which can
      // flip a pixel by one 8-bit level; a wrong slot or row would move whole frames.
      let worst = 0;
      for (let j = 0; j < want.length; j++) worst = Math.max(worst, Math.abs(got[i][j] - want[j]));
      expect(worst).toBeLessThanOrEqual(1);
    }
    const t = await measureThroughput(predictor, requests[0], 2, H, 1);
    expect(t).toMatchObject({ batch: 2, horizon: H, repeats: 1, frames: 8 });
    expect(t.framesPerS).toBeGreaterThan(0);
  }, 60_000);

  it('feeds step h the trajectory rows of frames h-1..h+K-2 and the layout rows one frame later, per rollout of the batch', async () => {
    const library = loadLibraryScenarios();
    const { widthPx, heightPx } = model.info.frame;
    const { contextFrames: K, futureSteps: F, layoutSlots: M } = model.info;
    const source = { seed: 0, steps: 20, widthPx, heightPx, supersample: 2, library, split: 'test' as const };
    const H = 3;
    const requests = splitEpisodes(0, 'test', 2, library).map((ref) => episodeRequest(loadEvalEpisode(source, ref, K + H), model.info, H, true));
    // The real model, its predict() inputs recorded on the way through.
    const seen: PredictInput[] = [];
    const observed: WorldModel = {
      dir: model.dir,
      info: model.info,
      encode: (f, b) => model.encode(f, b),
      decode: (l, b) => model.decode(l, b),
      warpDelta: (f, m, b) => model.warpDelta(f, m, b),
      refine: (f, l, b, w) => model.refine(f, l, b, w),
      predict: (input) => {
        seen.push({ ...input, trajectory: input.trajectory.slice(), layout: input.layout?.slice() ?? null });
        return model.predict(input);
      },
      release: async () => undefined,
    };
    await worldModelPredictor(observed, 8).rollout(requests, H);
    expect(seen.map((s) => s.batch)).toEqual([2, 2, 2]);
    seen.forEach((input, step) => {
      const h = step + 1;
      for (let b = 0; b < 2; b++) {
        for (let i = 0; i < K; i++) {
          const slot = b * K + i;
          expect(Array.from(input.trajectory.subarray(slot * F * 4, (slot + 1) * F * 4))).toEqual(Array.from(requests[b].trajectory.subarray((h - 1 + i) * F * 4, (h + i) * F * 4)));
          expect(Array.from(input.layout!.subarray(slot * M * 7, (slot + 1) * M * 7))).toEqual(Array.from(requests[b].layout!.subarray((h + i) * M * 7, (h + i + 1) * M * 7)));
        }
      }
    });
  }, 60_000);
});
