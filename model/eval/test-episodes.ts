/**
 * The episodes the world model is judged on, made on the fly with the dataset generator's own code
 * (model/dataset): episode i of seed S is drawn from its stream exactly as `dreamdrive dataset`
 * draws it (family first, then the plan and the closed-loop rollout, with the same redraws), and
 * only indices whose split is the requested one are kept. With the default split, test, every
 * episode belongs to a family held out of training (splits.ts), so no dataset has to be on disk
 * and the judged scenarios are ones the model never saw.
 *
 * Each episode keeps the first `frames` states rendered by the reference renderer (RGB and class
 * map) and, built by the dataset's functions, the model inputs: the future ego trajectory with its
 * validity (ego-frame.ts futureTrajectories over the episode's T states, as fillEpisode does) and
 * the actors' layout (actor-layout.ts writeLayout). The worlds and the run's setup stay alongside
 * so that counterfactual ego plans can be re-simulated from any of its states.
 */
import { episodeConfigOf, type DatasetArguments } from '../dataset/dataset-config';
import { DEFAULT_LAYOUT_OPTIONS, LAYOUT_WIDTH, writeLayout } from '../dataset/actor-layout';
import { episodeRollout, type EpisodeConfig } from '../dataset/episode';
import { drawFamily, episodeRng, type EpisodePlan, type LibraryScenario } from '../dataset/episode-plan';
import { PROCEDURAL_FAMILIES } from '../dataset/procedural-scenario';
import { futureTrajectories } from '../dataset/ego-frame';
import { HELD_OUT_FAMILIES, splitOf, type Split } from '../dataset/splits';
import { prepareRun } from '../../eval/run-scenario';
import { appearanceFromSeed, type Appearance } from '../../sim/render/appearance';
import type { CameraModel } from '../../sim/render/camera-model';
import { createRenderer } from '../../sim/render/renderer';
import type { RoadNetwork } from '../../sim/road/types';
import type { SimSetup } from '../../sim/setup';
import type { Pose2, World } from '../../sim/types';

/** Where the judged episodes come from: the generator arguments of the training data. */
export interface EpisodeSourceOptions {
  /** Generator seed of the dataset (`dreamdrive dataset --seed`). */
  readonly seed: number;
  /** Frames per generated episode (`--steps`): part of the draw, so it must match the training data's. */
  readonly steps: number;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly supersample: number;
  readonly library: readonly LibraryScenario[];
  readonly split: Split;
}

export interface EpisodeRef {
  readonly index: number;
  readonly family: string;
}

/** Indices scanned per episode asked for before giving up (the test split is ~20 % of episodes). */
const MAX_SCAN_PER_EPISODE = 1000;

export class EpisodeSourceError extends Error {}

/**
 * Which scenario families an episode list keeps: only those in `only` (when given), none in
 * `except`. E.g. a refiner trained on rollouts without one training family can be chosen by how it
 * does on that family, the nearest thing the training data has to the held-out test families.
 */
export interface FamilyFilter {
  readonly only?: readonly string[];
  readonly except?: readonly string[];
}

/** Every family the generator draws from: `library:<name>` per library scenario, `procedural:<kind>`. */
export function episodeFamilies(library: readonly LibraryScenario[]): string[] {
  return [...library.map((e) => `library:${e.name}`), ...PROCEDURAL_FAMILIES.map((k) => `procedural:${k}`)];
}

/** A comma-separated list of family names, each checked against episodeFamilies. */
export function parseFamilies(value: string, what: string, library: readonly LibraryScenario[]): string[] {
  const known = episodeFamilies(library);
  const names = value.split(',').map((n) => n.trim());
  for (const n of names) {
    if (!known.includes(n)) throw new EpisodeSourceError(`${what}: no family '${n}' (families: ${known.join(', ')})`);
  }
  return names;
}

/** Whether the filter leaves out any family at all. */
export function filtersFamilies(filter: FamilyFilter): boolean {
  return filter.only !== undefined || filter.except !== undefined;
}

function keeps(filter: FamilyFilter, family: string): boolean {
  return (filter.only === undefined || filter.only.includes(family)) && !(filter.except ?? []).includes(family);
}

/**
 * The first `count` episode indices of `split` whose family `filter` keeps, in index order, with
 * their families. Only the family draw is made per index (cheap), so scanning is fast.
 */
export function splitEpisodes(seed: number, split: Split, count: number, library: readonly LibraryScenario[], filter: FamilyFilter = {}): EpisodeRef[] {
  if (!Number.isInteger(count) || count < 1) throw new EpisodeSourceError(`splitEpisodes: count must be an integer >= 1, got ${count}`);
  const out: EpisodeRef[] = [];
  const limit = count * MAX_SCAN_PER_EPISODE;
  for (let index = 0; out.length < count; index++) {
    if (index >= limit) {
      const families = filtersFamilies(filter) ? ` of ${describeFilter(filter)}` : '';
      throw new EpisodeSourceError(`no ${count} episodes of split '${split}'${families} among the first ${limit} indices of seed ${seed} (found ${out.length}; held-out families: ${HELD_OUT_FAMILIES.join(', ')})`);
    }
    const family = drawFamily(episodeRng(seed, index), library);
    if (splitOf(seed, index, family) === split && keeps(filter, family)) out.push({ index, family });
  }
  return out;
}

