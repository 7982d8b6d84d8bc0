/**
 * One dataset episode: plan it, roll it out in closed loop, render every frame and fill the
 * per-frame arrays (layout in FORMAT.md). An episode is T frames: states 0..T-1 are rendered, the
 * rollout runs T steps (T + 1 states) so that every frame has the action applied from it to the
 * next, and the future trajectory of the last K frames is padded and marked invalid.
 *
 * A rollout that collides is redrawn from the same stream (same family) up to MAX_ATTEMPTS times;
 * if the last attempt still collides it is kept, run on through the collision, and marked
 * `collided` in the metadata. Early ends therefore never shorten an episode.
 */
import { executeRun, prepareRun } from '../../eval/run-scenario';
import { appearanceFromSeed } from '../../sim/render/appearance';
import type { CameraModel } from '../../sim/render/camera-model';
import { createRenderer } from '../../sim/render/renderer';
import type { RoadNetwork } from '../../sim/road/types';
import type { Pose2, World } from '../../sim/types';
import { writeLayout, LAYOUT_WIDTH, type LayoutOptions } from './actor-layout';
import { futureTrajectories } from './ego-frame';
import { drawEpisodePlan, drawFamily, episodeRng, type EpisodePlan, type LibraryScenario } from './episode-plan';

/** Attempts before a colliding episode is kept as it is. */
export const MAX_ATTEMPTS = 8;
/** Values per frame in ego.npy: x, y, yaw (world), speed, acceleration, steering angle. */
export const EGO_FIELDS = ['x', 'y', 'yaw', 'speed', 'accel', 'steer'] as const;
export const ACTION_FIELDS = ['accel', 'steer'] as const;

export interface EpisodeConfig {
  readonly seed: number;
  /** Frames per episode (T). */
  readonly steps: number;
  readonly dtS: number;
  /** Future horizon (K). */
  readonly horizon: number;
  readonly camera: CameraModel;
  readonly supersample: number;
  readonly layout: LayoutOptions;
  readonly library: readonly LibraryScenario[];
}

export interface EpisodeMeta {
  readonly index: number;
  readonly family: string;
  readonly scenario: string;
  readonly policy: string;
  readonly worldSeed: number;
  readonly lookSeed: number;
  readonly attempts: number;
  readonly collided: boolean;
  readonly overrides: Readonly<Record<string, number>>;
  readonly notes: Readonly<Record<string, string | number>>;
}

export interface EpisodeData {
  readonly meta: EpisodeMeta;
  /** (T, H, W, 3) uint8. */
  readonly frames: Uint8Array;
  /** (T, 6) float32, EGO_FIELDS. */
  readonly ego: Float32Array;
  /** (T, 2) float32, ACTION_FIELDS: applied from frame t to t + 1. */
  readonly actions: Float32Array;
  /** (T, K, 3) float32: (dx, dy, dyaw) of the pose at t + k in the ego frame at t. */
  readonly future: Float32Array;
  /** (T, K) uint8: 1 where future[t, k] is a real pose. */
  readonly futureValid: Uint8Array;
  /** (T, M, 7) float32, LAYOUT_FIELDS. */
  readonly layout: Float32Array;
}

export interface EpisodeRollout {
  readonly plan: EpisodePlan;
  readonly rollout: Rollout;
  readonly attempts: number;
}

export interface Rollout {
  readonly worlds: World[];
  readonly actions: { accelMps2: number; steerRad: number }[];
  readonly collided: boolean;
  readonly road: RoadNetwork;
}

function rollOut(plan: EpisodePlan, stopOnCollision: boolean): Rollout {
  const run = prepareRun(plan.spec, { seed: plan.worldSeed, overrides: plan.overrides }, { kind: 'builtin', name: plan.policy });
  const worlds: World[] = [];
  const actions: { accelMps2: number; steerRad: number }[] = [];
  const result = executeRun(run, { stopOnCollision }, (world, record) => {
    worlds.push(world);
    if (record.action) actions.push({ accelMps2: record.action.accelMps2, steerRad: record.action.steerRad });
  });
  return { worlds, actions, collided: result.rollout.metrics.values.collision === true || result.rollout.doneReason === 'collision', road: run.runtime.setup.road };
}

