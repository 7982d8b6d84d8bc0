/**
 * Camera sources of the simulation: what the ego camera shows at each state of a rollout.
 *
 *   none       no frames (the default of `dreamdrive run`: the built-in policies read the world state)
 *   reference  the reference renderer (sim/render), the ground truth
 *   model      the world model (model-camera.ts): K reference frames to warm up, then predictions
 *
 * A camera is fed the states of one rollout in step order, starting at the initial state, and keeps
 * whatever history it needs (the model camera keeps poses, layouts and latents). frame() is async
 * because onnxruntime is; the simulation is not. Today no policy reads camera frames (a policy's
 * Observation, sim/policies/policy.ts, carries none), so a camera cannot change a rollout: callers
 * run the synchronous closed loop unchanged (eval/run-scenario.ts, same states and hashes with or
 * without a camera) and then feed its states to the camera with runCamera(). The camera only ever
 * sees the current state and the past, never a later state, so its frames are the ones it would
 * give inside the loop.
 */
import type { Appearance } from '../../sim/render/appearance';
import type { CameraModel } from '../../sim/render/camera-model';
import type { RgbImage } from '../../sim/render/image-ops';
import { createRenderer } from '../../sim/render/renderer';
import type { RoadNetwork } from '../../sim/road/types';
import type { Pose2, World } from '../../sim/types';

export const CAMERA_KINDS = ['none', 'reference', 'model'] as const;
export type CameraKind = (typeof CAMERA_KINDS)[number];

export interface CameraRequest {
  readonly world: World;
  /**
   * The ego's planned poses after this state, one per simulation step, world frame. A policy that
   * plans passes them; without them the model camera extrapolates (ego-trajectory-input.ts).
   */
  readonly plannedPoses?: readonly Pose2[];
}

export interface CameraFrame {
  readonly image: RgbImage;
  /** The reference renderer (also the model camera's warm-up frames) or the world model. */
  readonly source: 'reference' | 'model';
  /** For a predicted frame, the conditioning the model was given: what command it was asked to follow. */
  readonly inputs?: {
    /** (K,F,4) trajectory rows of the context slots. */
    readonly trajectory: Float32Array;
    /** (K,M,7) layouts, or null for the ungrounded camera. */
    readonly layout: Float32Array | null;
  };
}

export interface CameraStats {
  readonly frames: number;
  readonly referenceFrames: number;
  readonly modelFrames: number;
  /** Wall time inside frame(), s: rendering, input building, the model. */
  readonly seconds: number;
  /** Of that, the model's own time (dynamics, decoder, RGB conversion), s. */
  readonly modelSeconds: number;
}

export interface CameraSource {
  readonly kind: CameraKind;
  /** For reports, e.g. "model (ungrounded, model/weights)". */
  readonly label: string;
  /** The frame of the next state (null for `none`). States must come in step order from 0. */
  frame(request: CameraRequest): Promise<CameraFrame | null>;
  stats(): CameraStats;
}

export interface ReferenceCameraOptions {
  readonly camera: CameraModel;
  readonly supersample?: number;
  readonly appearance?: Appearance;
}

export const NO_FRAMES: CameraStats = Object.freeze({ frames: 0, referenceFrames: 0, modelFrames: 0, seconds: 0, modelSeconds: 0 });

export function noneCamera(): CameraSource {
  return { kind: 'none', label: 'none', frame: async () => null, stats: () => NO_FRAMES };
}

export function referenceCamera(road: RoadNetwork, options: ReferenceCameraOptions): CameraSource {
  const renderer = createRenderer(road, options);
  let frames = 0;
  let seconds = 0;
  return {
    kind: 'reference',
    label: 'reference',
    async frame({ world }) {
      const t0 = process.hrtime.bigint();
      // The renderer reuses its buffers: copy the frame out.
      const rgb = renderer.render(world).rgb.slice();
      seconds += Number(process.hrtime.bigint() - t0) / 1e9;
      frames++;
      return { image: { widthPx: renderer.camera.widthPx, heightPx: renderer.camera.heightPx, rgb }, source: 'reference' };
    },
    stats: () => ({ frames, referenceFrames: frames, modelFrames: 0, seconds, modelSeconds: 0 }),
  };
}

/** Feeds a rollout's states, in order, to a camera; `onFrame` sees each state with its frame. */
export async function runCamera(
  camera: CameraSource,
  states: readonly World[],
  onFrame?: (world: World, frame: CameraFrame | null) => void | Promise<void>,
): Promise<CameraStats> {
  for (const world of states) {
    const frame = await camera.frame({ world });
    if (onFrame) await onFrame(world, frame);
  }
  return camera.stats();
}
