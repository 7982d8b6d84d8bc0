/**
 * `dreamdrive model-rollouts`: the world model's rollouts on generated episodes, grounded and
 * ungrounded, written as numpy arrays beside the frames the reference renderer drew, the layouts it
 * drew them from and the last real frame reprojected by the commanded ego motion: the training data
 * of the layout refiner (model/train/refiner.py), which learns to turn the frames the runtime really
 * shows (calibrated anchored decoding, 8-bit) into the reference frames. Taking them from the
 * runtime itself, not a Python copy of it, keeps that stage's input exactly what it will see. A
 * model that already has a refiner writes its frames before it.
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { LAYOUT_WIDTH } from '../../../model/dataset/actor-layout';
import { loadLibraryScenarios } from '../../../model/dataset/generate';
import { encodeNpy } from '../../../model/dataset/npy';
import { SPLITS, type Split } from '../../../model/dataset/splits';
import { episodeRequest } from '../../../model/eval/rollout-request';
import { episodeDefaults, generatedSource } from '../../../model/eval/generated-source';
import { describeFilter, EpisodeSourceError, loadEvalEpisode, splitEpisodes } from '../../../model/eval/test-episodes';
import { DEFAULT_MAX_BATCH, worldModelPredictor } from '../../../model/eval/world-model-predictor';
import { rolloutMaps } from '../../../model/runtime/anchor-warp';
import { reproject } from '../../../model/runtime/ego-reprojection';
import { loadWorldModel } from '../../../model/runtime/world-model';
import { writeFileAtomic } from '../../atomic-write';
import { intOption, parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { createProgress } from '../progress';
import type { Command } from './command';
import { DEFAULT_HORIZON, familyOption, modelDirOf } from './eval-model';

/** Training episodes rolled out by default (x 50 frames, both cameras). */
export const DEFAULT_ROLLOUT_EPISODES = 400;

const USAGE = `usage: dreamdrive model-rollouts --out DIR [options]

  --out DIR        folder for pred.npy, free.npy, warped.npy, truth.npy, classes.npy, layout.npy, rollouts.json
  --model DIR      model folder (default: the shipped model/weights)
  --split S        episodes of this split (default train; ${SPLITS.join(', ')})
  --episodes N     episodes, one rollout from the first K frames of each (default ${DEFAULT_ROLLOUT_EPISODES})
  --family LIST    only episodes of these scenario families (comma-separated, e.g. library:cut_in)
  --exclude-family LIST  no episodes of these families (e.g. one held out of a refiner's training
                   rollouts, to choose it by how it does on that family)
  --horizon H      predicted frames per rollout (default ${DEFAULT_HORIZON})
  --batch B        rollouts per model call (default ${DEFAULT_MAX_BATCH})
  --threads N      onnxruntime threads (default: the number of cores)

Generates the split's episodes (seed and length of the training data, from the card), rolls the
model out with its card's decoding and writes (N,H,64,64,3) uint8 frames: grounded predictions
(pred.npy), ungrounded ones (free.npy), the last context frame reprojected by the ego motion
commanded up to each step (warped.npy, model/runtime/anchor-warp.ts) and the reference frames
(truth.npy); the reference frames' (N,H,64,64) uint8 class maps (classes.npy, semantic ids of
sim/render/semantic-classes.ts); the (N,H,M,7) float32 layout of each predicted frame in its own
ego frame (layout.npy) and what made them (rollouts.json). Each file is written atomically. Exit 0; 1 for a
bad model; 2 for usage errors.`;

