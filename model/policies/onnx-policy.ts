/**
 * A policy from an ONNX file and its sidecar card (policy-card.ts), run by onnxruntime-node:
 *
 *   frame (1,H,W,3) float32 in [0,1]   the camera frame of the current state (when the card lists it)
 *   state (1,S) float32                 policy-state.ts fields in the card's order (when listed)
 *   -> action (1,2)                     accel_mps2 and steer_rad or curvature_per_m
 *
 * Loading checks everything before the first step: the card (missing, malformed, unknown fields),
 * then the graph against the card with the world model's own checks (model/runtime/graph-contract.ts:
 * names, float32, dynamic batch, sizes). Errors are ModelErrors naming the file. At run time a
 * frame of another size than the card's, or a non-finite action, stops the run with the step named.
 *
 * One intra-op thread: a policy of this size runs in well under a millisecond, and a single
 * thread makes its arithmetic order, hence its actions, the same on every run (determinism).
 */
import { Tensor } from 'onnxruntime-node';
import { existsSync } from 'node:fs';
import { steerForCurvature } from '../../sim/dynamics/bicycle';
import type { LoopPolicy } from '../../sim/policies/loop-policy';
import type { VehicleAction } from '../../sim/types';
import type { SimRuntime } from '../../sim/world/runtime';
import { checkGraph } from '../runtime/graph-contract';
import { ModelError } from '../runtime/model-error';
import { rgbToUnit } from '../runtime/rgb-tensor';
import { onnxSessionOptions, openGraph } from '../runtime/world-model';
import { policyContract, readPolicyCard, type PolicyCard } from './policy-card';
import { setSpeedMps, writeState } from './policy-state';

export interface OnnxPolicyModel {
  readonly path: string;
  readonly card: PolicyCard;
  /** One forward pass: the raw (accel, second component) of the card's action. */
  run(frame: Float32Array | null, state: Float32Array | null): Promise<readonly [number, number]>;
  release(): Promise<void>;
}

/** Loads and checks `path` (an .onnx file with its card beside it). */
export async function loadOnnxPolicy(path: string): Promise<OnnxPolicyModel> {
  if (!/\.onnx$/i.test(path)) throw new ModelError(`${path}: a policy file must be an .onnx graph (with NAME.card.json beside it)`);
  if (!existsSync(path)) throw new ModelError(`policy file ${path} does not exist`);
  const card = readPolicyCard(path);
  const session = await openGraph(path, onnxSessionOptions({ threads: 1 }));
  try {
    checkGraph(path, policyContract(card), session.inputMetadata, session.outputMetadata, card.file);
  } catch (err) {
    await session.release();
    throw err;
  }
  let released = false;
  return {
    path,
    card,
    async run(frame, state) {
      if (released) throw new Error(`policy ${path}: used after release()`);
      const feeds: Record<string, Tensor> = {};
      if (card.frame !== null) feeds.frame = new Tensor('float32', frame!, [1, card.frame.heightPx, card.frame.widthPx, 3]);
      if (card.stateFields !== null) feeds.state = new Tensor('float32', state!, [1, card.stateFields.length]);
      const out = (await session.run(feeds)).action.data as Float32Array;
      return [out[0], out[1]];
    },
    async release() {
      if (released) return;
      released = true;
      await session.release();
    },
  };
}

/**
 * The loaded policy driving the ego of `rt`: the observation's frame and state become the graph's
 * inputs, its answer the ego's action (a curvature becomes a front-wheel angle for the ego's
 * wheelbase). `name` is how reports and logs call it; close() releases the model.
 */
export function onnxLoopPolicy(model: OnnxPolicyModel, rt: SimRuntime, name: string): LoopPolicy {
  const { card } = model;
  const setSpeed = card.stateFields?.includes('set_speed_mps') ? setSpeedMps(rt.setup.ego, rt.setup.road) : NaN;
  const frameValues = card.frame === null ? null : new Float32Array(card.frame.heightPx * card.frame.widthPx * 3);
  const state = card.stateFields === null ? null : new Float32Array(card.stateFields.length);
  return {
    name,
    readsFrames: card.frame !== null,
    async act({ world, frame }): Promise<VehicleAction> {
      if (frameValues !== null) {
        const want = card.frame!;
        if (frame === null) throw new ModelError(`policy ${name} reads camera frames, but step ${world.step} has none (run it with a camera)`);
        if (frame.widthPx !== want.widthPx || frame.heightPx !== want.heightPx) {
          throw new ModelError(`policy ${name} takes ${want.widthPx}x${want.heightPx} frames (${card.file}); the camera gives ${frame.widthPx}x${frame.heightPx}`);
        }
        rgbToUnit(frame.rgb, frameValues);
      }
      if (state !== null) writeState(card.stateFields!, world.ego, setSpeed, state);
      const [accelMps2, second] = await model.run(frameValues, state);
      if (!Number.isFinite(accelMps2) || !Number.isFinite(second)) throw new ModelError(`policy ${name} answered a non-finite action (${accelMps2}, ${second}) at step ${world.step}`);
      const steerRad = card.action === 'steer' ? second : steerForCurvature(second, rt.egoParams.wheelbaseM);
      return { accelMps2, steerRad };
    },
    close: () => model.release(),
  };
}
