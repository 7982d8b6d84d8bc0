/**
 * One lane-keeping demonstration: the expert drives a demo scenario (demo-scenario.ts) in closed
 * loop while DART noise (Laskey et al., "DART: Noise Injection for Robust Imitation Learning",
 * CoRL 2017) perturbs the actions that are executed; every state's camera frame is recorded with
 * the expert's noise-free action at that state. The noise pushes the ego off the lane centre and
 * off its speed, so the data shows the expert recovering, which plain behaviour cloning on clean
 * expert runs never sees (the covariate shift of Ross et al., DAgger, 2011).
 *
 * Expert: the pure-pursuit route follower (sim/policies/pure-pursuit-policy.ts) on the ego's lane
 * with the set speed as its desired speed: privileged (it reads the lane geometry), the camera
 * policy only sees the frame and policy-state.ts's state vector. The label is its command before
 * its comfort jerk limit (purePursuitCommand): the smoothed acceleration is mostly the ego's current
 * one, which a learner would copy instead of learning the speed loop (measured on this data: copying
 * the current acceleration came within 0.45 m/s^2 of the smoothed label, and a network given it
 * drifted 1.5 m/s below its set speed); the vehicle's own jerk limit still smooths what runs.
 *
 * Noise: an offset on steering and on acceleration, redrawn from N(0, sigma^2) every 0.3-1.5 s and
 * held in between (white noise at 10 Hz would mostly be filtered out by the steering-rate limit),
 * with per-episode sigmas drawn from [0, MAX_STEER_NOISE_RAD] and [0, MAX_ACCEL_NOISE_MPS2], so the
 * data holds clean runs as well as hard recoveries.
 */
import { instantiate } from '../../scenarios/instantiate';
import { purePursuitCommand } from '../../sim/policies/pure-pursuit-policy';
import { appearanceFromSeed, DEFAULT_APPEARANCE } from '../../sim/render/appearance';
import type { CameraModel } from '../../sim/render/camera-model';
import { createRenderer } from '../../sim/render/renderer';
import { projectOntoLane } from '../../sim/road/query';
import { createRng, type Rng } from '../../sim/rng';
import { runRollout } from '../../sim/rollout';
import type { VehicleAction } from '../../sim/types';
import { createRuntime } from '../../sim/world/runtime';
import { setSpeedMps, writeState, type StateField } from '../policies/policy-state';
import { demoScenario, type DemoFamily } from './demo-scenario';

/** Largest per-episode steering noise sigma, rad: at 15 m/s and a 2.8 m wheelbase, 0.04 rad is ~3 m/s^2 lateral. */
export const MAX_STEER_NOISE_RAD = 0.04;
/** Largest per-episode acceleration noise sigma, m/s^2. */
export const MAX_ACCEL_NOISE_MPS2 = 0.8;
/** Steps a noise draw is held: 0.3 to 1.5 s at 10 Hz. */
const HOLD_STEPS: readonly [number, number] = [3, 16];
/** Share of episodes in the default look (the one `--camera reference` renders); the rest vary. */
const DEFAULT_LOOK_SHARE = 0.25;

export interface DemoConfig {
  readonly seed: number;
  /** Frames per episode (T): the rollout runs T steps, frames 0..T-1 each with the action taken there. */
  readonly steps: number;
  readonly dtS: number;
  readonly camera: CameraModel;
  readonly supersample: number;
  readonly stateFields: readonly StateField[];
}

export interface DemoMeta {
  readonly index: number;
  readonly family: DemoFamily;
  readonly setSpeedMps: number;
  readonly steerNoiseRad: number;
  readonly accelNoiseMps2: number;
  /** null: the default look. */
  readonly lookSeed: number | null;
  readonly actors: number;
}

