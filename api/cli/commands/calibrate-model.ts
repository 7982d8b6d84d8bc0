/**
 * `dreamdrive calibrate-model`: fits the world model's anchored-decoding gains per horizon step
 * (model/runtime/anchor-gains.ts) on generated validation episodes and writes them into the model
 * card (`decoding`), atomically. The test split, which eval-model judges, is never read.
 */
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadLibraryScenarios } from '../../../model/dataset/generate';
import { AnchorGainFit, type PannedAnchors } from '../../../model/eval/anchor-gain-fit';
import { episodeRequest } from '../../../model/eval/rollout-request';
import { episodeDefaults, generatedSource } from '../../../model/eval/generated-source';
import { EpisodeSourceError, frameAt, loadEvalEpisode, splitEpisodes } from '../../../model/eval/test-episodes';
import { DEFAULT_MAX_BATCH, worldModelPredictor } from '../../../model/eval/world-model-predictor';
import { ANCHOR_GAINS_FIELD, type AnchorGains, type GainSeries } from '../../../model/runtime/anchor-gains';
import { rolloutMaps } from '../../../model/runtime/anchor-warp';
import type { CameraModel } from '../../../sim/render/camera-model';
import { reproject } from '../../../model/runtime/ego-reprojection';
import type { RolloutRequest } from '../../../model/eval/frame-predictor';
import { MODEL_CARD_FILE } from '../../../model/runtime/model-card';
import { rgbToUnit, unitToRgb } from '../../../model/runtime/rgb-tensor';
import { loadWorldModel } from '../../../model/runtime/world-model';
import { writeFileAtomic } from '../../atomic-write';
import { intOption, parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { createProgress } from '../progress';
import type { Command } from './command';
import { DEFAULT_HORIZON, guidanceOption, modelDirOf } from './eval-model';

/** Validation episodes fitted on (48 x 50 frames: ~20 s on 2 cores for the shipped model). */
export const DEFAULT_CALIBRATION_EPISODES = 48;

const USAGE = `usage: dreamdrive calibrate-model [options]

  --model DIR      model folder (default: the shipped model/weights)
  --episodes N     validation episodes fitted on (default ${DEFAULT_CALIBRATION_EPISODES})
  --horizon H      rollout length, frames; later steps use the last gain (default ${DEFAULT_HORIZON})
  --batch B        rollouts per model call (default ${DEFAULT_MAX_BATCH})
  --guidance T,L   classifier-free guidance scales of the trajectory and the layout to fit
                   with and write into the card (default: the card's; model/runtime/guidance.ts)
  --pan            also fit pan gains: shares of the last frame and of its tokenizer residual shown
                   reprojected by the commanded ego motion (c_h, d_h); retrain the layout refiner
                   after it (it learns on the grounded frames these gains make)
  --threads N      onnxruntime threads (default: the number of cores)
  --dry-run        print the gains, leave the card as it is

Rolls the model out from generated episodes of the val split (seed and length of the training
data, from the card), ungrounded and grounded, decoding directly, and fits per horizon step h the
gains (a_h, b_h) that bring last + a_h (decoded_h - last) + b_h (last - decode(encode(last)))
closest in mean square to the true frame (model/runtime/anchor-gains.ts), with --pan also
c_h (W_h(last) - last) + d_h (W_h(residual) - residual). Writes
model_card.json's ${ANCHOR_GAINS_FIELD} (and how it was fitted); eval-model and the model camera then use them.
Exit 0; 1 for a bad model; 2 for usage errors.`;

const fmt = (g: GainSeries) =>
  [1, 2, 5, 10, 20, 30, 50]
    .filter((h) => h <= g.change.length)
    .map((h) => `h${h} ${[g.change, g.residual, ...(g.pan !== undefined && g.panResidual !== undefined ? [g.pan, g.panResidual] : [])].map((s) => s[h - 1].toFixed(2)).join('/')}`)
    .join(', ');

const round4 = (s: readonly number[]) => s.map((v) => Math.round(v * 1e4) / 1e4);

/** The card's form of a series (snake_case keys, 4 decimals). */
function cardSeries(g: GainSeries): Record<string, number[]> {
  const out: Record<string, number[]> = { change: round4(g.change), residual: round4(g.residual) };
  if (g.pan !== undefined && g.panResidual !== undefined) Object.assign(out, { pan: round4(g.pan), pan_residual: round4(g.panResidual) });
  return out;
}

/**
 * The last frame and its reconstruction reprojected at every step of a rollout of `request`, by
 * the motion its trajectory commands since the last real frame (as model-rollout.ts shows them).
 */
function pannedAnchors(request: RolloutRequest, last: Uint8Array, decodedLast: Uint8Array, info: { readonly camera: CameraModel; readonly contextFrames: number; readonly futureSteps: number }, horizon: number): PannedAnchors {
  const { camera } = info;
  const n = last.length;
  const out = { last: new Uint8Array(horizon * n), decodedLast: new Uint8Array(horizon * n) };
  rolloutMaps(camera, request.trajectory, info.contextFrames, info.futureSteps, horizon).forEach((map, h) => {
    reproject(last, camera.widthPx, camera.heightPx, map, out.last.subarray(h * n, (h + 1) * n));
    reproject(decodedLast, camera.widthPx, camera.heightPx, map, out.decodedLast.subarray(h * n, (h + 1) * n));
  });
  return out;
}

export const calibrateModelCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('calibrate-model', argv, {
      model: { type: 'string' },
      episodes: { type: 'string' },
      horizon: { type: 'string' },
      batch: { type: 'string' },
      guidance: { type: 'string' },
      threads: { type: 'string' },
      pan: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    });
    if (positionals.length > 0) throw new CliError(`dreamdrive calibrate-model: unexpected argument '${positionals[0]}' (see 'dreamdrive calibrate-model --help')`, 2);
    const count = intOption('calibrate-model', 'episodes', values.episodes, DEFAULT_CALIBRATION_EPISODES, 1);
    const horizon = intOption('calibrate-model', 'horizon', values.horizon, DEFAULT_HORIZON, 1);
    const batch = intOption('calibrate-model', 'batch', values.batch, DEFAULT_MAX_BATCH, 1);
    const threads = intOption('calibrate-model', 'threads', values.threads, availableParallelism(), 1);
    const dir = modelDirOf('calibrate-model', values.model);
    const started = Date.now();
    const model = await loadWorldModel(dir, { threads });
    try {
      const info = model.info;
      const K = info.contextFrames;
      const { seed, steps } = episodeDefaults(info, horizon);
      const library = loadLibraryScenarios();
      const source = generatedSource(info, 'val', library, seed, steps);
      let refs;
      try {
        refs = splitEpisodes(seed, 'val', count, library);
      } catch (err) {
        if (err instanceof EpisodeSourceError) throw new CliError(`dreamdrive calibrate-model: ${err.message}`, 1);
        throw err;
      }
      const guidance = guidanceOption('calibrate-model', values.guidance, info);
      // the gains are fitted on the frames a refiner gets as input, so never through the refiner
      const predictor = worldModelPredictor(model, batch, { anchored: false, guidance, refine: false });
      const frameBytes = info.frame.widthPx * info.frame.heightPx * 3;
      const pan = values.pan === true;
      const fits = { ungrounded: new AnchorGainFit(horizon, frameBytes, pan), grounded: new AnchorGainFit(horizon, frameBytes, pan) };
      const progress = createProgress('episodes', refs.length, process.stderr, true);
      for (let start = 0; start < refs.length; start += batch) {
        const episodes = refs.slice(start, start + batch).map((ref) => loadEvalEpisode(source, ref, K + horizon));
        const requests = [...episodes.map((e) => episodeRequest(e, predictor, horizon, false)), ...episodes.map((e) => episodeRequest(e, predictor, horizon, true))];
        const decoded = await predictor.rollout(requests, horizon);
        const lasts = new Uint8Array(episodes.length * frameBytes);
        episodes.forEach((e, i) => lasts.set(frameAt(e, K - 1), i * frameBytes));
        const decodedLasts = unitToRgb(await model.decode(await model.encode(rgbToUnit(lasts), episodes.length), episodes.length));
        episodes.forEach((e, i) => {
          const last = lasts.subarray(i * frameBytes, (i + 1) * frameBytes);
          const decodedLast = decodedLasts.subarray(i * frameBytes, (i + 1) * frameBytes);
          const truth = e.rgb.subarray(K * frameBytes, (K + horizon) * frameBytes);
          // both cameras' requests carry the same trajectory, so the same reprojections
          const pans = pan ? pannedAnchors(requests[i], last, decodedLast, info, horizon) : undefined;
          fits.ungrounded.add(decoded[i], truth, last, decodedLast, pans);
          fits.grounded.add(decoded[episodes.length + i], truth, last, decodedLast, pans);
        });
        progress.tick(Math.min(refs.length, start + batch));
      }
      progress.finish();
      const gains: AnchorGains = { ungrounded: fits.ungrounded.gains(), grounded: fits.grounded.gains() };
      const guided = guidance !== null ? `, guidance ${guidance.trajectory},${guidance.layout}` : '';
      const lines = [`anchor gains (change/residual${pan ? '/pan/pan residual' : ''}) of ${resolve(dir)} from ${refs.length} val episodes (seed ${seed}), horizon ${horizon}${guided}, ${((Date.now() - started) / 1000).toFixed(1)} s:`, `  ungrounded: ${fmt(gains.ungrounded)}`, `  grounded:   ${fmt(gains.grounded)}`];
      if (values['dry-run'] !== true) {
        const path = join(dir, MODEL_CARD_FILE);
        const card = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
        const decoding = {
          anchor_gains: { ungrounded: cardSeries(gains.ungrounded), grounded: cardSeries(gains.grounded) },
          ...(guidance !== null ? { guidance } : {}),
          fitted: { command: `dreamdrive calibrate-model ${argv.join(' ')}`.trim(), createdAt: new Date().toISOString(), split: 'val', episodes: refs.length, seed, steps, horizon, pan },
        };
        writeFileAtomic(path, `${JSON.stringify({ ...card, decoding }, null, 1)}\n`);
        lines.push(`wrote ${path} (${ANCHOR_GAINS_FIELD})`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      await model.release();
    }
  },
};
