/**
 * `dreamdrive eval-model`: the world model judged against the reference renderer on held-out
 * episodes made on the fly (model/eval/): PSNR and SSIM per horizon step next to copy-last-frame,
 * controllability, object persistence, rollout throughput; writes report.json, psnr_horizon.png
 * and report.html, prints a summary (or the JSON with --json).
 */
import { cpus, availableParallelism } from 'node:os';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadLibraryScenarios } from '../../../model/dataset/generate';
import type { LibraryScenario } from '../../../model/dataset/episode-plan';
import { HELD_OUT_FAMILIES, SPLITS, type Split } from '../../../model/dataset/splits';
import { drawLineChart } from '../../../model/eval/chart/raster-chart';
import { evaluateModel } from '../../../model/eval/evaluate-model';
import { datasetSource } from '../../../model/eval/dataset-source';
import { buildReport, DECODING_MODES, type DecodingMode, type EvalModelReport, type SourceDescription } from '../../../model/eval/eval-report';
import { copyLastFramePredictor } from '../../../model/eval/frame-predictor';
import { DATASET_SUPERSAMPLE, DEFAULT_EPISODE_STEPS, episodeDefaults, generatedSource, trainingDataArguments } from '../../../model/eval/generated-source';
import { psnrChartSpec } from '../../../model/eval/psnr-chart';
import { reportHtml } from '../../../model/eval/report-html';
import { episodeRequest } from '../../../model/eval/rollout-request';
import { describeFilter, EpisodeSourceError, filtersFamilies, parseFamilies, splitEpisodes, type EpisodeRef, type EpisodeSourceOptions, type EvalEpisode, type FamilyFilter } from '../../../model/eval/test-episodes';
import { measureThroughput, type Throughput } from '../../../model/eval/throughput';
import { cardEvaluation, writeCardEvaluation } from '../../../model/eval/card-evaluation';
import { DEFAULT_MAX_BATCH, worldModelPredictor } from '../../../model/eval/world-model-predictor';
import { checkGuidance, parseGuidance, type Guidance } from '../../../model/runtime/guidance';
import type { ModelInfo } from '../../../model/runtime/model-card';
import { ModelError } from '../../../model/runtime/model-error';
import { defaultModelDir, loadWorldModel } from '../../../model/runtime/world-model';
import { encodePng } from '../../../sim/render/encode/png';
import { writeFileAtomic } from '../../atomic-write';
import { intOption, parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { createProgress } from '../progress';
import type { Command } from './command';

/**
 * 64 episodes, rollout_eval.py's default. Measured on the shared 2-core machine (load average
 * 7-11 from other jobs): 2.4 min with the 98k-parameter stand-in, 5.2 min with a full-size export
 * (682k-parameter dynamics), most of it the model's 11k predicted frames.
 */
export const DEFAULT_EPISODES = 64;
export const DEFAULT_HORIZON = 50;
/** Controllability rollouts: 2 s, long enough for brake/accelerate and a lane change to part. */
export const DEFAULT_CONTROL_HORIZON = 20;
/** Timed rollouts per batch size in the throughput measurement. */
const THROUGHPUT_REPEATS = 3;
const DEFAULT_OUT = join('eval-results', 'world-model');

const USAGE = `usage: dreamdrive eval-model [options]

  --model DIR          model folder (model_card.json + ONNX graphs), or a file in it
                       (default: the shipped model/weights)
  --data DIR           judge the episodes of this dataset folder's split (made again by the
                       generator and checked frame by frame against its frames.npy)
  --split NAME         test | val | train (default test: the held-out families
                       ${HELD_OUT_FAMILIES.join(', ')})
  --episodes N         episodes judged (default ${DEFAULT_EPISODES})
  --family LIST        only episodes of these scenario families (comma-separated, e.g.
                       library:cut_in,procedural:merge; not with --data)
  --exclude-family LIST  no episodes of these families
  --horizon H          predicted frames per rollout, 10 Hz (default ${DEFAULT_HORIZON} = 5 s)
  --control-horizon N  frames of each controllability rollout (default min(${DEFAULT_CONTROL_HORIZON}, H))
  --seed S             dataset generator seed (default: the training data's, from the model card, else 0)
  --steps T            frames per generated episode (default: the training data's if >= K + H, else ${DEFAULT_EPISODE_STEPS})
  --batch B            rollouts per model call (default ${DEFAULT_MAX_BATCH})
  --decode MODE        calibrated (the default where the card has anchor gains, from
                       'dreamdrive calibrate-model': anchored with the step's fitted share of the
                       predicted change and of the tokenizer residual) | anchored (the predicted
                       change added to the last real frame, the default otherwise;
                       model/runtime/model-rollout.ts) | direct (frames decoded on their own)
  --guidance T,L       classifier-free guidance scales of the trajectory and the layout
                       (default: the card's decoding.guidance, else 1,1 = none;
                       model/runtime/guidance.ts)
  --no-refiner         show the frames before the model's layout refiner (where it has one)
  --threads N          onnxruntime threads (default: the number of cores)
  --out DIR            report.json, psnr_horizon.png, report.html (default ${DEFAULT_OUT})
  --json               print the report as JSON instead of a summary
  --check              exit 1 when a measured acceptance target of issue 4 fails
  --card               also write a summary of the report into the model's model_card.json
                       (its 'evaluation' field), as shipped in model/weights

Without --data, episodes are generated with the dataset generator's code (no dataset needed):
episode i of the seed, kept when its split is the one asked for.
Exit 0; 1 for bad input (a model, a dataset) and, with --check, failed targets; 2 for usage errors.`;

/** The model folder of --model: a folder, or the folder of a file in it. */
export function modelDirOf(command: string, arg: string | undefined): string {
  if (arg === undefined) return defaultModelDir();
  if (!existsSync(arg)) throw new CliError(`dreamdrive ${command}: --model ${arg} does not exist`, 1);
  return statSync(arg).isDirectory() ? arg : dirname(arg);
}

/** --guidance T,L checked against the model (its card's guidance when absent); null: none. */
export function guidanceOption(command: string, arg: string | undefined, info: ModelInfo): Guidance | null {
  if (arg === undefined) return info.guidance;
  let g;
  try {
    g = parseGuidance(arg, `dreamdrive ${command}: --guidance`);
  } catch (err) {
    throw new CliError((err as Error).message, 2);
  }
  try {
    checkGuidance(g, info.card, `dreamdrive ${command}: --guidance`);
  } catch (err) {
    if (err instanceof ModelError) throw new CliError(err.message, 1);
    throw err;
  }
  return g;
}

/** --family / --exclude-family (comma-separated family names, checked) as a FamilyFilter. */
export function familyOption(command: string, only: string | undefined, except: string | undefined, library: readonly LibraryScenario[]): FamilyFilter {
  try {
    return {
      ...(only !== undefined ? { only: parseFamilies(only, `dreamdrive ${command}: --family`, library) } : {}),
      ...(except !== undefined ? { except: parseFamilies(except, `dreamdrive ${command}: --exclude-family`, library) } : {}),
    };
  } catch (err) {
    if (err instanceof EpisodeSourceError) throw new CliError(err.message, 2);
    throw err;
  }
}

function splitOption(value: string | undefined): Split {
  if (value === undefined) return 'test';
  const s = SPLITS.find((x) => x === value);
  if (s === undefined) throw new CliError(`dreamdrive eval-model: --split must be one of ${SPLITS.join(', ')}, got '${value}'`, 2);
  return s;
}

const fmt = (v: number | null, d = 2) => (v === null ? '-' : v.toFixed(d));
const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(1)} %`);
const verdict = (p: boolean | null) => (p === null ? 'not measured' : p ? 'pass' : 'FAIL');

function summary(report: EvalModelReport, paths: readonly string[]): string {
  const hz = report.horizon;
  const shown = [1, 5, 10, 20, 30, 50].filter((h) => h <= hz.h.length);
  if (!shown.includes(hz.h.length)) shown.push(hz.h.length);
  const row = (name: string, values: readonly (number | null)[], d: number) => `  ${name.padEnd(22)}${shown.map((h) => fmt(values[h - 1], d).padStart(8)).join('')}`;
  const c = report.controllability;
  const p = report.objectPersistence;
  const a = report.acceptance;
  const lines = [
    `world model ${report.model.dir} (${report.model.frame.widthPx}x${report.model.frame.heightPx}, K ${report.model.contextFrames}, ${report.model.decoding} decoding${report.model.refiner !== 'off' ? `, layout refiner (${report.model.refiner === 'both' ? 'both cameras' : 'grounded'})` : ''}${report.model.guidance !== null ? `, guidance ${report.model.guidance.trajectory},${report.model.guidance.layout}` : ''}): ${report.source.episodes} ${report.source.split} episodes (${report.source.data !== null ? `of ${report.source.data}, ` : ''}${report.source.families !== undefined ? `${report.source.families}, ` : ''}seed ${report.source.seed}, ${report.source.steps} steps), horizon ${hz.h.length}; ${report.timing.total.toFixed(1)} s`,
    `  ${'PSNR dB at h'.padEnd(22)}${shown.map((h) => String(h).padStart(8)).join('')}`,
    row('world model', hz.psnrDb.model, 2),
    row('world model, grounded', hz.psnrDb.modelGrounded, 2),
    row('copy last frame', hz.psnrDb.copyLastFrame, 2),
    `  ${'SSIM at h'.padEnd(22)}${shown.map((h) => String(h).padStart(8)).join('')}`,
    row('world model', hz.ssim.model, 3),
    row('world model, grounded', hz.ssim.modelGrounded, 3),
    row('copy last frame', hz.ssim.copyLastFrame, 3),
    `controllability (${c.horizon} frames): ${c.correct}/${c.trials} trials correct = ${pct(c.rate)} (brake/accelerate ${pct(c.byKind.longitudinal.rate)}, lane ${pct(c.byKind.lateral.rate)}; copy-last-frame ${pct(c.copyLastFrameRate)}; ${c.pairs - c.informativePairs} of ${c.pairs} pairs uninformative)`,
    `  response to the plan (median position between plan A's future = 0 and plan B's = 1; a trial is correct on its own side of 0.5): brake ${fmt(c.byKind.longitudinal.medianPositionA, 2)}, accelerate ${fmt(c.byKind.longitudinal.medianPositionB, 2)}; keep lane ${fmt(c.byKind.lateral.medianPositionA, 2)}, lane change ${fmt(c.byKind.lateral.medianPositionB, 2)}`,
    `object persistence, (hallucinated + vanished) / actor-frames: grounded ${pct(p.modelGrounded.errorRate)}, ungrounded ${pct(p.model.errorRate)}, copy-last-frame ${pct(p.copyLastFrame.errorRate)}, reference frames ${pct(p.reference.errorRate)} (the detector's floor; ${p.reference.actorFrames} actor-frames)`,
    `throughput: ${report.throughput.runs.map((t) => `batch ${t.batch} ${t.framesPerS.toFixed(0)} frames/s (${t.msPerFrame.toFixed(2)} ms/frame)`).join(', ')} on ${report.throughput.machine.cores} cores`,
    `acceptance: beats copy-last h${a.psnrBeatsCopyLastFrame.from}-${a.psnrBeatsCopyLastFrame.to} ${verdict(a.psnrBeatsCopyLastFrame.pass)}; ` +
      `${Object.entries(a.psnrDbAt).map(([h, v]) => `${h} ${fmt(v.value)} dB (>= ${v.target}) ${verdict(v.pass)}`).join('; ')}; ` +
      `controllability ${verdict(a.controllability.pass)}; grounded persistence ${verdict(a.groundedPersistenceErrorRate.pass)}`,
    `wrote ${paths.join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Any measured acceptance target that failed. */
function failedTargets(report: EvalModelReport): boolean {
  const a = report.acceptance;
  return [a.psnrBeatsCopyLastFrame.pass, ...Object.values(a.psnrDbAt).map((v) => v.pass), a.controllability.pass, a.groundedPersistenceErrorRate.pass].some((p) => p === false);
}

/** What to judge: episodes generated from the seed, or a dataset folder's split (checked frame by frame). */
interface EpisodeChoice {
  readonly source: EpisodeSourceOptions;
  readonly episodes: readonly EpisodeRef[];
  readonly description: SourceDescription;
  readonly verify: ((e: EvalEpisode) => void) | null;
}

function chooseEpisodes(values: { data?: string; seed?: string; steps?: string; family?: string; 'exclude-family'?: string }, info: ModelInfo, horizon: number, split: Split, count: number): EpisodeChoice {
  const K = info.contextFrames;
  const library = loadLibraryScenarios();
  const filter = familyOption('eval-model', values.family, values['exclude-family'], library);
  const filtered = filtersFamilies(filter);
  if (values.data !== undefined) {
    if (values.seed !== undefined || values.steps !== undefined) throw new CliError('dreamdrive eval-model: --data takes the seed and steps from DIR/manifest.json; drop --seed and --steps', 2);
    if (filtered) throw new CliError('dreamdrive eval-model: --family and --exclude-family choose generated episodes; drop --data', 2);
    let d;
    try {
      d = datasetSource(values.data, split, count, library);
    } catch (err) {
      if (err instanceof EpisodeSourceError) throw new CliError(`dreamdrive eval-model: ${err.message}`, 1);
      throw err;
    }
    const o = d.options;
    if (o.widthPx !== info.frame.widthPx || o.heightPx !== info.frame.heightPx) throw new CliError(`dreamdrive eval-model: the dataset's frames are ${o.widthPx}x${o.heightPx}, the model's ${info.frame.widthPx}x${info.frame.heightPx}`, 1);
    if (o.steps < K + horizon) throw new CliError(`dreamdrive eval-model: the dataset's episodes have ${o.steps} frames, too few for K + H = ${K} + ${horizon}; lower --horizon to at most ${o.steps - K}`, 1);
    return { source: o, episodes: d.episodes, description: { kind: 'dataset', data: resolve(values.data), seed: o.seed, steps: o.steps, split, heldOutFamilies: HELD_OUT_FAMILIES, supersample: o.supersample }, verify: (e) => d.verify(e) };
  }
  const defaults = episodeDefaults(info, horizon);
  const steps = intOption('eval-model', 'steps', values.steps, defaults.steps, 1);
  if (steps < K + horizon) throw new CliError(`dreamdrive eval-model: --steps ${steps} is too short for K + H = ${K} + ${horizon} frames`, 2);
  const seed = intOption('eval-model', 'seed', values.seed, defaults.seed);
  const source = generatedSource(info, split, library, seed, steps);
  let episodes;
  try {
    episodes = splitEpisodes(seed, split, count, library, filter);
  } catch (err) {
    if (err instanceof EpisodeSourceError) throw new CliError(`dreamdrive eval-model: ${err.message}`, 1);
    throw err;
  }
  const description = { kind: 'generated' as const, data: null, seed, steps, split, heldOutFamilies: HELD_OUT_FAMILIES, supersample: DATASET_SUPERSAMPLE };
  return { source, episodes, description: filtered ? { ...description, families: describeFilter(filter) } : description, verify: null };
}

