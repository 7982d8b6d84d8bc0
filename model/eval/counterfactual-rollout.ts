/**
 * Re-simulates an episode from one of its states with a counterfactual ego plan and renders what
 * the reference camera would then have seen: the same world (traffic, events, seeds) from state t0
 * on, only the ego driven by another plan through the trajectory policy (so it obeys its dynamics
 * and the other road users react to it, as in the original rollout).
 *
 * The model's input for that plan is built like the dataset's: the realised ego poses (the
 * episode's up to t0, the counterfactual's after) through futureTrajectories, cut to F steps.
 */
import { futureTrajectories, toEgoFrame } from '../dataset/ego-frame';
import { trajectoryPolicy } from '../../sim/policies/trajectory-policy';
import { createRenderer } from '../../sim/render/renderer';
import type { Pose2, World } from '../../sim/types';
import { createRuntime } from '../../sim/world/runtime';
import { stepWorld } from '../../sim/world/step';
import { planStart, planWaypoints, type PlanName } from './counterfactual-plan';
import type { RolloutRequest } from './frame-predictor';
import { trajectoryRows, type ModelShape } from './rollout-request';
import type { EvalEpisode } from './test-episodes';

export interface CounterfactualFuture {
  readonly plan: PlanName;
  /** Reference frames t0 + 1 .. t0 + horizon, (horizon, H, W, 3) uint8. */
  readonly reference: Uint8Array;
  /** The model's request: the episode's K context frames (ending at t0) and this plan's trajectory. */
  readonly request: RolloutRequest;
  /** Ego speed at the end of the horizon, m/s, and its lateral travel in the t0 ego frame, m (for reports). */
  readonly endSpeedMps: number;
  readonly endLateralM: number;
}

/**
 * The future of `plan` from state t0 = K - 1 (the last context frame) over `horizon` frames.
 * Null when the ego is off the lanes at t0 (no plan can be laid along them).
 */
export function counterfactualFuture(e: EvalEpisode, shape: ModelShape, plan: PlanName, horizon: number): CounterfactualFuture | null {
  const K = shape.contextFrames;
  const t0 = K - 1;
  if (e.frames < K) throw new RangeError(`episode ${e.ref.index}: ${K} context frames needed, ${e.frames} rendered`);
  const start = planStart(e.road, e.worlds[t0].ego, e.worlds[t0].timeS, e.setup.ego.route);
  if (start === null) return null;
  // Every trajectory row up to frame t0 + horizon - 1 needs the dataset's full future horizon.
  const steps = horizon + e.futureSteps;
  const waypoints = planWaypoints(e.road, start, plan, (steps + 1) * e.setup.dtS);
  const runtime = createRuntime({ ...e.setup, ego: { ...e.setup.ego, trajectory: waypoints } });
  const policy = trajectoryPolicy(runtime);
  const renderer = createRenderer(e.road, { camera: e.camera, supersample: e.supersample, appearance: e.appearance });
  const frameBytes = e.camera.widthPx * e.camera.heightPx * 3;
  const reference = new Uint8Array(horizon * frameBytes);
  const poses: Pose2[] = e.worlds.slice(0, t0 + 1).map((w) => w.ego.pose);
  let world: World = e.worlds[t0];
  let endSpeedMps = world.ego.speedMps;
  for (let i = 1; i <= steps; i++) {
    world = stepWorld(runtime, world, policy.act({ world, road: e.road, dtS: e.setup.dtS }));
    poses.push(world.ego.pose);
    if (i <= horizon) reference.set(renderer.render(world).rgb, (i - 1) * frameBytes);
    if (i === horizon) endSpeedMps = world.ego.speedMps;
  }
  const rows = K + horizon - 1;
  const future = new Float32Array(rows * e.futureSteps * 3);
  const valid = new Uint8Array(rows * e.futureSteps);
  futureTrajectories(poses, rows, e.futureSteps, future, valid);
  return {
    plan,
    reference,
    request: { context: e.rgb.subarray(0, K * frameBytes), trajectory: trajectoryRows(future, valid, e.futureSteps, rows, shape.futureSteps), layout: null },
    endSpeedMps,
    endLateralM: toEgoFrame(poses[t0], poses[t0 + horizon]).dy,
  };
}