export interface DemoEpisode {
  readonly meta: DemoMeta;
  /** (T, H, W, 3) uint8. */
  readonly frames: Uint8Array;
  /** (T, S) float32: the state fields of the config, in order. */
  readonly state: Float32Array;
  /** (T, 2) float32: the expert's noise-free command (accel m/s^2 before its jerk limit, steer rad) at each frame. */
  readonly action: Float32Array;
  /** (T, 2) float32: the ego's lateral offset from its lane centre (m, + left) and its speed error (m/s). */
  readonly error: Float32Array;
}

/** Piecewise-constant noise: one draw held for a random number of steps. */
function heldNoise(rng: Rng, sigma: number): () => number {
  let value = 0;
  let left = 0;
  return () => {
    if (left === 0) {
      value = sigma * rng.normal();
      left = HOLD_STEPS[0] + rng.int(HOLD_STEPS[1] - HOLD_STEPS[0]);
    }
    left--;
    return value;
  };
}

export function demoEpisode(config: DemoConfig, index: number): DemoEpisode {
  const T = config.steps;
  const rng = createRng(config.seed, `demo:${index}`);
  const demo = demoScenario(rng, (T + 1) * config.dtS, `demo_${index}`);
  const steerNoiseRad = rng.uniform(0, MAX_STEER_NOISE_RAD);
  const accelNoiseMps2 = rng.uniform(0, MAX_ACCEL_NOISE_MPS2);
  const lookSeed = rng.next() < DEFAULT_LOOK_SHARE ? null : rng.int(0x7fffffff);
  const worldSeed = rng.int(0x7fffffff);
  const steerNoise = heldNoise(rng, steerNoiseRad);
  const accelNoise = heldNoise(rng, accelNoiseMps2);

  const { setup } = instantiate({ ...demo.spec, dt: config.dtS }, { seed: worldSeed });
  // The expert drives at the set speed: pure pursuit takes the ego's desired speed as its limit.
  const rt = createRuntime({ ...setup, ego: { ...setup.ego, desiredSpeedMps: demo.setSpeedMps } });
  const road = rt.setup.road;
  const setSpeed = setSpeedMps(rt.setup.ego, road);
  const expert = purePursuitCommand(rt);
  const renderer = createRenderer(road, { camera: config.camera, supersample: config.supersample, appearance: lookSeed === null ? DEFAULT_APPEARANCE : appearanceFromSeed(lookSeed) });

  const S = config.stateFields.length;
  const frameBytes = config.camera.widthPx * config.camera.heightPx * 3;
  const frames = new Uint8Array(T * frameBytes);
  const state = new Float32Array(T * S);
  const action = new Float32Array(T * 2);
  const error = new Float32Array(T * 2);
  runRollout(rt, {
    stopOnCollision: false,
    hashStates: false,
    policy: {
      name: 'dart-expert',
      act(obs): VehicleAction {
        const t = obs.world.step;
        // Off every lane (a recovery gone wrong), the expert stops, as the pure-pursuit policy does.
        const clean = expert(obs.world.ego) ?? { accelMps2: -rt.egoParams.maxDecelMps2, steerRad: 0 };
        if (t < T) {
          const ego = obs.world.ego;
          frames.set(renderer.render(obs.world).rgb, t * frameBytes);
          writeState(config.stateFields, ego, setSpeed, state, t * S);
          action[2 * t] = clean.accelMps2;
          action[2 * t + 1] = clean.steerRad;
          error[2 * t] = projectOntoLane(road, demo.egoLane, ego.pose.x, ego.pose.y).d;
          error[2 * t + 1] = ego.speedMps - setSpeed;
        }
        return { accelMps2: clean.accelMps2 + accelNoise(), steerRad: clean.steerRad + steerNoise() };
      },
    },
  });
  return {
    meta: { index, family: demo.family, setSpeedMps: setSpeed, steerNoiseRad, accelNoiseMps2, lookSeed, actors: rt.setup.actors.length },
    frames,
    state,
    action,
    error,
  };
}
