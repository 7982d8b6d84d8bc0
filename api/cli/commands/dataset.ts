/**
 * `dreamdrive dataset`: randomised episodes (library scenarios plus procedural roads, traffic,
 * pedestrians and varied ego driving) rendered by the reference camera and written as numpy shards
 * for the world model's trainer (model/dataset/FORMAT.md). Reruns resume.
 */
import { availableParallelism } from 'node:os';
import { DatasetError, DEFAULT_SHARD_EPISODES, DEFAULT_STEPS } from '../../../model/dataset/dataset-config';
import { generateDataset } from '../../../model/dataset/generate';
import { MAX_SUPERSAMPLE } from '../../../sim/render/renderer';
import { intOption, parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { createProgress } from '../progress';
import type { Command } from './command';
import { parseSize } from './render';

const USAGE = `usage: dreamdrive dataset --out DIR --episodes N [options]

  --out DIR            output folder: manifest.json and shard_00000/ ... (created if missing)
  --episodes N         number of episodes
  --size WxH           frame size in pixels (default 64x64)
  --seed S             generator seed (default 0); episode i depends only on (S, i)
  --steps T            frames per episode at 10 Hz (default ${DEFAULT_STEPS})
  --workers N          worker threads (default: the number of cores)
  --shard-episodes E   episodes per shard (default ${DEFAULT_SHARD_EPISODES})
  --supersample N      anti-aliasing samples per pixel side (default 2)

Rerunning with the same arguments skips complete shards and redoes incomplete ones.`;

export const datasetCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('dataset', argv, {
      out: { type: 'string' },
      episodes: { type: 'string' },
      size: { type: 'string' },
      seed: { type: 'string' },
      steps: { type: 'string' },
      workers: { type: 'string' },
      'shard-episodes': { type: 'string' },
      supersample: { type: 'string' },
    });
    if (positionals.length > 0) throw new CliError(`dreamdrive dataset: unexpected argument '${positionals[0]}' (see 'dreamdrive dataset --help')`, 2);
    if (values.out === undefined) throw new CliError('dreamdrive dataset: --out DIR is required', 2);
    if (values.episodes === undefined) throw new CliError('dreamdrive dataset: --episodes N is required', 2);
    const size = parseSize('dataset', values.size) ?? { widthPx: 64, heightPx: 64 };
    if (size.widthPx < 8 || size.heightPx < 8) throw new CliError(`dreamdrive dataset: --size must be at least 8x8, got '${values.size}'`, 2);
    const supersample = intOption('dataset', 'supersample', values.supersample, 2, 1);
    if (supersample > MAX_SUPERSAMPLE) throw new CliError(`dreamdrive dataset: --supersample must be at most ${MAX_SUPERSAMPLE}, got ${supersample}`, 2);
    const args = {
      episodes: intOption('dataset', 'episodes', values.episodes, 0, 1),
      seed: intOption('dataset', 'seed', values.seed, 0),
      steps: intOption('dataset', 'steps', values.steps, DEFAULT_STEPS, 1),
      widthPx: size.widthPx,
      heightPx: size.heightPx,
      shardEpisodes: intOption('dataset', 'shard-episodes', values['shard-episodes'], DEFAULT_SHARD_EPISODES, 1),
      supersample,
    };
    const workers = intOption('dataset', 'workers', values.workers, availableParallelism(), 1);
    const progress = createProgress('frames', args.episodes * args.steps);
    const startMs = Date.now();
    let result;
    try {
      result = await generateDataset({ outDir: values.out, args, workers, onFrames: (done) => progress.tick(done) });
    } catch (err) {
      if (err instanceof DatasetError) throw new CliError(`dreamdrive ${err.message}`, 1);
      throw err;
    }
    progress.finish();
    const seconds = (Date.now() - startMs) / 1000;
    const m = result.manifest;
    const fps = result.framesWritten / Math.max(seconds, 1e-3);
    process.stdout.write(
      `${args.episodes} episodes x ${args.steps} frames (${args.widthPx}x${args.heightPx}) in ${values.out}: ` +
        `${result.shardsWritten} shards written, ${result.shardsSkipped} already complete; ${seconds.toFixed(1)} s, ${fps.toFixed(0)} frames/s with ${workers} workers\n` +
        `splits: train ${m.splits.counts.train}, val ${m.splits.counts.val}, test ${m.splits.counts.test} (held out: ${m.splits.heldOutFamilies.join(', ')}); ` +
        `library ${m.generator.libraryEpisodes}, procedural ${m.generator.proceduralEpisodes}\n`,
    );
    return 0;
  },
};
