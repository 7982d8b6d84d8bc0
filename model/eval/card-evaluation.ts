/**
 * The evaluation numbers a model card carries (issue 4: "a JSON card: architecture, training data,
 * steps, the evaluation numbers"): a summary of an eval-model report, written into the card's
 * `evaluation` field by `dreamdrive eval-model --card`. The full report stays in report.json; the
 * card keeps what a reader of the shipped model needs at a glance, with how it was measured.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../api/atomic-write';
import { MODEL_CARD_FILE } from '../runtime/model-card';
import type { EvalModelReport } from './eval-report';

/** Horizon steps whose PSNR and SSIM the card lists (the targets are at 1, 10 and 50). */
const CARD_HORIZONS = [1, 2, 5, 10, 20, 50];

export function cardEvaluation(report: EvalModelReport, command: string, createdAt: string) {
  const { horizon } = report;
  const pick = (series: readonly (number | null)[]) =>
    Object.fromEntries(CARD_HORIZONS.filter((h) => h <= horizon.h.length).map((h) => [`h${h}`, series[h - 1]]));
  const cameras = Object.keys(horizon.psnrDb) as (keyof typeof horizon.psnrDb)[];
  return {
    command,
    createdAt,
    decoding: report.model.decoding,
    guidance: report.model.guidance,
    source: report.source,
    psnrDb: Object.fromEntries(cameras.map((c) => [c, pick(horizon.psnrDb[c])])),
    ssim: Object.fromEntries(cameras.map((c) => [c, pick(horizon.ssim[c])])),
    controllability: {
      rate: report.controllability.rate,
      copyLastFrameRate: report.controllability.copyLastFrameRate,
      trials: report.controllability.trials,
      // each kind's median positions between plan A's future (0) and plan B's (1): how far the model follows the plan
      medianPositions: Object.fromEntries(Object.entries(report.controllability.byKind).map(([kind, s]) => [kind, [s.medianPositionA, s.medianPositionB]])),
    },
    objectPersistence: {
      modelGrounded: report.objectPersistence.modelGrounded.errorRate,
      model: report.objectPersistence.model.errorRate,
      copyLastFrame: report.objectPersistence.copyLastFrame.errorRate,
      reference: report.objectPersistence.reference.errorRate,
    },
    throughput: report.throughput,
    acceptance: report.acceptance,
  };
}

/** Replaces the `evaluation` field of the card in `modelDir`, atomically (the rest is kept as it is). */
export function writeCardEvaluation(modelDir: string, evaluation: ReturnType<typeof cardEvaluation>): string {
  const path = join(modelDir, MODEL_CARD_FILE);
  const card = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  writeFileAtomic(path, `${JSON.stringify({ ...card, evaluation }, null, 1)}\n`);
  return path;
}
