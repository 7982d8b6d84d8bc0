/**
 * Gains of anchored decoding per horizon step (model-rollout.ts): step h of a rollout shows
 * frame_last + g_h * (decode(z_h) - decode(z_last)). With g = 1 it is plain anchored decoding. The
 * model's predicted change grows less certain with the horizon (its own errors compound), and the
 * frame closest in mean square to a future it is unsure of is its prediction pulled back towards
 * what is known; g_h is the least-squares gain of that pull, fitted per horizon step on validation
 * episodes (`dreamdrive calibrate-model`, model/eval/anchor-gain-fit.ts) and stored in the model
 * card, one series for the ungrounded and one for the grounded camera.
 */
import { cardValue } from './model-card';
import { ModelError } from './model-error';

export interface AnchorGains {
  /** g_1, g_2, ...: step h uses entry h - 1, steps past the end the last entry. */
  readonly ungrounded: readonly number[];
  readonly grounded: readonly number[];
}

/** Where the card keeps them. */
export const ANCHOR_GAINS_FIELD = 'decoding.anchor_gains';
/** A gain above this would amplify the predicted change; a fit that wants it is broken. */
export const MAX_ANCHOR_GAIN = 2;

/** The card's anchor gains, null when it has none; throws ModelError naming the field when malformed. */
export function anchorGainsOf(card: Record<string, unknown>, file: string): AnchorGains | null {
  const v = cardValue(card, ANCHOR_GAINS_FIELD);
  if (v === undefined) return null;
  const series = (name: keyof AnchorGains): number[] => {
    const s = cardValue(card, `${ANCHOR_GAINS_FIELD}.${name}`);
    const ok = Array.isArray(s) && s.length > 0 && s.every((g) => typeof g === 'number' && Number.isFinite(g) && g >= 0 && g <= MAX_ANCHOR_GAIN);
    if (!ok) throw new ModelError(`${file}: ${ANCHOR_GAINS_FIELD}.${name} must be a non-empty array of numbers in [0, ${MAX_ANCHOR_GAIN}], got ${JSON.stringify(s) ?? 'nothing'}`);
    return s as number[];
  };
  return { ungrounded: series('ungrounded'), grounded: series('grounded') };
}

/** The gain of rollout step `step` (1-based). */
export function gainAt(series: readonly number[], step: number): number {
  return series[Math.min(step, series.length) - 1];
}
