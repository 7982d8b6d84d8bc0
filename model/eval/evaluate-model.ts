/**
 * The world model's evaluation against the reference renderer on held-out episodes (issue 4):
 *
 * 1. fidelity: from each episode's first K true frames, the model rolls out H frames given the
 *    true ego trajectory, ungrounded and grounded (with the true layout); PSNR and SSIM of every
 *    predicted frame against the rendered one, per horizon step, next to copy-last-frame;
 * 2. object persistence: actors found by colour in each predicted frame against the true
 *    projected layout (object-persistence.ts), for both cameras, copy-last-frame and, as the
 *    detector's own error floor, the reference frames themselves;
 * 3. controllability: from the same context, counterfactual plan pairs (controllability.ts).
 *
 * A thin orchestrator: episodes are made, rolled out and scored `chunk` at a time so that the
 * model runs batched and memory stays bounded; every number comes from the modules it calls.
 */
import { detectActors, DEFAULT_DETECTION_OPTIONS, type DetectionOptions } from './actor-detection';
import { planPairs, scorePair, type PairKind, type PairOutcome } from './controllability';
import type { PlanName } from './counterfactual-plan';
import { counterfactualFuture, type CounterfactualFuture } from './counterfactual-rollout';
import type { FramePredictor, RolloutRequest } from './frame-predictor';
import { HorizonCurve } from './horizon-curve';
import { psnrDb, psnrForMeanDb, ssim } from './image-metrics';
import { addPersistence, DEFAULT_PERSISTENCE_OPTIONS, emptyPersistence, framePersistence, type PersistenceOptions, type PersistenceTotals } from './object-persistence';
import { projectActors, type ProjectedActor } from './projected-actors';
import { episodeRequest } from './rollout-request';
import { classesAt, frameAt, loadEvalEpisode, type EpisodeRef, type EpisodeSourceOptions, type EvalEpisode } from './test-episodes';

