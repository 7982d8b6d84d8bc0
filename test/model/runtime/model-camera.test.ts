/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * The world model as the ego camera of a library rollout: reference warm-up, then predictions whose
 * inputs follow the training conventions (checked against a rollout built by hand from the same
 * public pieces), plans, grounded mode, determinism and the errors for a camera it cannot serve.
 */
import { DEFAULT_LAYOUT_OPTIONS, LAYOUT_WIDTH, writeLayout } from '../../../model/dataset/actor-layout';
import { createRenderer } from '../../../sim/render/renderer';
import type { Pose2 } from '../../../sim/types';
import { referenceCamera, runCamera, type CameraFrame, type CameraSource } from '../../../model/runtime/camera-source';
import { extrapolateConstantTwist, TRAJECTORY_WIDTH, writeTrajectoryInput } from '../../../model/runtime/ego-trajectory-input';
import { cameraMismatches, modelCamera } from '../../../model/runtime/model-camera';
import { ModelError } from '../../../model/runtime/model-error';
import { ModelRollout } from '../../../model/runtime/model-rollout';
import { loadWorldModel, type WorldModel } from '../../../model/runtime/world-model';
import { librarySpec, recordRun, type RecordedRun } from '../../helpers/scenario-runs';
import { MODEL_DIR } from './shipped-model';

/** States fed to the cameras: the warm-up and a few predictions. */
const STATES = 12;

let model: WorldModel;
let run: RecordedRun;

const cameraModel = () => ({ ...run.resolved.camera, ...model.info.frame });
const makeCamera = (grounded = false): CameraSource =>
  modelCamera(model, run.runtime.setup.road, { camera: cameraModel(), dtS: run.runtime.setup.dtS, grounded });

async function framesOf(camera: CameraSource, plans?: (s: number) => Pose2[]): Promise<CameraFrame[]> {
  const out: CameraFrame[] = [];
  for (const world of run.states.slice(0, STATES)) out.push((await camera.frame({ world, plannedPoses: plans?.(world.step) }))!);
  return out;
}

/** The (K,F,4) trajectory input of step s: realised poses s-K .. s, then `ahead`. */
function trajectoryRows(s: number, ahead: readonly Pose2[]): Float32Array {
  const { contextFrames: K, futureSteps: F } = model.info;
  const out = new Float32Array(K * F * TRAJECTORY_WIDTH);
  writeTrajectoryInput([...run.states.slice(s - K, s + 1).map((w) => w.ego.pose), ...ahead], K, F, out);
  return out;
}

/** The frames a rollout gives when its F-1 poses after each step s are `ahead(s)`: the camera's contract, by hand. */
async function byHand(ahead: (s: number) => Pose2[]): Promise<Uint8Array[]> {
  const { contextFrames: K, futureSteps: F, frame } = model.info;
  const renderer = createRenderer(run.runtime.setup.road, { camera: cameraModel() });
  const context = new Uint8Array(K * frame.widthPx * frame.heightPx * 3);
  for (let s = 0; s < K; s++) context.set(renderer.render(run.states[s]).rgb, s * frame.widthPx * frame.heightPx * 3);
  const rollout = await ModelRollout.fromFrames(model, 1, context);
  const out: Uint8Array[] = [];
  for (let s = K; s < STATES; s++) out.push((await rollout.step(trajectoryRows(s, ahead(s)), null)).rgb);
  return out;
}

const extrapolated = (s: number): Pose2[] => extrapolateConstantTwist(run.states[s - 1].ego.pose, run.states[s].ego.pose, model.info.futureSteps - 1);
/** A plan unlike the realised motion: a hard left at walking pace. */
const hardLeft = (s: number): Pose2[] => {
  const p = run.states[s].ego.pose;
  return Array.from({ length: model.info.futureSteps - 1 }, (_, k) => ({ x: p.x + 0.3 * (k + 1) * Math.cos(p.yaw), y: p.y + 0.3 * (k + 1) * Math.sin(p.yaw), yaw: p.yaw + 0.4 * (k + 1) }));
};
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

beforeAll(async () => {
  model = await loadWorldModel(MODEL_DIR, { threads: 1 });
  run = recordRun(librarySpec('cut_in'), 'idm');
});
afterAll(() => model.release());

