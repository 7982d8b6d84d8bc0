/**
 * The JSON report of `dreamdrive eval-model` (format dreamdrive-eval-model, version 1): what was
 * judged (model, episodes), the per-horizon curves, controllability, object persistence,
 * throughput, timing, and the acceptance targets of issue 4 each with its measured value and a
 * verdict (null where the run did not measure it, e.g. h50 in a run with --horizon 10).
 *
 * Headline numbers are the ungrounded camera's (the camera without privileged actor positions);
 * object persistence is judged on the grounded camera, as the issue asks.
 */
import { INFORMATIVE_MAX_PSNR_DB } from './controllability';
import { ACCEL_MPS2, BRAKE_MPS2 } from './counterfactual-plan';
import { DEFAULT_DETECTION_OPTIONS, type DetectionOptions } from './actor-detection';
import type { CameraName, ControlOutcome, EvaluationResult } from './evaluate-model';
import { PSNR_CAP_DB, SSIM_SIGMA_PX, SSIM_WINDOW } from './image-metrics';
import { DEFAULT_PERSISTENCE_OPTIONS, persistenceErrorRate, type PersistenceOptions, type PersistenceTotals } from './object-persistence';
import type { Throughput } from './throughput';
import type { Guidance } from '../runtime/guidance';


export const DECODING_MODES = ['calibrated', 'anchored', 'direct'] as const;
export type DecodingMode = (typeof DECODING_MODES)[number];
export const REPORT_FORMAT = 'dreamdrive-eval-model';
/** Bump when a field's meaning or a metric's definition changes. */
export const REPORT_FORMAT_VERSION = 1;

/** Issue 4's acceptance targets for the shipped model. */
export const TARGETS = Object.freeze({
  beatCopyLastFromH: 2,
  beatCopyLastToH: 50,
  psnrDbAt: { 1: 30, 10: 24, 50: 20 } as Readonly<Record<number, number>>,
  controllability: 0.95,
  persistenceErrorRate: 0.05,
});

export interface ModelDescription {
  readonly dir: string;
  readonly name: string;
  readonly frame: { readonly widthPx: number; readonly heightPx: number };
  readonly contextFrames: number;
  readonly futureSteps: number;
  readonly layoutSlots: number;
  /**
   * anchored: predicted changes added to the last real frame (model/runtime/model-rollout.ts);
   * calibrated: the same with the card's anchor gains per step (runtime/anchor-gains.ts);
   * direct: plain decoding.
   */
  readonly decoding: DecodingMode;
  /** Classifier-free guidance scales of the rollouts (model/runtime/guidance.ts); null: none. */
  readonly guidance: Guidance | null;
  /**
   * The model's layout refiner as it ran (model/train/refiner.py): 'grounded' (grounded frames),
   * 'both' (an ego-warp refiner, both cameras), or 'off' (none in the model, or --no-refiner).
   */
  readonly refiner: 'grounded' | 'both' | 'off';
  /** The training data's generator arguments as the card records them, or null. */
  readonly trainingData: unknown;
}

export interface SourceDescription {
  /** Generated from the seed, or the split of a dataset folder (`data`), checked frame by frame. */
  readonly kind: 'generated' | 'dataset';
  readonly data: string | null;
  readonly seed: number;
  readonly steps: number;
  readonly split: string;
  readonly heldOutFamilies: readonly string[];
  /** The families the episodes were restricted to (eval-model --family / --exclude-family); absent: all of the split's. */
  readonly families?: string;
  readonly supersample: number;
}

export interface Verdict {
  readonly target: number;
  readonly value: number | null;
  /** null: not measured in this run. */
  readonly pass: boolean | null;
}

