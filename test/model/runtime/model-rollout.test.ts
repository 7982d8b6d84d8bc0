/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * Short autoregressive rollouts with the shipped weights, started from reference frames of a
 * library scenario and driven by its realised ego trajectory: the rolling context, determinism,
 * batching and timing.
 */
import { createRenderer } from '../../../sim/render/renderer';
import { TRAJECTORY_WIDTH, writeTrajectoryInput } from '../../../model/runtime/ego-trajectory-input';
import { AnchorMotion } from '../../../model/runtime/anchor-warp';
import { reproject } from '../../../model/runtime/ego-reprojection';
import { ModelRollout } from '../../../model/runtime/model-rollout';
import { rgbToUnit, unitToRgb } from '../../../model/runtime/rgb-tensor';
import { loadWorldModel, type WorldModel } from '../../../model/runtime/world-model';
import { librarySpec, recordRun, type RecordedRun } from '../../helpers/scenario-runs';
import { maxAbsDiff, MODEL_DIR, readFixture } from './shipped-model';

const STEPS = 6;

let model: WorldModel;
let run: RecordedRun;
let frames: Uint8Array; // (K, H, W, 3): the reference frames of states 0..K-1
let tolerance: number;

/** The (1, K, F, 4) trajectory input of the step that predicts frame s (context frames s-K .. s-1). */
function trajectoryFor(s: number): Float32Array {
  const { contextFrames: K, futureSteps: F } = model.info;
  const poses = run.states.slice(s - K, s + F).map((w) => w.ego.pose);
  const out = new Float32Array(K * F * TRAJECTORY_WIDTH);
  writeTrajectoryInput(poses, K, F, out);
  return out;
}

async function roll(steps: number): Promise<Uint8Array[]> {
  const r = await ModelRollout.fromFrames(model, 1, frames);
  const out: Uint8Array[] = [];
  for (let h = 0; h < steps; h++) out.push((await r.step(trajectoryFor(model.info.contextFrames + h), null)).rgb);
  return out;
}

beforeAll(async () => {
  model = await loadWorldModel(MODEL_DIR, { threads: 1 });
  tolerance = readFixture().maxAbsDiffTolerance;
  run = recordRun(librarySpec('cut_in'), 'idm');
  const { widthPx, heightPx } = model.info.frame;
  const renderer = createRenderer(run.runtime.setup.road, { camera: { ...run.resolved.camera, widthPx, heightPx } });
  const K = model.info.contextFrames;
  frames = new Uint8Array(K * widthPx * heightPx * 3);
  for (let s = 0; s < K; s++) frames.set(renderer.render(run.states[s]).rgb, s * widthPx * heightPx * 3);
});
afterAll(() => model.release());

