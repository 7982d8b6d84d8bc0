/**
 * `camera`: the built-in policy that drives from the ego camera alone (plus its speedometer and
 * set speed): lane keeping and cruise control by a small CNN, behaviour-cloned on the reference
 * renderer's frames from a privileged pure-pursuit expert with DART noise (model/policy_train/,
 * data from model/policy-data/). Shipped as model/policies/camera/policy.onnx with its card and a
 * parity fixture; it reads 64x64 frames from the default camera mount.
 *
 * It sees no map and does not follow other road users: it holds its set speed
 * (policy-state.ts setSpeedMps) and its lane, so it is the camera counterpart of `pure-pursuit`,
 * and the policy whose metrics differ when the camera is the world model instead of the renderer.
 */
import { join } from 'node:path';
import { packageRoot } from '../../scenarios/library';
import type { LoopPolicy } from '../../sim/policies/loop-policy';
import type { SimRuntime } from '../../sim/world/runtime';
import { loadOnnxPolicy, onnxLoopPolicy } from './onnx-policy';

export const CAMERA_POLICY_NAME = 'camera';

export function cameraPolicyFile(): string {
  return join(packageRoot(), 'model', 'policies', 'camera', 'policy.onnx');
}

/** Loads the shipped network for one run of `rt`; close() the result when the run ends. */
export async function cameraPolicy(rt: SimRuntime, file: string = cameraPolicyFile()): Promise<LoopPolicy> {
  return onnxLoopPolicy(await loadOnnxPolicy(file), rt, CAMERA_POLICY_NAME);
}