export interface ControlSummary {
  readonly pairs: number;
  readonly informativePairs: number;
  /** Trials in the score: two per informative pair. */
  readonly trials: number;
  readonly correct: number;
  readonly rate: number | null;
  readonly copyLastFrameRate: number | null;
  /** Medians over the informative pairs of PairOutcome.positionA and positionB (null without any). */
  readonly medianPositionA: number | null;
  readonly medianPositionB: number | null;
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function controlSummary(outcomes: readonly ControlOutcome[]): ControlSummary {
  const informative = outcomes.filter((o) => o.informative);
  const trials = 2 * informative.length;
  const correct = informative.reduce((n, o) => n + (o.correctA ? 1 : 0) + (o.correctB ? 1 : 0), 0);
  const baseline = informative.reduce((n, o) => n + o.baselineCorrect, 0);
  return {
    pairs: outcomes.length,
    informativePairs: informative.length,
    trials,
    correct,
    rate: trials > 0 ? correct / trials : null,
    copyLastFrameRate: trials > 0 ? baseline / trials : null,
    medianPositionA: median(informative.map((o) => o.positionA)),
    medianPositionB: median(informative.map((o) => o.positionB)),
  };
}

function persistenceSummary(t: PersistenceTotals) {
  const perFrame = (n: number) => (t.frames > 0 ? n / t.frames : null);
  return { ...t, hallucinatedPerFrame: perFrame(t.hallucinated), vanishedPerFrame: perFrame(t.vanished), errorRate: persistenceErrorRate(t) };
}

function verdict(target: number, value: number | null, higherIsBetter: boolean): Verdict {
  return { target, value, pass: value === null ? null : higherIsBetter ? value >= target : value <= target };
}

export interface ReportInputs {
  readonly model: ModelDescription;
  readonly source: SourceDescription;
  readonly result: EvaluationResult;
  readonly throughput: readonly Throughput[];
  readonly detection?: DetectionOptions;
  readonly persistence?: PersistenceOptions;
  /** Machine description for the throughput numbers. */
  readonly machine: { readonly cpu: string; readonly cores: number; readonly node: string };
}

/** The ungrounded model's PSNR against copy-last-frame's over horizons from..to (cut to the measured H). */
export function marginOverCopyLast(r: EvaluationResult, from: number, to: number): { lastBeat: number; failing: number[]; worstMarginDb: number | null } {
  const lastBeat = Math.min(to, r.horizon);
  const failing: number[] = [];
  let worstMarginDb: number | null = null;
  for (let h = from; h <= lastBeat; h++) {
    const m = r.psnrDb.model[h - 1];
    const c = r.psnrDb.copyLastFrame[h - 1];
    if (m === null || c === null) continue;
    worstMarginDb = worstMarginDb === null ? m - c : Math.min(worstMarginDb, m - c);
    if (!(m > c)) failing.push(h);
  }
  return { lastBeat, failing, worstMarginDb };
}

export function buildReport(inp: ReportInputs) {
  const r = inp.result;
  const H = r.horizon;
  const model = r.psnrDb.model;
  const at = (h: number): number | null => (h <= H ? model[h - 1] : null);
  const { lastBeat, failing, worstMarginDb } = marginOverCopyLast(r, TARGETS.beatCopyLastFromH, TARGETS.beatCopyLastToH);
  const control = controlSummary(r.control);
  const byKind = Object.fromEntries((['longitudinal', 'lateral'] as const).map((k) => [k, controlSummary(r.control.filter((o) => o.kind === k))]));
  const grounded = persistenceErrorRate(r.persistence.modelGrounded);
  const cameras: CameraName[] = ['model', 'modelGrounded', 'copyLastFrame'];
  return {
    format: REPORT_FORMAT,
    formatVersion: REPORT_FORMAT_VERSION,
    model: inp.model,
    source: { ...inp.source, episodes: r.episodes.length },
    definitions: {
      psnr: `10 log10(255^2 / MSE) over the RGB frame; per frame, capped at ${PSNR_CAP_DB} dB, then averaged over episodes at each horizon step (as model/train/rollout_eval.py)`,
      ssim: `Wang et al. 2004: ${SSIM_WINDOW}x${SSIM_WINDOW} Gaussian window, sigma ${SSIM_SIGMA_PX}, K1 0.01, K2 0.03, L 255, valid positions; per RGB channel, channels averaged`,
      horizon: 'step h predicts frame K - 1 + h from the K true context frames 0..K-1 and the model\'s own predictions; 10 Hz, so h = 10 is 1 s ahead',
      cameras: 'model: ungrounded (context frames + ego trajectory); modelGrounded: + the true actor layout; copyLastFrame: frame K - 1 held',
      controllability: `from the context, plan pairs brake (${BRAKE_MPS2} m/s^2) vs accelerate (${ACCEL_MPS2} m/s^2) and keep lane vs lane change (left, else right) re-simulated and rendered; a trial is correct when the ungrounded prediction's mean per-frame MSE to its own plan's frames is below that to the other plan's; pairs whose two references are within ${INFORMATIVE_MAX_PSNR_DB} dB PSNR of each other are uninformative and not scored`,
      objectPersistence: 'actors found by class colour (light-normalised HSV hue, saturation; 8-connected blobs) vs the true projected boxes; an actor is in view with >= minActorPx class-map pixels in its box; vanished = in-view actor with no blob of its class meeting its box (+ marginPx); hallucinated = blob meeting no actor of its class; errorRate = (hallucinated + vanished) / actor-frames; per-frame values are means over predicted frames',
      throughput: 'predicted frames per second of wall time of whole rollouts (context encoding, dynamics, decoder, RGB), after one warm-up rollout',
    },
    horizon: {
      h: Array.from({ length: H }, (_, i) => i + 1),
      psnrDb: Object.fromEntries(cameras.map((c) => [c, r.psnrDb[c]])),
      ssim: Object.fromEntries(cameras.map((c) => [c, r.ssim[c]])),
    },
    controllability: { horizon: r.controlHorizon, informativeMaxPsnrDb: INFORMATIVE_MAX_PSNR_DB, ...control, byKind, outcomes: r.control },
    objectPersistence: {
      options: { ...(inp.detection ?? DEFAULT_DETECTION_OPTIONS), ...(inp.persistence ?? DEFAULT_PERSISTENCE_OPTIONS) },
      reference: persistenceSummary(r.persistence.reference),
      model: persistenceSummary(r.persistence.model),
      modelGrounded: persistenceSummary(r.persistence.modelGrounded),
      copyLastFrame: persistenceSummary(r.persistence.copyLastFrame),
    },
    throughput: { machine: inp.machine, runs: inp.throughput },
    acceptance: {
      psnrBeatsCopyLastFrame: { from: TARGETS.beatCopyLastFromH, to: TARGETS.beatCopyLastToH, measuredTo: lastBeat, worstMarginDb, failingHorizons: failing, pass: failing.length > 0 ? false : lastBeat === TARGETS.beatCopyLastToH && worstMarginDb !== null ? true : null },
      psnrDbAt: Object.fromEntries(Object.entries(TARGETS.psnrDbAt).map(([h, target]) => [`h${h}`, verdict(target, at(Number(h)), true)])),
      controllability: verdict(TARGETS.controllability, control.rate, true),
      groundedPersistenceErrorRate: verdict(TARGETS.persistenceErrorRate, grounded, false),
    },
    episodes: r.episodes,
    timing: { ...r.seconds, episodesPerS: r.episodes.length / r.seconds.total },
  };
}

export type EvalModelReport = ReturnType<typeof buildReport>;