export const evalModelCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('eval-model', argv, {
      model: { type: 'string' },
      data: { type: 'string' },
      family: { type: 'string' },
      'exclude-family': { type: 'string' },
      split: { type: 'string' },
      episodes: { type: 'string' },
      horizon: { type: 'string' },
      'control-horizon': { type: 'string' },
      seed: { type: 'string' },
      steps: { type: 'string' },
      batch: { type: 'string' },
      decode: { type: 'string' },
      guidance: { type: 'string' },
      'no-refiner': { type: 'boolean' },
      threads: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      check: { type: 'boolean' },
      card: { type: 'boolean' },
    });
    if (positionals.length > 0) throw new CliError(`dreamdrive eval-model: unexpected argument '${positionals[0]}' (see 'dreamdrive eval-model --help')`, 2);
    const split = splitOption(values.split);
    const count = intOption('eval-model', 'episodes', values.episodes, DEFAULT_EPISODES, 1);
    const horizon = intOption('eval-model', 'horizon', values.horizon, DEFAULT_HORIZON, 1);
    const controlHorizon = intOption('eval-model', 'control-horizon', values['control-horizon'], Math.min(DEFAULT_CONTROL_HORIZON, horizon), 1);
    const batch = intOption('eval-model', 'batch', values.batch, DEFAULT_MAX_BATCH, 1);
    const decodeArg = values.decode;
    if (decodeArg !== undefined && !DECODING_MODES.some((m) => m === decodeArg)) throw new CliError(`dreamdrive eval-model: --decode must be one of ${DECODING_MODES.join(', ')}, got '${decodeArg}'`, 2);
    const threads = intOption('eval-model', 'threads', values.threads, availableParallelism(), 1);
    const outDir = values.out ?? DEFAULT_OUT;
    const dir = modelDirOf('eval-model', values.model);
    const model = await loadWorldModel(dir, { threads });
    try {
      const info = model.info;
      const decode = (decodeArg as DecodingMode | undefined) ?? (info.anchorGains !== null ? 'calibrated' : 'anchored');
      if (decode === 'calibrated' && info.anchorGains === null) throw new CliError(`dreamdrive eval-model: --decode calibrated needs anchor gains in ${join(dir, 'model_card.json')}; run 'dreamdrive calibrate-model --model ${dir}' first`, 1);
      const anchored = decode !== 'direct';
      const gains = decode === 'calibrated' ? info.anchorGains : null;
      const guidance = guidanceOption('eval-model', values.guidance, info);
      const choice = chooseEpisodes(values, info, horizon, split, count);
      const refine = values['no-refiner'] !== true;
      const refiner = !refine || info.refiner === null ? 'off' : info.refiner.egoWarp ? 'both' : 'grounded';
      const predictor = worldModelPredictor(model, batch, { anchored, gains, guidance, refine });
      const baseline = copyLastFramePredictor(predictor);
      const progress = createProgress('episodes', choice.episodes.length, process.stderr, values.json !== true || process.stderr.isTTY === true);
      let first: EvalEpisode | null = null;
      let result;
      try {
        result = await evaluateModel(predictor, baseline, {
          source: choice.source,
          episodes: choice.episodes,
          horizon,
          controlHorizon,
          chunk: batch,
          onEpisode: (e) => {
            choice.verify?.(e);
            first ??= e;
          },
          onProgress: (done) => progress.tick(done),
        });
      } catch (err) {
        if (err instanceof EpisodeSourceError) throw new CliError(`dreamdrive eval-model: ${err.message}`, 1);
        throw err;
      }
      progress.finish();
      // Throughput on the first judged episode's real inputs, batch 1 and batch 8.
      const request = episodeRequest(first!, predictor, horizon, false);
      const throughput: Throughput[] = [];
      for (const b of [1, 8]) throughput.push(await measureThroughput(worldModelPredictor(model, b, { anchored, gains, guidance, refine }), request, b, horizon, THROUGHPUT_REPEATS));
      const report = buildReport({
        model: { dir: resolve(dir), name: info.name, frame: info.frame, contextFrames: info.contextFrames, futureSteps: info.futureSteps, layoutSlots: info.layoutSlots, decoding: decode, guidance, refiner, trainingData: trainingDataArguments(info.card) },
        source: choice.description,
        result,
        throughput,
        machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), node: process.version },
      });
      const paths = [join(outDir, 'report.json'), join(outDir, 'psnr_horizon.png'), join(outDir, 'report.html')];
      const json = `${JSON.stringify(report, null, 1)}\n`;
      writeFileAtomic(paths[0], json);
      const chart = drawLineChart(psnrChartSpec(report));
      writeFileAtomic(paths[1], encodePng(chart.rgb, chart.widthPx, chart.heightPx));
      writeFileAtomic(paths[2], reportHtml(report));
      if (values.card) paths.push(writeCardEvaluation(dir, cardEvaluation(report, `dreamdrive eval-model ${argv.join(' ')}`.trim(), new Date().toISOString())));
      process.stdout.write(values.json ? json : summary(report, paths));
      return values.check && failedTargets(report) ? 1 : 0;
    } finally {
      await model.release();
    }
  },
};