/** The plan and closed-loop rollout of episode `index`, after redraws (see the file comment). */
export function episodeRollout(config: EpisodeConfig, index: number): EpisodeRollout {
  const T = config.steps;
  const durationS = T * config.dtS;
  const rng = episodeRng(config.seed, index);
  const family = drawFamily(rng, config.library);
  let chosen: { plan: EpisodePlan; rollout: Rollout } | null = null;
  let attempts = 0;
  let lastError: Error | null = null;
  while (attempts < MAX_ATTEMPTS) {
    attempts++;
    let plan: EpisodePlan;
    let rollout: Rollout;
    try {
      plan = drawEpisodePlan(rng, family, config.library, durationS);
      rollout = rollOut(plan, attempts < MAX_ATTEMPTS);
    } catch (err) {
      // An impossible draw (a constraint of a library scenario, a lane too short) is redrawn like a collision.
      lastError = err as Error;
      continue;
    }
    chosen = { plan, rollout };
    if (!rollout.collided || attempts === MAX_ATTEMPTS) break;
  }
  if (chosen === null) throw new Error(`episode ${index} (${family}): no valid scenario in ${MAX_ATTEMPTS} draws: ${lastError?.message}`);
  const { plan, rollout } = chosen;
  if (rollout.worlds.length < T + 1 || rollout.actions.length < T) {
    throw new Error(`episode ${index} (${family}): rollout gave ${rollout.worlds.length} states for ${T} frames (is --steps longer than the scenario?)`);
  }
  return { plan, rollout, attempts };
}

export function generateEpisode(config: EpisodeConfig, index: number): EpisodeData {
  const { plan, rollout, attempts } = episodeRollout(config, index);
  return fillEpisode(config, index, plan, rollout, attempts);
}

function fillEpisode(config: EpisodeConfig, index: number, plan: EpisodePlan, rollout: Rollout, attempts: number): EpisodeData {
  const T = config.steps;
  const K = config.horizon;
  const M = config.layout.maxActors;
  const { widthPx, heightPx } = config.camera;
  const frameBytes = widthPx * heightPx * 3;
  const frames = new Uint8Array(T * frameBytes);
  const ego = new Float32Array(T * EGO_FIELDS.length);
  const actions = new Float32Array(T * ACTION_FIELDS.length);
  const future = new Float32Array(T * K * 3);
  const futureValid = new Uint8Array(T * K);
  const layout = new Float32Array(T * M * LAYOUT_WIDTH);
  const renderer = createRenderer(rollout.road, { camera: config.camera, supersample: config.supersample, appearance: appearanceFromSeed(plan.lookSeed) });
  for (let t = 0; t < T; t++) {
    const world = rollout.worlds[t];
    const frame = renderer.render(world, { semantic: true });
    frames.set(frame.rgb, t * frameBytes);
    const e = world.ego;
    ego.set([e.pose.x, e.pose.y, e.pose.yaw, e.speedMps, e.accelMps2, e.steerRad], t * EGO_FIELDS.length);
    actions[2 * t] = rollout.actions[t].accelMps2;
    actions[2 * t + 1] = rollout.actions[t].steerRad;
    writeLayout(world, config.camera, frame.classes!, config.layout, layout, t * M * LAYOUT_WIDTH);
  }
  // Futures only over the episode's own frames: the step past the last frame is not part of it.
  const poses: Pose2[] = rollout.worlds.slice(0, T).map((w) => w.ego.pose);
  futureTrajectories(poses, T, K, future, futureValid);
  return {
    meta: {
      index,
      family: plan.family,
      scenario: plan.spec.name,
      policy: plan.policy,
      worldSeed: plan.worldSeed,
      lookSeed: plan.lookSeed,
      attempts,
      collided: rollout.collided,
      overrides: plan.overrides,
      notes: plan.notes,
    },
    frames,
    ego,
    actions,
    future,
    futureValid,
    layout,
  };
}
