/**
 * Where eval-model and calibrate-model take their generated episodes from by default: the training
 * data's generator seed and episode length as the model card records them (train.py -> export.py),
 * at the model's frame size and the generator's anti-aliasing.
 */
import type { LibraryScenario } from '../dataset/episode-plan';
import type { Split } from '../dataset/splits';
import { cardValue, type ModelInfo } from '../runtime/model-card';
import type { EpisodeSourceOptions } from './test-episodes';

/** Frames per generated episode unless the card says otherwise: the planned full training run's. */
export const DEFAULT_EPISODE_STEPS = 100;
/** Anti-aliasing of generated episodes: the dataset generator's default (dreamdrive dataset --supersample). */
export const DATASET_SUPERSAMPLE = 2;

/** The training data's generator arguments as the card records them, or null. */
export function trainingDataArguments(card: Readonly<Record<string, unknown>>): { seed?: number; steps?: number } | null {
  for (const stage of ['all', 'dynamics', 'tokenizer']) {
    const args = cardValue(card as Record<string, unknown>, `training.run.${stage}.dataset_arguments`);
    if (typeof args === 'object' && args !== null) return args as { seed?: number; steps?: number };
  }
  return null;
}

/** Seed and episode length by default: the training data's (its length if it holds K + horizon frames), else 0 and DEFAULT_EPISODE_STEPS. */
export function episodeDefaults(info: ModelInfo, horizon: number): { seed: number; steps: number } {
  const trained = trainingDataArguments(info.card);
  const frames = info.contextFrames + horizon;
  return {
    seed: typeof trained?.seed === 'number' ? trained.seed : 0,
    steps: typeof trained?.steps === 'number' && trained.steps >= frames ? trained.steps : Math.max(DEFAULT_EPISODE_STEPS, frames),
  };
}

export function generatedSource(info: ModelInfo, split: Split, library: readonly LibraryScenario[], seed: number, steps: number): EpisodeSourceOptions {
  return { seed, steps, widthPx: info.frame.widthPx, heightPx: info.frame.heightPx, supersample: DATASET_SUPERSAMPLE, library, split };
}