export const modelRolloutsCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('model-rollouts', argv, {
      out: { type: 'string' },
      model: { type: 'string' },
      split: { type: 'string' },
      episodes: { type: 'string' },
      family: { type: 'string' },
      'exclude-family': { type: 'string' },
      horizon: { type: 'string' },
      batch: { type: 'string' },
      threads: { type: 'string' },
    });
    if (positionals.length > 0) throw new CliError(`dreamdrive model-rollouts: unexpected argument '${positionals[0]}' (see 'dreamdrive model-rollouts --help')`, 2);
    if (values.out === undefined) throw new CliError('dreamdrive model-rollouts: --out DIR is required', 2);
    const split = values.split ?? 'train';
    if (!(SPLITS as readonly string[]).includes(split)) throw new CliError(`dreamdrive model-rollouts: --split must be one of ${SPLITS.join(', ')}, got '${split}'`, 2);
    const count = intOption('model-rollouts', 'episodes', values.episodes, DEFAULT_ROLLOUT_EPISODES, 1);
    const horizon = intOption('model-rollouts', 'horizon', values.horizon, DEFAULT_HORIZON, 1);
    const batch = intOption('model-rollouts', 'batch', values.batch, DEFAULT_MAX_BATCH, 1);
    const threads = intOption('model-rollouts', 'threads', values.threads, availableParallelism(), 1);
    const library = loadLibraryScenarios();
    const filter = familyOption('model-rollouts', values.family, values['exclude-family'], library);
    const dir = modelDirOf('model-rollouts', values.model);
    const out = resolve(values.out);
    const started = Date.now();
    const model = await loadWorldModel(dir, { threads });
    try {
      const info = model.info;
      const K = info.contextFrames;
      const M = info.layoutSlots;
      const { seed, steps } = episodeDefaults(info, horizon);
      const source = generatedSource(info, split as Split, library, seed, steps);
      let refs;
      try {
        refs = splitEpisodes(seed, split as Split, count, library, filter);
      } catch (err) {
        if (err instanceof EpisodeSourceError) throw new CliError(`dreamdrive model-rollouts: ${err.message}`, 1);
        throw err;
      }
      const predictor = worldModelPredictor(model, batch, { refine: false });
      const pixels = info.frame.widthPx * info.frame.heightPx;
      const frameBytes = pixels * 3;
      const rolloutBytes = horizon * frameBytes;
      const layRow = M * LAYOUT_WIDTH;
      const F = info.futureSteps;
      const pred = new Uint8Array(refs.length * rolloutBytes);
      const free = new Uint8Array(refs.length * rolloutBytes);
      const warped = new Uint8Array(refs.length * rolloutBytes);
      const truth = new Uint8Array(refs.length * rolloutBytes);
      const classes = new Uint8Array(refs.length * horizon * pixels);
      const layout = new Float32Array(refs.length * horizon * layRow);
      const progress = createProgress('episodes', refs.length, process.stderr, true);
      for (let start = 0; start < refs.length; start += batch) {
        const episodes = refs.slice(start, start + batch).map((ref) => loadEvalEpisode(source, ref, K + horizon));
        const requests = episodes.map((e) => episodeRequest(e, predictor, horizon, true));
        const frames = await predictor.rollout([...requests, ...requests.map((r) => ({ ...r, layout: null }))], horizon);
        episodes.forEach((e, i) => {
          const n = start + i;
          pred.set(frames[i], n * rolloutBytes);
          free.set(frames[episodes.length + i], n * rolloutBytes);
          const last = e.rgb.subarray((K - 1) * frameBytes, K * frameBytes);
          rolloutMaps(info.camera, requests[i].trajectory, K, F, horizon).forEach((map, h) => {
            const at = n * rolloutBytes + h * frameBytes;
            reproject(last, info.frame.widthPx, info.frame.heightPx, map, warped.subarray(at, at + frameBytes));
          });
          truth.set(e.rgb.subarray(K * frameBytes, (K + horizon) * frameBytes), n * rolloutBytes);
          classes.set(e.classes.subarray(K * pixels, (K + horizon) * pixels), n * horizon * pixels);
          // Request rows are frames 0 .. K + H - 1: the predicted frames' rows are K .. K + H - 1.
          layout.set(requests[i].layout!.subarray(K * layRow, (K + horizon) * layRow), n * horizon * layRow);
        });
        progress.tick(Math.min(refs.length, start + batch));
      }
      progress.finish();
      const shape = [refs.length, horizon, info.frame.heightPx, info.frame.widthPx, 3];
      writeFileAtomic(join(out, 'pred.npy'), encodeNpy('|u1', shape, pred));
      writeFileAtomic(join(out, 'free.npy'), encodeNpy('|u1', shape, free));
      writeFileAtomic(join(out, 'warped.npy'), encodeNpy('|u1', shape, warped));
      writeFileAtomic(join(out, 'truth.npy'), encodeNpy('|u1', shape, truth));
      writeFileAtomic(join(out, 'classes.npy'), encodeNpy('|u1', shape.slice(0, 4), classes));
      writeFileAtomic(join(out, 'layout.npy'), encodeNpy('<f4', [refs.length, horizon, M, LAYOUT_WIDTH], layout));
      const meta = {
        command: `dreamdrive model-rollouts ${argv.join(' ')}`.trim(),
        createdAt: new Date().toISOString(),
        model: resolve(dir),
        split,
        families: describeFilter(filter),
        seed,
        steps,
        contextFrames: K,
        horizon,
        camera: info.camera,
        episodes: refs.map((r) => r.index),
      };
      writeFileAtomic(join(out, 'rollouts.json'), `${JSON.stringify(meta, null, 1)}\n`);
      process.stdout.write(`wrote ${refs.length} grounded and ungrounded rollouts of ${horizon} frames (${split} episodes, seed ${seed}) of ${resolve(dir)} to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      return 0;
    } finally {
      await model.release();
    }
  },
};
