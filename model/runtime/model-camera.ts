/**
 * The world model as the ego camera of a rollout (a CameraSource, see camera-source.ts).
 *
 * Warm-up: the first K frames come from the reference renderer and are encoded as the context, as
 * GAIA-1 and GameNGen start from real frames. From step K on, frame s is predicted from the model's
 * own context (frames s-K .. s-1, its previous predictions after the warm-up) and:
 *
 * - the ego trajectory of each slot (ego-trajectory-input.ts). At step s the simulation has
 *   realised the poses up to s, so the first future step of the newest slot (s-1 -> s) is exact and
 *   only the F-1 steps after s are unknown: they come from the request's plannedPoses when the
 *   caller has a plan, else from a constant speed and yaw-rate extrapolation of the last realised
 *   step. Why extrapolate rather than look ahead in the simulation: the built-in policies return
 *   one action per step and keep internal state (the IDM driver remembers its lane change), so
 *   their future cannot be asked for without running them; and the next frame depends mostly on
 *   the first, exact step (model/train/data.py), the rest only hints at where the ego is heading.
 * - grounded only: the layout of the actors at each slot's next frame, computed by the dataset's
 *   writeLayout from the world state and, for its `visible` flag, the reference renderer's class
 *   map of that frame, exactly as the training data was made (model/dataset/actor-layout.ts). The
 *   class map costs one reference render per step; the model's own frames are never used for it.
 *
 * The simulation step must be the dataset's (0.1 s) and the camera's size the model's frame size.
 */
import type { Appearance } from '../../sim/render/appearance';
import { DEFAULT_CAMERA_MODEL, type CameraModel } from '../../sim/render/camera-model';
import { createRenderer } from '../../sim/render/renderer';
import type { RoadNetwork } from '../../sim/road/types';
import type { Pose2 } from '../../sim/types';
import { DEFAULT_LAYOUT_OPTIONS, LAYOUT_WIDTH, writeLayout } from '../dataset/actor-layout';
import { DATASET_DT_S } from '../dataset/dataset-config';
import type { CameraFrame, CameraSource } from './camera-source';
import { extrapolateConstantTwist, TRAJECTORY_WIDTH, writeTrajectoryInput } from './ego-trajectory-input';
import { ModelError } from './model-error';
import { ModelRollout } from './model-rollout';
import type { WorldModel } from './world-model';

export interface ModelCameraOptions {
  /** The camera of the warm-up frames and of the layout's visibility; its size must be the model's. */
  readonly camera: CameraModel;
  /** The simulation step, s; must be the 0.1 s the model was trained at. */
  readonly dtS: number;
  /** Feed the actors' layout (dynamics_grounded.onnx). Default false. */
  readonly grounded?: boolean;
  readonly supersample?: number;
  readonly appearance?: Appearance;
}

/** Tolerance on the simulation step, s: specs give dt as decimals, so 0.1 may arrive as 0.1000000001. */
const DT_TOLERANCE_S = 1e-9;

/**
 * How `camera` differs from the one the training data was rendered with (DEFAULT_CAMERA_MODEL at
 * the model's size), one line each; the model has never seen other intrinsics or mounts.
 */
export function cameraMismatches(camera: CameraModel): string[] {
  const keys = ['fovRad', 'mountHeightM', 'pitchRad', 'mountXM', 'mountYM'] as const;
  return keys.filter((k) => Math.abs(camera[k] - DEFAULT_CAMERA_MODEL[k]) > 1e-9).map((k) => `${k} is ${camera[k].toFixed(4)}, the training data's is ${DEFAULT_CAMERA_MODEL[k].toFixed(4)}`);
}

export function modelCamera(model: WorldModel, road: RoadNetwork, options: ModelCameraOptions): CameraSource {
  const { info } = model;
  const { camera } = options;
  const { widthPx, heightPx } = info.frame;
  if (camera.widthPx !== widthPx || camera.heightPx !== heightPx) {
    throw new ModelError(`the world model in ${model.dir} makes ${widthPx}x${heightPx} frames; the camera is ${camera.widthPx}x${camera.heightPx} (give the scenario or --size that size)`);
  }
  if (Math.abs(options.dtS - DATASET_DT_S) > DT_TOLERANCE_S) {
    throw new ModelError(`the world model was trained at a ${DATASET_DT_S} s step; this simulation steps ${options.dtS} s (set dt: ${DATASET_DT_S} in the scenario)`);
  }
  const K = info.contextFrames;
  const F = info.futureSteps;
  const M = info.layoutSlots;
  const grounded = options.grounded === true;
  const frameBytes = widthPx * heightPx * 3;
  const renderer = createRenderer(road, { camera, supersample: options.supersample, appearance: options.appearance });
  const layoutOptions = { ...DEFAULT_LAYOUT_OPTIONS, maxActors: M };
  const poses: Pose2[] = []; // frames s-K .. s
  const layouts: Float32Array[] = []; // frames s-K+1 .. s (grounded only)
  const warmUp = new Uint8Array(K * frameBytes);
  let rollout: ModelRollout | null = null;
  let nextStep = 0;
  let referenceFrames = 0;
  let seconds = 0;

  return {
    kind: 'model',
    label: `model (${grounded ? 'grounded' : 'ungrounded'}, ${model.dir})`,
    async frame({ world, plannedPoses }) {
      if (world.step !== nextStep) throw new Error(`model camera: states must come in step order from 0: expected step ${nextStep}, got ${world.step}`);
      if (plannedPoses !== undefined && plannedPoses.length < F - 1) {
        throw new RangeError(`model camera: plannedPoses must hold at least ${F - 1} poses (F - 1), got ${plannedPoses.length}`);
      }
      nextStep++;
      const t0 = process.hrtime.bigint();
      poses.push(world.ego.pose);
      if (poses.length > K + 1) poses.shift();
      const rendered = grounded || world.step < K ? renderer.render(world, { semantic: grounded }) : null;
      if (grounded) {
        const layout = new Float32Array(M * LAYOUT_WIDTH);
        writeLayout(world, camera, rendered!.classes!, layoutOptions, layout, 0);
        layouts.push(layout);
        if (layouts.length > K) layouts.shift();
      }
      let frame: CameraFrame;
      if (world.step < K) {
        const rgb = rendered!.rgb.slice();
        warmUp.set(rgb, world.step * frameBytes);
        if (world.step === K - 1) rollout = await ModelRollout.fromFrames(model, 1, warmUp);
        frame = { image: { widthPx, heightPx, rgb }, source: 'reference' };
        referenceFrames++;
      } else {
        const ahead = plannedPoses?.slice(0, F - 1) ?? extrapolateConstantTwist(poses[K - 1], poses[K], F - 1);
        const trajectory = new Float32Array(K * F * TRAJECTORY_WIDTH);
        writeTrajectoryInput([...poses, ...ahead], K, F, trajectory);
        const layout = grounded ? concat(layouts, M * LAYOUT_WIDTH) : null;
        const { rgb } = await rollout!.step(trajectory, layout);
        frame = { image: { widthPx, heightPx, rgb }, source: 'model', inputs: { trajectory, layout } };
      }
      seconds += Number(process.hrtime.bigint() - t0) / 1e9;
      return frame;
    },
    stats() {
      const t = rollout?.timing;
      return { frames: nextStep, referenceFrames, modelFrames: t?.frames ?? 0, seconds, modelSeconds: t?.seconds ?? 0 };
    },
  };
}

function concat(parts: readonly Float32Array[], each: number): Float32Array {
  const out = new Float32Array(parts.length * each);
  parts.forEach((p, i) => out.set(p, i * each));
  return out;
}