describe('ModelRollout', () => {
  it('starts from the encoded context frames', async () => {
    const r = await ModelRollout.fromFrames(model, 1, frames);
    expect(Array.from(r.context())).toEqual(Array.from(await model.encode(rgbToUnit(frames), model.info.contextFrames)));
  });

  it('shifts each prediction into the context and returns it decoded to RGB (refiner off)', async () => {
    const r = await ModelRollout.fromFrames(model, 1, frames, { anchored: false, refine: false });
    expect(r.anchored).toBe(false);
    const K = model.info.contextFrames;
    const before = r.context();
    const { latents, rgb } = await r.step(trajectoryFor(K), null);
    const after = r.context();
    const L = latents.length;
    expect(Array.from(after.subarray(0, (K - 1) * L))).toEqual(Array.from(before.subarray(L)));
    expect(Array.from(after.subarray((K - 1) * L))).toEqual(Array.from(latents));
    expect(Array.from(rgb)).toEqual(Array.from(unitToRgb(await model.decode(latents, 1))));
    const { widthPx, heightPx } = model.info.frame;
    expect(rgb.length).toBe(widthPx * heightPx * 3);
  });

  it('anchors predictions on the last real frame: frame_last + decode(z) - decode(z_last) (refiner off)', async () => {
    const r = await ModelRollout.fromFrames(model, 1, frames, { gains: null, refine: false });
    expect(r.anchored).toBe(true);
    const K = model.info.contextFrames;
    const lastLatents = r.context().subarray((K - 1) * (r.context().length / K));
    const decodedLast = await model.decode(lastLatents.slice(), 1);
    const last = rgbToUnit(frames.subarray(((K - 1) * frames.length) / K));
    const { latents, rgb } = await r.step(trajectoryFor(K), null);
    const decoded = await model.decode(latents, 1);
    const expected = new Float32Array(decoded.length);
    for (let i = 0; i < decoded.length; i++) expected[i] = last[i] + decoded[i] - decodedLast[i];
    // one 8-bit level for float reassociation at the rounding boundary
    expect(maxAbsDiff(Float32Array.from(rgb), Float32Array.from(unitToRgb(expected)))).toBeLessThanOrEqual(1);
  });

  it('goes a_h of the way to the decoded prediction and keeps b_h of the residual with anchor gains; grounded steps use the grounded series (refiner off)', async () => {
    const K = model.info.contextFrames;
    const { layoutSlots: M } = model.info;
    const last = frames.subarray(((K - 1) * frames.length) / K);
    const plain = await ModelRollout.fromFrames(model, 1, frames, { gains: null, refine: false });
    const direct = await ModelRollout.fromFrames(model, 1, frames, { anchored: false, refine: false });
    const gains = { ungrounded: { change: [1, 1, 0.5], residual: [1, 0, 0.5] }, grounded: { change: [0], residual: [0] } };
    const gained = await ModelRollout.fromFrames(model, 1, frames, { gains, refine: false });
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
    // (1, 1) is plain anchored decoding; (1, 0) is direct decoding
    expect(same((await gained.step(trajectoryFor(K), null)).rgb, (await plain.step(trajectoryFor(K), null)).rgb)).toBe(true);
    await direct.step(trajectoryFor(K), null);
    const d2 = await direct.step(trajectoryFor(K + 1), null);
    expect(maxAbsDiff(Float32Array.from((await gained.step(trajectoryFor(K + 1), null)).rgb), Float32Array.from(d2.rgb))).toBeLessThanOrEqual(1);
    // (0.5, 0.5) halves the anchored change
    await plain.step(trajectoryFor(K + 1), null);
    const p3 = await plain.step(trajectoryFor(K + 2), null);
    const half = Float32Array.from(last, (v, i) => v + 0.5 * (p3.rgb[i] - v));
    expect(maxAbsDiff(Float32Array.from((await gained.step(trajectoryFor(K + 2), null)).rgb), half)).toBeLessThanOrEqual(1);
    // an empty layout (every slot class -1) runs the grounded graph: gains (0, 0) show the last real frame
    const layout = new Float32Array(K * M * 7);
    for (let m = 0; m < K * M; m++) layout[m * 7] = -1;
    const grounded = await ModelRollout.fromFrames(model, 1, frames, { gains, refine: false });
    expect(same((await grounded.step(trajectoryFor(K), layout)).rgb, last)).toBe(true);
  });

  it('with pan gains adds c_h (W(last) - last) + d_h (W(residual) - residual), W the reprojection by the motion commanded since the last real frame (refiner off)', async () => {
    const K = model.info.contextFrames;
    const { widthPx, heightPx } = model.info.frame;
    const n = widthPx * heightPx * 3;
    const gains = { change: [1, 0.8], residual: [0.5, 0.25], pan: [0.3, 0.2], panResidual: [0.6, 0.4] };
    const r = await ModelRollout.fromFrames(model, 1, frames, { gains: { ungrounded: gains, grounded: gains }, refine: false });
    const decodedLast = await model.decode(r.context().subarray((K - 1) * (r.context().length / K)), 1);
    const last = rgbToUnit(frames.subarray((K - 1) * n));
    const motion = new AnchorMotion(model.info.camera, 1);
    for (let h = 1; h <= 2; h++) {
      const trajectory = trajectoryFor(K + h - 1);
      motion.advance(trajectory, K, model.info.futureSteps);
      const [map] = motion.maps;
      const { latents, rgb } = await r.step(trajectory, null);
      const decoded = await model.decode(latents, 1);
      const [a, b, c, d] = [gains.change[h - 1], gains.residual[h - 1], gains.pan[h - 1], gains.panResidual[h - 1]];
      const p = Float32Array.from(last, (v, i) => c * v + d * (v - decodedLast[i]));
      const moved = reproject(p, widthPx, heightPx, map);
      const expected = Float32Array.from(last, (v, i) => v + a * (decoded[i] - v) + b * (v - decodedLast[i]) + moved[i] - p[i]);
      expect(maxAbsDiff(Float32Array.from(rgb), Float32Array.from(unitToRgb(expected)))).toBeLessThanOrEqual(1);
      // the pan is not nothing: without it the frame differs
      const withoutPan = unitToRgb(Float32Array.from(expected, (v, i) => v - moved[i] + p[i]));
      expect(maxAbsDiff(Float32Array.from(rgb), Float32Array.from(withoutPan))).toBeGreaterThan(8);
    }
  });

  it('leaves grounded steps without pan gains as they are when only the ungrounded series pans (refiner off)', async () => {
    const K = model.info.contextFrames;
    const { layoutSlots: M } = model.info;
    const plainGains = { change: [0.9], residual: [0.4] };
    const layout = new Float32Array(K * M * 7);
    for (let m = 0; m < K * M; m++) layout[m * 7] = -1;
    const plain = await ModelRollout.fromFrames(model, 1, frames, { gains: { ungrounded: plainGains, grounded: plainGains }, refine: false });
    const panned = await ModelRollout.fromFrames(model, 1, frames, { gains: { ungrounded: { ...plainGains, pan: [0.5], panResidual: [0.5] }, grounded: plainGains }, refine: false });
    for (let s = K; s < K + 2; s++) {
      const a = (await plain.step(trajectoryFor(s), layout)).rgb;
      expect(Buffer.from((await panned.step(trajectoryFor(s), layout)).rgb).equals(Buffer.from(a))).toBe(true);
    }
  });

  it('gives the same bytes for the same inputs twice', async () => {
    const a = await roll(STEPS);
    const b = await roll(STEPS);
    expect(a).toHaveLength(STEPS);
    a.forEach((frame, h) => expect(Buffer.from(frame).equals(Buffer.from(b[h]))).toBe(true));
  });

  it('runs several rollouts as one batch with the results of running them alone', async () => {
    const K = model.info.contextFrames;
    const single = await ModelRollout.fromFrames(model, 1, frames);
    const alone = [await single.step(trajectoryFor(K), null), await (await ModelRollout.fromFrames(model, 1, frames)).step(trajectoryFor(K + 3), null)];
    const both = new Uint8Array(2 * frames.length);
    both.set(frames, 0);
    both.set(frames, frames.length);
    const batch = await ModelRollout.fromFrames(model, 2, both);
    const traj = new Float32Array(2 * trajectoryFor(K).length);
    traj.set(trajectoryFor(K), 0);
    traj.set(trajectoryFor(K + 3), traj.length / 2);
    const { latents } = await batch.step(traj, null);
    const L = latents.length / 2;
    expect(maxAbsDiff(latents.subarray(0, L), alone[0].latents)).toBeLessThanOrEqual(tolerance);
    expect(maxAbsDiff(latents.subarray(L), alone[1].latents)).toBeLessThanOrEqual(tolerance);
  });

  it('counts steps, frames and time per frame', async () => {
    const r = await ModelRollout.fromFrames(model, 1, frames);
    expect(r.timing).toMatchObject({ steps: 0, frames: 0, seconds: 0 });
    for (let h = 0; h < 3; h++) await r.step(trajectoryFor(model.info.contextFrames + h), null);
    const t = r.timing;
    expect(t).toMatchObject({ steps: 3, frames: 3 });
    expect(t.seconds).toBeGreaterThan(0);
    expect(t.msPerFrame).toBeCloseTo((1000 * t.seconds) / 3, 9);
    expect(t.framesPerS).toBeCloseTo(3 / t.seconds, 9);
  });

  it('refuses a context or frames of the wrong size', async () => {
    expect(() => new ModelRollout(model, 1, new Float32Array(3))).toThrow(/context must be \(1, \d+, \d+, \d+, \d+\) = \d+ values, got 3/);
    expect(() => new ModelRollout(model, 0, new Float32Array(3))).toThrow(/batch must be an integer >= 1, got 0/);
    await expect(ModelRollout.fromFrames(model, 2, frames)).rejects.toThrow(/frames must be \(2, \d+, \d+, \d+, 3\) = \d+ bytes, got \d+/);
  });
});
