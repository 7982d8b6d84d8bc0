/**
 * What ego-motion geometry alone gives on eval-model's test episodes: every predicted frame is the
 * last context frame reprojected by the commanded motion (flat ground, sky at infinity), judged by
 * the evaluation's own code next to copy-last-frame.
 *
 *   node dist/model/eval/diagnostics/reprojection-baseline.js [episodes=64] [K=2]
 */
import { loadLibraryScenarios } from '../../dataset/generate';
import { DEFAULT_CAMERA_MODEL } from '../../../sim/render/camera-model';
import { evaluateModel } from '../evaluate-model';
import { copyLastFramePredictor } from '../frame-predictor';
import { splitEpisodes } from '../test-episodes';
import { reprojectionPredictor } from './reprojection-predictor';
import { diagnosticSummary } from './summary';

async function main(): Promise<void> {
  const episodes = Number(process.argv[2] ?? 64);
  const K = Number(process.argv[3] ?? 2);
  const library = loadLibraryScenarios();
  const { widthPx, heightPx } = DEFAULT_CAMERA_MODEL;
  const shape = { contextFrames: K, futureSteps: 4, layoutSlots: 16 };
  const predictor = reprojectionPredictor(DEFAULT_CAMERA_MODEL, shape);
  const result = await evaluateModel(predictor, copyLastFramePredictor({ ...shape, widthPx, heightPx }), {
    source: { seed: 0, steps: 100, widthPx, heightPx, supersample: 2, library, split: 'test' },
    episodes: splitEpisodes(0, 'test', episodes, library),
    horizon: 50,
    controlHorizon: 20,
    chunk: 8,
  });
  process.stdout.write(`ego reprojection, ${episodes} test episodes (seed 0), K ${K}\n${diagnosticSummary('reprojection', result)}\n`);
}

void main();
