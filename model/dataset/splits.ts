/**
 * Train / validation / test splits by episode, deterministic. The test split holds whole scenario
 * families that training never sees (two library scenarios and one procedural road family), so the
 * world model is judged on scenarios it never saw; the other episodes go to validation with
 * probability VALIDATION_SHARE from their own stream `split:<i>`, else to training.
 */
import { createRng } from '../../sim/rng';

export type Split = 'train' | 'val' | 'test';
export const SPLITS: readonly Split[] = ['train', 'val', 'test'];
/** Split ids as stored in split.npy. */
export const SPLIT_IDS: Readonly<Record<Split, number>> = { train: 0, val: 1, test: 2 };

/** Families held out of training and validation. */
export const HELD_OUT_FAMILIES: readonly string[] = ['library:overtake_truck', 'library:stop_and_go', 'procedural:s_bend'];
export const VALIDATION_SHARE = 0.1;

export function splitOf(seed: number, index: number, family: string, heldOut: readonly string[] = HELD_OUT_FAMILIES): Split {
  if (heldOut.includes(family)) return 'test';
  return createRng(seed, `split:${index}`).next() < VALIDATION_SHARE ? 'val' : 'train';
}