export interface EvaluationOptions {
  readonly source: EpisodeSourceOptions;
  /** The episodes judged (splitEpisodes, or a dataset's split: dataset-source.ts). */
  readonly episodes: readonly EpisodeRef[];
  /** Rollout length H, frames after the K context frames. */
  readonly horizon: number;
  /** Rollout length of the controllability pairs, frames. */
  readonly controlHorizon: number;
  /** Episodes made and rolled out together (the model's batch). */
  readonly chunk: number;
  readonly detection?: DetectionOptions;
  readonly persistence?: PersistenceOptions;
  /** Called with every episode once made, before it is judged (e.g. to check it against a dataset). */
  readonly onEpisode?: (e: EvalEpisode) => void;
  /** Called after each chunk with the episodes done. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The cameras compared: the model without and with the layout, and the baseline. */
export const CAMERAS = ['model', 'modelGrounded', 'copyLastFrame'] as const;
export type CameraName = (typeof CAMERAS)[number];

export interface EpisodeSummary {
  readonly index: number;
  readonly family: string;
  readonly scenario: string;
  /** Mean PSNR over the horizon per camera, dB (frames capped at PSNR_CAP_DB). */
  readonly meanPsnrDb: Readonly<Record<CameraName, number>>;
}

export interface ControlOutcome extends PairOutcome {
  readonly episode: number;
  readonly kind: PairKind;
  readonly a: PlanName;
  readonly b: PlanName;
  /** The same pair answered by copy-last-frame (chance level). */
  readonly baselineCorrect: number;
  /** Ego speed and lateral travel at the end of each plan (what the two plans did). */
  readonly endSpeedMps: readonly [number, number];
  readonly endLateralM: readonly [number, number];
}

export interface EvaluationResult {
  readonly episodes: readonly EpisodeSummary[];
  readonly horizon: number;
  readonly psnrDb: Readonly<Record<CameraName, (number | null)[]>>;
  readonly ssim: Readonly<Record<CameraName, (number | null)[]>>;
  readonly persistence: Readonly<Record<CameraName | 'reference', PersistenceTotals>>;
  readonly controlHorizon: number;
  readonly control: readonly ControlOutcome[];
  /** Wall time, s: making episodes (simulation, rendering, counterfactuals), the predictors, scoring. */
  readonly seconds: { readonly total: number; readonly reference: number; readonly predict: number; readonly score: number };
}

function elapsedS(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e9;
}

interface PairJob {
  readonly episode: EvalEpisode;
  readonly kind: PairKind;
  readonly a: CounterfactualFuture;
  readonly b: CounterfactualFuture;
}

export async function evaluateModel(model: FramePredictor, baseline: FramePredictor, o: EvaluationOptions): Promise<EvaluationResult> {
  const started = process.hrtime.bigint();
  const K = model.contextFrames;
  const H = o.horizon;
  const { widthPx, heightPx } = model;
  if (o.source.widthPx !== widthPx || o.source.heightPx !== heightPx) {
    throw new RangeError(`evaluateModel: the model makes ${widthPx}x${heightPx} frames, the episodes are ${o.source.widthPx}x${o.source.heightPx}`);
  }
  if (!Number.isInteger(o.chunk) || o.chunk < 1) throw new RangeError(`evaluateModel: chunk must be an integer >= 1, got ${o.chunk}`);
  const detection = o.detection ?? DEFAULT_DETECTION_OPTIONS;
  const persistenceOptions = o.persistence ?? DEFAULT_PERSISTENCE_OPTIONS;
  const frameBytes = widthPx * heightPx * 3;
  const psnr = { model: new HorizonCurve(H), modelGrounded: new HorizonCurve(H), copyLastFrame: new HorizonCurve(H) };
  const similarity = { model: new HorizonCurve(H), modelGrounded: new HorizonCurve(H), copyLastFrame: new HorizonCurve(H) };
  const persistence = { reference: emptyPersistence(), model: emptyPersistence(), modelGrounded: emptyPersistence(), copyLastFrame: emptyPersistence() };
  const episodes: EpisodeSummary[] = [];
  const control: ControlOutcome[] = [];
  const seconds = { reference: 0, predict: 0, score: 0 };
  const refs = o.episodes;
  if (refs.length === 0) throw new RangeError('evaluateModel: no episodes to judge');

  for (let start = 0; start < refs.length; start += o.chunk) {
    let t = process.hrtime.bigint();
    const chunk = refs.slice(start, start + o.chunk).map((ref) => loadEvalEpisode(o.source, ref, K + H));
    if (o.onEpisode) chunk.forEach(o.onEpisode);
    const pairs: PairJob[] = [];
    for (const e of chunk) {
      for (const pair of planPairs(e, K - 1)) {
        const a = counterfactualFuture(e, model, pair.a, o.controlHorizon);
        const b = counterfactualFuture(e, model, pair.b, o.controlHorizon);
        if (a !== null && b !== null) pairs.push({ episode: e, kind: pair.kind, a, b });
      }
    }
    seconds.reference += elapsedS(t);

    t = process.hrtime.bigint();
    const ungrounded = chunk.map((e) => episodeRequest(e, model, H, false));
    const grounded = chunk.map((e) => episodeRequest(e, model, H, true));
    const predicted = await model.rollout([...ungrounded, ...grounded], H);
    const copied = await baseline.rollout(ungrounded, H);
    const controlRequests: RolloutRequest[] = pairs.flatMap((p) => [p.a.request, p.b.request]);
    const controlPredicted = controlRequests.length > 0 ? await model.rollout(controlRequests, o.controlHorizon) : [];
    const controlCopied = controlRequests.length > 0 ? await baseline.rollout(controlRequests, o.controlHorizon) : [];
    seconds.predict += elapsedS(t);

    t = process.hrtime.bigint();
    chunk.forEach((e, i) => {
      const outputs: Record<CameraName, Uint8Array> = { model: predicted[i], modelGrounded: predicted[chunk.length + i], copyLastFrame: copied[i] };
      const sums: Record<CameraName, number> = { model: 0, modelGrounded: 0, copyLastFrame: 0 };
      for (let h = 1; h <= H; h++) {
        const frame = K - 1 + h;
        const truth = frameAt(e, frame);
        const actors: ProjectedActor[] = projectActors(e.worlds[frame], e.camera, classesAt(e, frame));
        addPersistence(persistence.reference, framePersistence(detectActors(truth, widthPx, heightPx, e.appearance.light, detection), actors, persistenceOptions));
        for (const cam of CAMERAS) {
          const pred = outputs[cam].subarray((h - 1) * frameBytes, h * frameBytes);
          const p = psnrForMeanDb(psnrDb(pred, truth, widthPx, heightPx));
          psnr[cam].add(h, p);
          similarity[cam].add(h, ssim(pred, truth, widthPx, heightPx));
          sums[cam] += p;
          addPersistence(persistence[cam], framePersistence(detectActors(pred, widthPx, heightPx, e.appearance.light, detection), actors, persistenceOptions));
        }
      }
      episodes.push({
        index: e.ref.index,
        family: e.ref.family,
        scenario: e.plan.spec.name,
        meanPsnrDb: { model: sums.model / H, modelGrounded: sums.modelGrounded / H, copyLastFrame: sums.copyLastFrame / H },
      });
    });
    pairs.forEach((p, i) => {
      const s = scorePair(controlPredicted[2 * i], controlPredicted[2 * i + 1], p.a.reference, p.b.reference, o.controlHorizon, widthPx, heightPx);
      const c = scorePair(controlCopied[2 * i], controlCopied[2 * i + 1], p.a.reference, p.b.reference, o.controlHorizon, widthPx, heightPx);
      control.push({
        episode: p.episode.ref.index,
        kind: p.kind,
        a: p.a.plan,
        b: p.b.plan,
        referenceSeparationDb: s.referenceSeparationDb,
        informative: s.informative,
        correctA: s.correctA,
        correctB: s.correctB,
        marginA: s.marginA,
        marginB: s.marginB,
        positionA: s.positionA,
        positionB: s.positionB,
        baselineCorrect: (c.correctA ? 1 : 0) + (c.correctB ? 1 : 0),
        endSpeedMps: [p.a.endSpeedMps, p.b.endSpeedMps],
        endLateralM: [p.a.endLateralM, p.b.endLateralM],
      });
    });
    seconds.score += elapsedS(t);
    o.onProgress?.(Math.min(refs.length, start + o.chunk), refs.length);
  }
  return {
    episodes,
    horizon: H,
    psnrDb: { model: psnr.model.means(), modelGrounded: psnr.modelGrounded.means(), copyLastFrame: psnr.copyLastFrame.means() },
    ssim: { model: similarity.model.means(), modelGrounded: similarity.modelGrounded.means(), copyLastFrame: similarity.copyLastFrame.means() },
    persistence,
    controlHorizon: o.controlHorizon,
    control,
    seconds: { total: elapsedS(started), ...seconds },
  };
}