describe('the model camera', () => {
  it('shows the reference frames for the first K states, then its predictions', async () => {
    const K = model.info.contextFrames;
    const frames = await framesOf(makeCamera());
    const reference = await framesOf(referenceCamera(run.runtime.setup.road, { camera: cameraModel() }));
    expect(frames.map((f) => f.source)).toEqual(Array.from({ length: STATES }, (_, s) => (s < K ? 'reference' : 'model')));
    for (let s = 0; s < K; s++) expect(same(frames[s].image.rgb, reference[s].image.rgb)).toBe(true);
    expect(frames[K].image).toMatchObject(model.info.frame);
  });

  it('predicts from the realised poses and a constant-twist extrapolation when no plan is given', async () => {
    const frames = await framesOf(makeCamera());
    const expected = await byHand(extrapolated);
    expected.forEach((rgb, i) => expect(same(frames[model.info.contextFrames + i].image.rgb, rgb)).toBe(true));
  });

  it('uses the planned poses when the request carries a plan', async () => {
    const K = model.info.contextFrames;
    const withPlan = await framesOf(makeCamera(), hardLeft);
    const withoutPlan = await framesOf(makeCamera());
    const expected = await byHand(hardLeft);
    expected.forEach((rgb, i) => expect(same(withPlan[K + i].image.rgb, rgb)).toBe(true));
    // The conditioning it reports: realised poses, then the plan (or the extrapolation without one).
    for (let s = K; s < STATES; s++) {
      for (const [frames, ahead] of [[withPlan, hardLeft], [withoutPlan, extrapolated]] as const) {
        expect(Array.from(frames[s].inputs!.trajectory)).toEqual(Array.from(trajectoryRows(s, ahead(s))));
      }
      expect(withPlan[s].inputs!.trajectory).not.toEqual(withoutPlan[s].inputs!.trajectory);
      expect(withPlan[s].inputs!.layout).toBeNull();
    }
    expect(withPlan.slice(0, K).every((f) => f.inputs === undefined)).toBe(true);
  });

  it('feeds the grounded graph the layout of each slot\'s next frame, written as the dataset writes it', async () => {
    const { contextFrames: K, layoutSlots: M } = model.info;
    const frames = await framesOf(makeCamera(true));
    const renderer = createRenderer(run.runtime.setup.road, { camera: cameraModel() });
    const layoutOf = (t: number): Float32Array => {
      const out = new Float32Array(M * LAYOUT_WIDTH);
      writeLayout(run.states[t], cameraModel(), renderer.render(run.states[t], { semantic: true }).classes!, { ...DEFAULT_LAYOUT_OPTIONS, maxActors: M }, out, 0);
      return out;
    };
    for (let s = K; s < STATES; s++) {
      const expected = Array.from({ length: K }, (_, i) => Array.from(layoutOf(s - K + 1 + i))).flat();
      expect(Array.from(frames[s].inputs!.layout!)).toEqual(expected);
    }
    // cut_in has actors near the ego: the layout is not all empty slots
    expect(frames[K].inputs!.layout!.some((v, i) => i % LAYOUT_WIDTH === 0 && v >= 0)).toBe(true);
  });

  it('gives the same bytes on a second run, grounded or not', async () => {
    for (const grounded of [false, true]) {
      const a = await framesOf(makeCamera(grounded));
      const b = await framesOf(makeCamera(grounded));
      a.forEach((f, s) => expect(same(f.image.rgb, b[s].image.rgb)).toBe(true));
    }
  });

  it('reports its frames and time', async () => {
    const camera = makeCamera(true);
    const stats = await runCamera(camera, run.states.slice(0, STATES));
    expect(camera.label).toBe(`model (grounded, ${MODEL_DIR})`);
    expect(stats).toMatchObject({ frames: STATES, referenceFrames: model.info.contextFrames, modelFrames: STATES - model.info.contextFrames });
    expect(stats.seconds).toBeGreaterThanOrEqual(stats.modelSeconds);
    expect(stats.modelSeconds).toBeGreaterThan(0);
  });

  it('refuses a camera of another size, another simulation step, and states out of order', async () => {
    const road = run.runtime.setup.road;
    const { widthPx, heightPx } = model.info.frame;
    expect(() => modelCamera(model, road, { camera: { ...cameraModel(), widthPx: widthPx * 2 }, dtS: 0.1 })).toThrow(ModelError);
    expect(() => modelCamera(model, road, { camera: { ...cameraModel(), widthPx: widthPx * 2 }, dtS: 0.1 })).toThrow(
      `makes ${widthPx}x${heightPx} frames; the camera is ${widthPx * 2}x${heightPx}`,
    );
    expect(() => modelCamera(model, road, { camera: cameraModel(), dtS: 0.05 })).toThrow('the world model was trained at a 0.1 s step; this simulation steps 0.05 s');
    const camera = makeCamera();
    await camera.frame({ world: run.states[0] });
    await expect(camera.frame({ world: run.states[2] })).rejects.toThrow('states must come in step order from 0: expected step 1, got 2');
  });

  it('refuses a plan shorter than F - 1 poses', async () => {
    const camera = makeCamera();
    const K = model.info.contextFrames;
    for (let s = 0; s < K; s++) await camera.frame({ world: run.states[s] });
    await expect(camera.frame({ world: run.states[K], plannedPoses: [] })).rejects.toThrow(`plannedPoses must hold at least ${model.info.futureSteps - 1} poses`);
  });

  it('names how a camera differs from the one the model was trained with', () => {
    expect(cameraMismatches(cameraModel())).toEqual([]);
    expect(cameraMismatches({ ...cameraModel(), fovRad: 1 })).toEqual([expect.stringMatching(/^fovRad is 1.0000, the training data's is 1.5708$/)]);
  });
});
