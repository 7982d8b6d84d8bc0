/**
 * Would the geometry help the model's camera? Every predicted frame becomes a blend of the model's
 * frame B and the last context frame reprojected by the commanded ego motion A (flat ground, sky
 * at infinity: reprojection-predictor.ts), w A + (1 - w) B, with one weight per horizon step and
 * image row fitted by least squares on val episodes (the reprojection is exact for the road near
 * the ego and wrong at the horizon and on actors), then judged by eval-model's own code on test.
 *
 *   node dist/model/eval/diagnostics/reprojection-blend.js [model dir] [fit episodes=48] [test episodes=64]
 */
import { loadLibraryScenarios } from '../../dataset/generate';
import { loadWorldModel } from '../../runtime/world-model';
import { evaluateModel } from '../evaluate-model';
import { copyLastFramePredictor } from '../frame-predictor';
import { episodeDefaults, generatedSource } from '../generated-source';
import { episodeRequest } from '../rollout-request';
import { frameAt, loadEvalEpisode, splitEpisodes } from '../test-episodes';
import { worldModelPredictor } from '../world-model-predictor';
import { DEFAULT_CAMERA_MODEL } from '../../../sim/render/camera-model';
import { reprojectionPredictor } from './reprojection-predictor';
import { blendPredictor, RowBlendFit } from './row-blend';
import { diagnosticSummary } from './summary';

const HORIZON = 50;

async function main(): Promise<void> {
  const model = await loadWorldModel(process.argv[2], { threads: 2 });
  const fitEpisodes = Number(process.argv[3] ?? 48);
  const testEpisodes = Number(process.argv[4] ?? 64);
  const { widthPx, heightPx } = model.info.frame;
  const library = loadLibraryScenarios();
  const { seed, steps } = episodeDefaults(model.info, HORIZON);
  const shape = { contextFrames: model.info.contextFrames, futureSteps: model.info.futureSteps, layoutSlots: model.info.layoutSlots };
  const learned = worldModelPredictor(model);
  const geometric = reprojectionPredictor(DEFAULT_CAMERA_MODEL, shape);
  const fit = new RowBlendFit(HORIZON, widthPx, heightPx);
  const valSource = generatedSource(model.info, 'val', library, seed, steps);
  for (const ref of splitEpisodes(seed, 'val', fitEpisodes, library)) {
    const e = loadEvalEpisode(valSource, ref, shape.contextFrames + HORIZON);
    const req = episodeRequest(e, learned, HORIZON, false);
    const [[a], [b]] = [await geometric.rollout([req], HORIZON), await learned.rollout([req], HORIZON)];
    fit.add(a, b, (h) => frameAt(e, shape.contextFrames - 1 + h));
  }
  const w = fit.weights();
  const mean = (h: number, rows: [number, number]) => w.slice(h * heightPx + rows[0], h * heightPx + rows[1]).reduce((s, v) => s + v, 0) / (rows[1] - rows[0]);
  process.stdout.write(`reprojection weight, top / middle / bottom third of the rows, at h 1, 10, 50: ${[0, 9, 49].map((h) => [[0, 21], [21, 43], [43, 64]].map((r) => mean(h, r as [number, number]).toFixed(2)).join(' / ')).join(', ')}\n`);
  const result = await evaluateModel(blendPredictor(geometric, learned, w, HORIZON), copyLastFramePredictor({ ...shape, widthPx, heightPx }), {
    source: generatedSource(model.info, 'test', library, seed, steps),
    episodes: splitEpisodes(seed, 'test', testEpisodes, library),
    horizon: HORIZON,
    controlHorizon: 20,
    chunk: 8,
  });
  process.stdout.write(`${testEpisodes} test episodes\n${diagnosticSummary('blend', result)}\n`);
}

void main();
