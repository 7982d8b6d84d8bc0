/**
 * Gains of anchored decoding per horizon step (model-rollout.ts). Step h of a rollout shows
 *
 *   frame_last + a_h * (decode(z_h) - frame_last) + b_h * (frame_last - decode(z_last))
 *              + c_h * (W_h(frame_last) - frame_last) + d_h * (W_h(residual) - residual)
 *
 * a_h: how much of the way to the decoded prediction to go; b_h: how much of the last real frame's
 * tokenizer residual (residual = frame_last - decode(z_last): the detail the tokenizer loses, thin
 * markings, edges, small actors) to keep. a = b = 1 is plain anchored decoding (frame_last +
 * decode(z_h) - decode(z_last)); a = 1, b = 0 is direct decoding; a = b = g pulls the predicted
 * change back towards the last real frame. The model's predicted change grows less certain with
 * the horizon and the residual's detail goes stale as the scene moves, so the frame closest in mean
 * square to the future is somewhere in this family.
 *
 * c_h and d_h (the *pan* gains, optional, 0 without them) move part of the last frame and of its
 * residual with the ego: W_h reprojects a frame by the motion the trajectory inputs commanded since
 * the last real frame (anchor-warp.ts, flat ground and a sky at infinity). The dynamics answers a
 * lane change at a third of its size and its answer fades over a rollout (model/eval/README.md);
 * the reprojection pans the sharp last frame by the commanded motion itself, right for the road and
 * wrong for what stands on it, so a fitted share of it is kept.
 *
 * The gains are fitted by least squares per horizon step on validation episodes (`dreamdrive
 * calibrate-model`, model/eval/anchor-gain-fit.ts) and kept in the model card, one set of series
 * for the ungrounded and one for the grounded camera.
 */
import { cardValue } from './model-card';
import { ModelError } from './model-error';

/** a_1, a_2, ... and b_1, b_2, ... (c, d where fitted): step h uses entry h - 1, steps past the end the last entries. */
export interface GainSeries {
  readonly change: readonly number[];
  readonly residual: readonly number[];
  readonly pan?: readonly number[];
  readonly panResidual?: readonly number[];
}

/** The gains of one rollout step. */
export interface StepGains {
  readonly change: number;
  readonly residual: number;
  readonly pan: number;
  readonly panResidual: number;
}

export interface AnchorGains {
  readonly ungrounded: GainSeries;
  readonly grounded: GainSeries;
}

/** Where the card keeps them. */
export const ANCHOR_GAINS_FIELD = 'decoding.anchor_gains';
/** A gain above this would amplify; a fit that wants it is broken. */
export const MAX_ANCHOR_GAIN = 2;

/** The card's anchor gains, null when it has none; throws ModelError naming the field when malformed. */
export function anchorGainsOf(card: Record<string, unknown>, file: string): AnchorGains | null {
  if (cardValue(card, ANCHOR_GAINS_FIELD) === undefined) return null;
  const series = (path: string): number[] => {
    const s = cardValue(card, `${ANCHOR_GAINS_FIELD}.${path}`);
    const ok = Array.isArray(s) && s.length > 0 && s.every((g) => typeof g === 'number' && Number.isFinite(g) && g >= 0 && g <= MAX_ANCHOR_GAIN);
    if (!ok) throw new ModelError(`${file}: ${ANCHOR_GAINS_FIELD}.${path} must be a non-empty array of numbers in [0, ${MAX_ANCHOR_GAIN}], got ${JSON.stringify(s) ?? 'nothing'}`);
    return s as number[];
  };
  const pair = (camera: string): GainSeries => {
    const change = series(`${camera}.change`);
    const sameLength = (name: string): number[] => {
      const s = series(`${camera}.${name}`);
      if (s.length !== change.length) throw new ModelError(`${file}: ${ANCHOR_GAINS_FIELD}.${camera}.change and .${name} must be as long as each other, got ${change.length} and ${s.length}`);
      return s;
    };
    const residual = sameLength('residual');
    const panned = cardValue(card, `${ANCHOR_GAINS_FIELD}.${camera}.pan`) !== undefined || cardValue(card, `${ANCHOR_GAINS_FIELD}.${camera}.pan_residual`) !== undefined;
    return panned ? { change, residual, pan: sameLength('pan'), panResidual: sameLength('pan_residual') } : { change, residual };
  };
  return { ungrounded: pair('ungrounded'), grounded: pair('grounded') };
}

/** Whether the series moves part of the last frame with the ego (pan gains, not all zero). */
export function pans(series: GainSeries): boolean {
  return [...(series.pan ?? []), ...(series.panResidual ?? [])].some((g) => g !== 0);
}

/** The gains (a, b, c, d) of rollout step `step` (1-based). */
export function gainsAt(series: GainSeries, step: number): StepGains {
  const i = Math.min(step, series.change.length) - 1;
  return { change: series.change[i], residual: series.residual[i], pan: series.pan?.[i] ?? 0, panResidual: series.panResidual?.[i] ?? 0 };
}
