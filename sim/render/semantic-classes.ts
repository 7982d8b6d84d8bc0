/**
 * Semantic class ids of the class map that accompanies each rendered frame, and a fixed colour per
 * id for looking at class maps. The ids are part of the dataset format: append, never renumber.
 */
import type { AgentClass } from '../types';

export const SEMANTIC_IDS = {
  sky: 0,
  ground: 1,
  road: 2,
  marking: 3,
  car: 4,
  truck: 5,
  cyclist: 6,
  pedestrian: 7,
  kerb: 8,
} as const;

export type SemanticName = keyof typeof SEMANTIC_IDS;
export type SemanticId = (typeof SEMANTIC_IDS)[SemanticName];

/** Names by id (index = id). */
export const SEMANTIC_NAMES: readonly SemanticName[] = ['sky', 'ground', 'road', 'marking', 'car', 'truck', 'cyclist', 'pedestrian', 'kerb'];

/** Semantic id of an agent class. */
export const AGENT_SEMANTIC_ID: Readonly<Record<AgentClass, SemanticId>> = {
  car: SEMANTIC_IDS.car,
  truck: SEMANTIC_IDS.truck,
  cyclist: SEMANTIC_IDS.cyclist,
  pedestrian: SEMANTIC_IDS.pedestrian,
};

/** Display colour per id (index = id), RGB 0-255; in the spirit of the Cityscapes palette. */
export const SEMANTIC_COLOURS: readonly (readonly [number, number, number])[] = [
  [70, 130, 180], // sky
  [107, 142, 35], // ground
  [128, 64, 128], // road
  [255, 255, 255], // marking
  [0, 0, 142], // car
  [0, 0, 70], // truck
  [119, 11, 32], // cyclist
  [220, 20, 60], // pedestrian
  [244, 35, 232], // kerb (Cityscapes 'sidewalk')
];

/** An RGB image (w * h * 3) of a class map in SEMANTIC_COLOURS; unknown ids come out black. */
export function colouriseClassMap(classes: Uint8Array, out: Uint8Array = new Uint8Array(classes.length * 3)): Uint8Array {
  if (out.length < classes.length * 3) {
    throw new RangeError(`colouriseClassMap: out needs ${classes.length * 3} bytes, got ${out.length}`);
  }
  for (let i = 0; i < classes.length; i++) {
    const c = SEMANTIC_COLOURS[classes[i]] ?? [0, 0, 0];
    out[3 * i] = c[0];
    out[3 * i + 1] = c[1];
    out[3 * i + 2] = c[2];
  }
  return out;
}