/** 'families a, b' / 'all families but c' / both, for messages and reports. */
export function describeFilter(filter: FamilyFilter): string {
  const parts = [];
  if (filter.only !== undefined) parts.push(`families ${filter.only.join(', ')}`);
  if (filter.except !== undefined) parts.push(`${filter.only !== undefined ? 'but' : 'all families but'} ${filter.except.join(', ')}`);
  return parts.length > 0 ? parts.join(' ') : 'all families';
}

/** One judged episode: reference frames, model inputs and what re-simulation needs. */
export interface EvalEpisode {
  readonly ref: EpisodeRef;
  readonly plan: EpisodePlan;
  readonly camera: CameraModel;
  readonly appearance: Appearance;
  readonly supersample: number;
  /** Rendered frames N (the first N states of the episode). */
  readonly frames: number;
  /** (N, H, W, 3) uint8. */
  readonly rgb: Uint8Array;
  /** (N, H, W) semantic ids (sim/render/semantic-classes.ts). */
  readonly classes: Uint8Array;
  /** States 0..N-1. */
  readonly worlds: readonly World[];
  /** Dataset future horizon (FORMAT.md K = 10), steps. */
  readonly futureSteps: number;
  /** (N, futureSteps, 3) float32: (dx, dy, dyaw) in the ego frame at t. */
  readonly future: Float32Array;
  /** (N, futureSteps) uint8. */
  readonly futureValid: Uint8Array;
  /** Layout slots per frame (M = 16). */
  readonly layoutSlots: number;
  /** (N, M, 7) float32, LAYOUT_FIELDS. */
  readonly layout: Float32Array;
  /** The run's setup and road, to re-simulate from a state with another ego plan. */
  readonly setup: SimSetup;
  readonly road: RoadNetwork;
}

export function episodeConfigFor(o: EpisodeSourceOptions): EpisodeConfig {
  const args: DatasetArguments = { episodes: 1, seed: o.seed, steps: o.steps, widthPx: o.widthPx, heightPx: o.heightPx, shardEpisodes: 1, supersample: o.supersample };
  return episodeConfigOf(args, o.library);
}

/** Renders the first `frames` states of episode `ref` and builds its model inputs. */
export function loadEvalEpisode(o: EpisodeSourceOptions, ref: EpisodeRef, frames: number): EvalEpisode {
  if (!Number.isInteger(frames) || frames < 1 || frames > o.steps) {
    throw new EpisodeSourceError(`episode ${ref.index}: ${frames} frames asked for, but episodes have ${o.steps} (raise --steps or lower --horizon)`);
  }
  const config = episodeConfigFor(o);
  const { plan, rollout } = episodeRollout(config, ref.index);
  if (plan.family !== ref.family) throw new EpisodeSourceError(`episode ${ref.index}: drew family ${plan.family}, expected ${ref.family}`);
  const { camera } = config;
  const appearance = appearanceFromSeed(plan.lookSeed);
  const renderer = createRenderer(rollout.road, { camera, supersample: config.supersample, appearance });
  const px = camera.widthPx * camera.heightPx;
  const M = config.layout.maxActors;
  const rgb = new Uint8Array(frames * px * 3);
  const classes = new Uint8Array(frames * px);
  const layout = new Float32Array(frames * M * LAYOUT_WIDTH);
  for (let t = 0; t < frames; t++) {
    const frame = renderer.render(rollout.worlds[t], { semantic: true });
    rgb.set(frame.rgb, t * px * 3);
    classes.set(frame.classes!, t * px);
    writeLayout(rollout.worlds[t], camera, frame.classes!, DEFAULT_LAYOUT_OPTIONS, layout, t * M * LAYOUT_WIDTH);
  }
  // As fillEpisode: futures over the episode's own T states, so validity ends where the dataset's does.
  const poses: Pose2[] = rollout.worlds.slice(0, o.steps).map((w) => w.ego.pose);
  const K = config.horizon;
  const future = new Float32Array(frames * K * 3);
  const futureValid = new Uint8Array(frames * K);
  futureTrajectories(poses, frames, K, future, futureValid);
  // The same instantiation episodeRollout ran (spec, world seed, overrides): the setup for re-simulation.
  const setup = prepareRun(plan.spec, { seed: plan.worldSeed, overrides: plan.overrides }).runtime.setup;
  return {
    ref,
    plan,
    camera,
    appearance,
    supersample: config.supersample,
    frames,
    rgb,
    classes,
    worlds: rollout.worlds.slice(0, frames),
    futureSteps: K,
    future,
    futureValid,
    layoutSlots: M,
    layout,
    setup,
    road: rollout.road,
  };
}

/** Frame t of an episode (a view, not a copy). */
export function frameAt(e: EvalEpisode, t: number): Uint8Array {
  const n = e.camera.widthPx * e.camera.heightPx * 3;
  return e.rgb.subarray(t * n, (t + 1) * n);
}

/** Class map of frame t (a view). */
export function classesAt(e: EvalEpisode, t: number): Uint8Array {
  const n = e.camera.widthPx * e.camera.heightPx;
  return e.classes.subarray(t * n, (t + 1) * n);
}
