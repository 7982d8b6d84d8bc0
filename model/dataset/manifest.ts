/**
 * manifest.json of a dataset: the format version, the arguments (a rerun must match them to
 * resume), the camera, the generator seed, the library/procedural mix, the held-out families, every
 * shard with its episodes and splits, and the arrays with their dtypes and per-episode shapes.
 * Families and splits are known before any rollout (the family is the episode stream's first draw),
 * so the manifest is written first and marked complete at the end.
 */
import { AGENT_CLASSES } from '../../sim/types';
import { DEFAULT_LAYOUT_OPTIONS, LAYOUT_FIELDS, LAYOUT_PAD_CLASS } from './actor-layout';
import { cameraOf, DATASET_DT_S, DATASET_FORMAT, DATASET_FORMAT_VERSION, DEFAULT_HORIZON, type DatasetArguments } from './dataset-config';
import { ACTION_FIELDS, EGO_FIELDS } from './episode';
import { drawFamily, episodeRng, LIBRARY_SHARE, type LibraryScenario } from './episode-plan';
import { PROCEDURAL_FAMILIES } from './procedural-scenario';
import { shardArrays, shardName, type ShardGeometry } from './shard';
import type { ShardJob } from './shard-job';
import { HELD_OUT_FAMILIES, SPLIT_IDS, splitOf, VALIDATION_SHARE, type Split } from './splits';

export interface ManifestShard {
  readonly name: string;
  readonly firstEpisode: number;
  readonly episodes: number;
  readonly splits: Readonly<Record<Split, number>>;
}

export interface Manifest {
  readonly format: string;
  readonly formatVersion: number;
  readonly complete: boolean;
  readonly arguments: DatasetArguments;
  readonly dtS: number;
  readonly horizon: number;
  readonly camera: ReturnType<typeof cameraOf>;
  readonly generator: {
    readonly seed: number;
    readonly librarySharePlanned: number;
    readonly library: readonly string[];
    readonly proceduralFamilies: readonly string[];
    readonly familyCounts: Readonly<Record<string, number>>;
    readonly libraryEpisodes: number;
    readonly proceduralEpisodes: number;
  };
  readonly splits: {
    readonly ids: Readonly<Record<Split, number>>;
    readonly heldOutFamilies: readonly string[];
    readonly validationShare: number;
    readonly counts: Readonly<Record<Split, number>>;
    readonly episodes: Readonly<Record<Split, readonly number[]>>;
  };
  readonly fields: {
    readonly ego: readonly string[];
    readonly actions: readonly string[];
    readonly layout: readonly string[];
    readonly layoutClasses: readonly string[];
    readonly layoutPadClass: number;
    readonly layoutMaxActors: number;
    readonly layoutRadiusM: number;
  };
  readonly arrays: readonly { readonly file: string; readonly dtype: string; readonly shapePerEpisode: readonly number[] }[];
  readonly shards: readonly ManifestShard[];
}

export function shardGeometry(a: DatasetArguments): ShardGeometry {
  return { steps: a.steps, widthPx: a.widthPx, heightPx: a.heightPx, horizon: DEFAULT_HORIZON, maxActors: DEFAULT_LAYOUT_OPTIONS.maxActors };
}

export function shardJobs(a: DatasetArguments): ShardJob[] {
  const jobs: ShardJob[] = [];
  for (let first = 0, shard = 0; first < a.episodes; first += a.shardEpisodes, shard++) {
    jobs.push({ shard, firstEpisode: first, episodes: Math.min(a.shardEpisodes, a.episodes - first) });
  }
  return jobs;
}

export function buildManifest(a: DatasetArguments, library: readonly LibraryScenario[], complete: boolean): Manifest {
  const families: string[] = [];
  for (let i = 0; i < a.episodes; i++) families.push(drawFamily(episodeRng(a.seed, i), library));
  const splitList = families.map((f, i) => splitOf(a.seed, i, f));
  const familyCounts: Record<string, number> = {};
  for (const f of families) familyCounts[f] = (familyCounts[f] ?? 0) + 1;
  const episodes: Record<Split, number[]> = { train: [], val: [], test: [] };
  splitList.forEach((s, i) => episodes[s].push(i));
  const libraryEpisodes = families.filter((f) => f.startsWith('library:')).length;
  return {
    format: DATASET_FORMAT,
    formatVersion: DATASET_FORMAT_VERSION,
    complete,
    arguments: a,
    dtS: DATASET_DT_S,
    horizon: DEFAULT_HORIZON,
    camera: cameraOf(a),
    generator: {
      seed: a.seed,
      librarySharePlanned: LIBRARY_SHARE,
      library: library.map((e) => e.name),
      proceduralFamilies: PROCEDURAL_FAMILIES,
      familyCounts,
      libraryEpisodes,
      proceduralEpisodes: a.episodes - libraryEpisodes,
    },
    splits: {
      ids: SPLIT_IDS,
      heldOutFamilies: HELD_OUT_FAMILIES,
      validationShare: VALIDATION_SHARE,
      counts: { train: episodes.train.length, val: episodes.val.length, test: episodes.test.length },
      episodes,
    },
    fields: {
      ego: EGO_FIELDS,
      actions: ACTION_FIELDS,
      layout: LAYOUT_FIELDS,
      layoutClasses: AGENT_CLASSES,
      layoutPadClass: LAYOUT_PAD_CLASS,
      layoutMaxActors: DEFAULT_LAYOUT_OPTIONS.maxActors,
      layoutRadiusM: DEFAULT_LAYOUT_OPTIONS.radiusM,
    },
    arrays: shardArrays(shardGeometry(a)).map((s) => ({ file: s.file, dtype: s.descr, shapePerEpisode: s.shape })),
    shards: shardJobs(a).map((j) => {
      const counts: Record<Split, number> = { train: 0, val: 0, test: 0 };
      for (let i = j.firstEpisode; i < j.firstEpisode + j.episodes; i++) counts[splitList[i]]++;
      return { name: shardName(j.shard), firstEpisode: j.firstEpisode, episodes: j.episodes, splits: counts };
    }),
  };
}
