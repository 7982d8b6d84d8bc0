/**
 * A policy of the camera loop (eval/camera-loop.ts): like Policy (policy.ts), but it may read the
 * ego camera's frame of the current state and may answer asynchronously (an ONNX network, an HTTP
 * service). Every synchronous Policy is a LoopPolicy that ignores the frame, so the built-ins run
 * in the camera loop unchanged.
 *
 * The frame is the camera source's picture of the very state in `world` (the reference renderer,
 * or the world model's prediction of it), never of a later one.
 */
import type { RgbImage } from '../render/image-ops';
import type { VehicleAction } from '../types';
import type { Observation, Policy } from './policy';

export interface CameraObservation extends Observation {
  /** The ego camera's frame of this state; null when the loop runs without a camera. */
  readonly frame: RgbImage | null;
  /** Who made the frame: the reference renderer or the world model (null without a frame). */
  readonly frameSource: 'reference' | 'model' | null;
}

export interface LoopPolicy {
  readonly name: string;
  /** True when act() needs a frame: the loop refuses to run such a policy without a camera. */
  readonly readsFrames: boolean;
  act(obs: CameraObservation): VehicleAction | Promise<VehicleAction>;
  /** Frees what the policy holds (an onnxruntime session); called once when the run ends. */
  close?(): Promise<void>;
}

/** A synchronous built-in as a loop policy: same name, same actions, no frame read. */
export function loopPolicyOf(policy: Policy): LoopPolicy {
  return { name: policy.name, readsFrames: false, act: (obs) => policy.act(obs) };
}
