/**
 * Classifier-free guidance of the dynamics (Ho & Salimans 2022; GAIA-1 guides its video model on
 * actions the same way). One network predicts the next latents with and without each condition:
 * without the layout (the ungrounded camera: half of every training batch has no layout tokens)
 * and, for a dynamics trained with trajectory dropout, without the ego trajectory (all rows zero,
 * valid bits too). A step with scales (g_T, g_L) combines
 *
 *   z = z(none) + g_T (z(T) - z(none)) + g_L (z(T, L) - z(T))
 *
 * (the ungrounded camera has no last term; a scale of 1 drops its pass). A deterministic model
 * trained on mean squared error predicts the average of the futures its inputs allow, so it
 * under-shows how a command changes the scene and blurs actors its layout places; g > 1
 * amplifies what the condition changes. The scales are the model card's `decoding.guidance`,
 * chosen on validation episodes (model/README.md).
 */
import { cardValue } from './model-card';
import { ModelError } from './model-error';
import type { PredictInput, WorldModel } from './world-model';

export interface Guidance {
  /** g_T: 1 uses the trajectory as given; > 1 needs a dynamics trained with trajectory dropout. */
  readonly trajectory: number;
  /** g_L: the grounded camera's layout scale; 1 uses the layout as given. */
  readonly layout: number;
}

export const NO_GUIDANCE: Guidance = Object.freeze({ trajectory: 1, layout: 1 });

/** Where the card keeps the scales. */
export const GUIDANCE_FIELD = 'decoding.guidance';
/** Where export.py records the training's trajectory dropout. */
const TRAJECTORY_DROPOUT_FIELD = 'architecture.dynamics.trajectory_dropout';
/** A scale above this extrapolates so far that rollouts diverge; a card asking for it is broken. */
export const MAX_GUIDANCE = 8;

/** Throws ModelError naming `where` unless `g` is a usable pair of scales for a model with this card. */
export function checkGuidance(g: Guidance, card: Record<string, unknown>, where: string): void {
  for (const key of ['trajectory', 'layout'] as const) {
    const v = g[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_GUIDANCE) throw new ModelError(`${where}.${key} must be a number in [0, ${MAX_GUIDANCE}], got ${JSON.stringify(v) ?? 'nothing'}`);
  }
  const dropout = cardValue(card, TRAJECTORY_DROPOUT_FIELD);
  if (g.trajectory !== 1 && !(typeof dropout === 'number' && dropout > 0)) {
    throw new ModelError(`${where}.trajectory is ${g.trajectory}, but this dynamics was trained without trajectory dropout (${TRAJECTORY_DROPOUT_FIELD} is ${JSON.stringify(dropout) ?? 'missing'}): it never learned to predict without the trajectory`);
  }
}

/** The card's guidance, null when it has none; throws ModelError naming the field when malformed. */
export function guidanceOf(card: Record<string, unknown>, file: string): Guidance | null {
  const v = cardValue(card, GUIDANCE_FIELD);
  if (v === undefined) return null;
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const g = { trajectory: o.trajectory, layout: o.layout } as Guidance;
  checkGuidance(g, card, `${file}: ${GUIDANCE_FIELD}`);
  return g;
}

/** "g_T,g_L" as a command line takes it, e.g. "2,1.5". Throws RangeError naming `what`. */
export function parseGuidance(text: string, what: string): Guidance {
  const parts = text.split(',');
  const values = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 2 || values.some((v) => !Number.isFinite(v) || v < 0 || v > MAX_GUIDANCE)) throw new RangeError(`${what} must be two scales in [0, ${MAX_GUIDANCE}] as TRAJECTORY,LAYOUT (e.g. 2,1.5), got '${text}'`);
  return { trajectory: values[0], layout: values[1] };
}

/** out = a + g (b - a), elementwise. */
function extrapolate(a: Float32Array, b: Float32Array, g: number, out: Float32Array): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = a[i] + g * (b[i] - a[i]);
  return out;
}

/** Two copies of `x` one after the other (a batch of 2B from a batch of B). */
function twice(x: Float32Array): Float32Array {
  const out = new Float32Array(2 * x.length);
  out.set(x);
  out.set(x, x.length);
  return out;
}

/**
 * The dynamics' next latents (B,C,h,w) for `input`, guided. The passes without a condition run as
 * one call of the ungrounded graph (batch B or 2B) beside the one with every condition.
 */
export async function guidedPredict(model: WorldModel, input: PredictInput, g: Guidance): Promise<Float32Array> {
  const { batch: B, contextLatents, trajectory, layout } = input;
  const useT = g.trajectory !== 1;
  if (!useT && (layout === null || g.layout === 1)) return model.predict(input);
  // The ungrounded graph's passes: [T; none] when the trajectory is guided, else [T].
  // The pass without the trajectory has no ego motion to warp by either (zero warp delta).
  const rows = new Float32Array((useT ? 2 : 1) * trajectory.length);
  rows.set(trajectory);
  let warpDelta = input.warpDelta;
  if (warpDelta !== undefined && useT) {
    warpDelta = new Float32Array(2 * warpDelta.length);
    warpDelta.set(input.warpDelta!);
  }
  const noiseLevel = input.noiseLevel !== undefined && useT ? twice(input.noiseLevel) : input.noiseLevel;
  const free = await model.predict({ batch: useT ? 2 * B : B, contextLatents: useT ? twice(contextLatents) : contextLatents, trajectory: rows, layout: null, noiseLevel, warpDelta });
  const n = free.length / (useT ? 2 : 1);
  const withT = free.subarray(0, n);
  // z(none) + g_T (z(T) - z(none)), or z(T) itself
  const out = useT ? extrapolate(free.subarray(n), withT, g.trajectory, new Float32Array(n)) : Float32Array.from(withT);
  if (layout === null) return out;
  const full = await model.predict(input);
  for (let i = 0; i < n; i++) out[i] += g.layout * (full[i] - withT[i]);
  return out;
}
