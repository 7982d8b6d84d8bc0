/**
 * Controllability: does the prediction follow the ego command it was given? From one context (the
 * episode's first K frames), the model rolls out twice, once with plan A's ego trajectory and once
 * with plan B's (counterfactual-rollout.ts); each prediction is judged correct when it is closer
 * to the reference frames of its own plan than to those of the other:
 *
 *   correct(A) = D(pred_A, ref_A) < D(pred_A, ref_B),   D = mean over the horizon of per-frame MSE.
 *
 * Two trials per pair (A and B). A pair whose two reference futures are nearly the same image
 * (about 1.4 grey levels RMS apart: e.g. an ego standing still in an empty scene) tests nothing:
 * it is counted as uninformative and left out of the score when the references' mean PSNR to each
 * other exceeds INFORMATIVE_MAX_PSNR_DB. Copy-last-frame answers both trials with the same frames,
 * so it scores exactly one of each pair's two trials (none on an exact tie): 50 %, chance level.
 *
 * Measured on the ungrounded camera: the layout of a counterfactual future would tell the model
 * where the ego went relative to the actors, giving the answer away.
 */
import { meanSquaredError, psnrForMeanDb, psnrFromMse } from './image-metrics';
import { laneChangeOffsetM, planStart, type PlanName } from './counterfactual-plan';
import type { EvalEpisode } from './test-episodes';

/** References closer than this to each other (mean PSNR over the horizon, dB) make a pair uninformative. */
export const INFORMATIVE_MAX_PSNR_DB = 45;

export type PairKind = 'longitudinal' | 'lateral';

export interface PlanPair {
  readonly kind: PairKind;
  readonly a: PlanName;
  readonly b: PlanName;
}

/**
 * The pairs that apply at the episode's state t0: brake vs accelerate always; keep lane vs lane
 * change left where there is a driving lane on the left, else vs lane change right, else none.
 */
export function planPairs(e: EvalEpisode, t0: number): PlanPair[] {
  const world = e.worlds[t0];
  const start = planStart(e.road, world.ego, world.timeS, e.setup.ego.route);
  if (start === null) return [];
  const pairs: PlanPair[] = [{ kind: 'longitudinal', a: 'brake', b: 'accelerate' }];
  if (laneChangeOffsetM(e.road, start, 'left') !== null) pairs.push({ kind: 'lateral', a: 'keep_lane', b: 'lane_change_left' });
  else if (laneChangeOffsetM(e.road, start, 'right') !== null) pairs.push({ kind: 'lateral', a: 'keep_lane', b: 'lane_change_right' });
  return pairs;
}

/** Mean per-frame MSE of two (frames, H, W, 3) sequences. */
export function sequenceMse(a: Uint8Array, b: Uint8Array, frames: number, widthPx: number, heightPx: number): number {
  const n = widthPx * heightPx * 3;
  if (a.length !== frames * n || b.length !== frames * n) throw new RangeError(`sequenceMse: ${frames} frames of ${widthPx}x${heightPx} need ${frames * n} bytes, got ${a.length} and ${b.length}`);
  let sum = 0;
  for (let f = 0; f < frames; f++) sum += meanSquaredError(a.subarray(f * n, (f + 1) * n), b.subarray(f * n, (f + 1) * n), widthPx, heightPx);
  return sum / frames;
}

export interface PairOutcome {
  /** Mean PSNR of plan A's reference frames against plan B's, dB. */
  readonly referenceSeparationDb: number;
  readonly informative: boolean;
  readonly correctA: boolean;
  readonly correctB: boolean;
  /** D(pred, other ref) - D(pred, own ref) per trial: > 0 is correct, its size says by how much. */
  readonly marginA: number;
  readonly marginB: number;
  /**
   * Where each prediction lies on the line from plan A's reference frames (0) to plan B's (1): the
   * least-squares coefficient of its difference from ref A along ref B - ref A, over every frame. A
   * trial is correct exactly when its prediction is on its own plan's side of 0.5, so the two say
   * how a model fails: both near one end (biased towards one plan), or close together (it barely
   * responds to the plan: a blurred prediction's projection on a difference of sharp edges is small).
   */
  readonly positionA: number;
  readonly positionB: number;
}

export function scorePair(predA: Uint8Array, predB: Uint8Array, refA: Uint8Array, refB: Uint8Array, frames: number, widthPx: number, heightPx: number): PairOutcome {
  let psnrSum = 0;
  const n = widthPx * heightPx * 3;
  for (let f = 0; f < frames; f++) psnrSum += psnrForMeanDb(psnrFromMse(meanSquaredError(refA.subarray(f * n, (f + 1) * n), refB.subarray(f * n, (f + 1) * n), widthPx, heightPx)));
  const referenceSeparationDb = psnrSum / frames;
  const marginA = sequenceMse(predA, refB, frames, widthPx, heightPx) - sequenceMse(predA, refA, frames, widthPx, heightPx);
  const marginB = sequenceMse(predB, refA, frames, widthPx, heightPx) - sequenceMse(predB, refB, frames, widthPx, heightPx);
  const positionA = positionBetween(predA, refA, refB);
  const positionB = positionBetween(predB, refA, refB);
  return { referenceSeparationDb, informative: referenceSeparationDb <= INFORMATIVE_MAX_PSNR_DB, correctA: marginA > 0, correctB: marginB > 0, marginA, marginB, positionA, positionB };
}

/** <pred - refA, refB - refA> / |refB - refA|^2 over all bytes (0.5 when the references are equal). */
export function positionBetween(pred: Uint8Array, refA: Uint8Array, refB: Uint8Array): number {
  let along = 0;
  let norm = 0;
  for (let i = 0; i < pred.length; i++) {
    const d = refB[i] - refA[i];
    along += (pred[i] - refA[i]) * d;
    norm += d * d;
  }
  return norm > 0 ? along / norm : 0.5;
}
