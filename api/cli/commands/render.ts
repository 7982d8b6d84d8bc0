/**
 * `dreamdrive render <scenario>`: rolls a scenario out in closed loop and writes what the ego
 * camera sees (the reference renderer, sim/render, or with --camera model the world model) as PNG
 * frames and/or an animated GIF, with an optional top-down view beside it. With the model camera it
 * also writes each frame beside the reference frame and their amplified difference, and the PSNR
 * of every frame against the reference (psnr.csv, psnr.json).
 */
import { join } from 'node:path';
import { defaultPolicy, makePolicy } from '../../../eval/run-scenario';
import { psnrDb, psnrForMeanDb } from '../../../model/eval/image-metrics';
import { absDifferenceImage, DIFF_GAIN } from '../../../model/runtime/frame-difference';
import { instantiate } from '../../../scenarios/instantiate';
import { parseOverrides } from '../../../scenarios/parameters';
import { appearanceFromSeed, DEFAULT_APPEARANCE } from '../../../sim/render/appearance';
import { createBevRenderer } from '../../../sim/render/bev';
import type { CameraModel } from '../../../sim/render/camera-model';
import { encodeGif } from '../../../sim/render/encode/gif';
import { encodePng } from '../../../sim/render/encode/png';
import { sideBySide, upscaleNearest, type RgbImage } from '../../../sim/render/image-ops';
import { createRenderer, MAX_SUPERSAMPLE } from '../../../sim/render/renderer';
import { colouriseClassMap } from '../../../sim/render/semantic-classes';
import { metricsToJson } from '../../../sim/metrics/metrics';
import { runRollout } from '../../../sim/rollout';
import type { World } from '../../../sim/types';
import { createRuntime } from '../../../sim/world/runtime';
import { writeFileAtomic } from '../../atomic-write';
import { intOption, parseCommandArgs } from '../args';
import { CAMERA_OPTIONS, cameraUsage, formatCameraStats, openCamera, parseCameraChoice } from '../camera-option';
import { CliError } from '../cli-error';
import { createProgress } from '../progress';
import { loadScenarioArg } from '../scenario-arg';
import type { Command } from './command';
import { parsePolicy } from './run';

const USAGE = `usage: dreamdrive render <scenario> [options]

  <scenario>         library name (dreamdrive list) or path to a .yaml/.json spec
  --seed N           world seed (default 0)
  --param k=v        override a parameter (repeatable)
  --policy NAME      trajectory | idm (default as in 'run')
  --sample           draw distribution parameters from the seed
  --size WxH         image size in pixels, e.g. 64x64, 128x128, 128x64 (default: the spec's camera)
  --out DIR          write frame_0000.png ... into DIR (default renders/<scenario> unless --gif is
                     given alone)
  --gif FILE         also write an animated GIF of the frames
  --bev              add a top-down view: bev_0000.png ... in DIR, and beside the camera in the GIF
  --semantic         also write the class map of each frame as class_0000.png (colourised)
  --every K          render every K-th simulation step (default 1)
  --scale K          upscale written images K times, nearest neighbour (default 1)
  --supersample N    anti-aliasing samples per pixel side (default 2)
  --look SEED        vary time of day, road shade and sun from SEED (default: the standard look)
${cameraUsage(21)}
                     (default reference; with model, frame_*.png are its frames, compare_*.png show
                     reference | model | |difference| x${DIFF_GAIN}, the GIF shows the comparison, and
                     psnr.csv / psnr.json hold each frame's PSNR against the reference)`;

/** Parses WxH into a positive integer pair. */
export function parseSize(command: string, value: string | undefined): { widthPx: number; heightPx: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)x(\d+)$/i.exec(value.trim());
  const widthPx = m ? Number(m[1]) : NaN;
  const heightPx = m ? Number(m[2]) : NaN;
  if (!(widthPx >= 1 && heightPx >= 1 && widthPx <= 4096 && heightPx <= 4096)) {
    throw new CliError(`dreamdrive ${command}: --size must look like 64x64 (width x height, 1 to 4096 px), got '${value}'`, 2);
  }
  return { widthPx, heightPx };
}

function frameName(prefix: string, index: number): string {
  return `${prefix}_${String(index).padStart(4, '0')}.png`;
}

export const renderCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('render', argv, {
      seed: { type: 'string' },
      param: { type: 'string', multiple: true },
      policy: { type: 'string' },
      sample: { type: 'boolean' },
      size: { type: 'string' },
      out: { type: 'string' },
      gif: { type: 'string' },
      bev: { type: 'boolean' },
      semantic: { type: 'boolean' },
      every: { type: 'string' },
      scale: { type: 'string' },
      supersample: { type: 'string' },
      look: { type: 'string' },
      ...CAMERA_OPTIONS,
    });
    if (positionals.length > 1) throw new CliError(`dreamdrive render: one scenario at a time (got ${positionals.length})`, 2);
    const { spec } = loadScenarioArg('render', positionals[0]);
    const every = intOption('render', 'every', values.every, 1, 1);
    const scale = intOption('render', 'scale', values.scale, 1, 1);
    const supersample = intOption('render', 'supersample', values.supersample, 2, 1);
    if (supersample > MAX_SUPERSAMPLE) throw new CliError(`dreamdrive render: --supersample must be at most ${MAX_SUPERSAMPLE}, got ${supersample}`, 2);
    const size = parseSize('render', values.size);
    const choice = parseCameraChoice('render', values, 'reference');
    if (choice.kind === 'none') throw new CliError("dreamdrive render: --camera none renders nothing (choose reference or model)", 2);
    const { resolved, setup } = instantiate(spec, {
      seed: intOption('render', 'seed', values.seed, 0),
      overrides: parseOverrides(values.param ?? []),
      sampleDistributions: values.sample === true,
    });
    const runtime = createRuntime(setup);
    const policy = makePolicy(parsePolicy('render', values.policy) ?? defaultPolicy(runtime), runtime);
    const appearance = values.look === undefined ? DEFAULT_APPEARANCE : appearanceFromSeed(intOption('render', 'look', values.look, 0));
    const states: World[] = [];
    runRollout(runtime, { policy, hashStates: false, onState: (world) => states.push(world) });
    // The model camera is fed every state (its context advances one step per state); --every only thins what is written.
    const model = choice.kind === 'model'
      ? await openCamera(choice, { road: setup.road, camera: resolved.camera, size, dtS: setup.dtS, supersample, appearance, warn: (l) => process.stderr.write(`${l}\n`) })
      : null;
    const camera: CameraModel = model?.camera ?? { ...resolved.camera, ...size };
    // The reference renderer: the frames of the reference camera, class maps, and what model frames are held against.
    const renderer = createRenderer(setup.road, { camera, supersample, appearance });
    const bev = values.bev
      ? createBevRenderer(setup.road, { widthPx: camera.heightPx, heightPx: camera.heightPx, metresPerPx: 64 / camera.heightPx, supersample, appearance })
      : null;
    const outDir = values.out ?? (values.gif === undefined ? join('renders', resolved.name) : undefined);
    const gifFrames: Uint8Array[] = [];
    let gifSize: { w: number; h: number } | null = null;
    const total = states.filter((w) => w.step % every === 0).length;
    const progress = createProgress('render', total);
    const psnrRows: PsnrRow[] = [];
    let written = 0;
    const put = (prefix: string, im: RgbImage) => writeFileAtomic(join(outDir!, frameName(prefix, written)), encodePng(im.rgb, im.widthPx, im.heightPx));
    const up = (rgb: Uint8Array, widthPx = camera.widthPx, heightPx = camera.heightPx) => upscaleNearest({ widthPx, heightPx, rgb }, scale);
    try {
      for (const world of states) {
        const predicted = model ? await model.source.frame({ world }) : null;
        if (world.step % every !== 0) continue;
        const frame = renderer.render(world, { semantic: values.semantic === true });
        const cameraImage = up(predicted ? predicted.image.rgb : frame.rgb);
        const bevImage: RgbImage | null = bev ? up(bev.render(world), bev.widthPx, bev.heightPx) : null;
        let shown = cameraImage;
        if (predicted) {
          const reference = { widthPx: camera.widthPx, heightPx: camera.heightPx, rgb: frame.rgb };
          const difference = absDifferenceImage(predicted.image, reference, DIFF_GAIN);
          shown = sideBySide([up(frame.rgb), cameraImage, up(difference.rgb)]);
          psnrRows.push({ frame: written, step: world.step, timeS: world.timeS, source: predicted.source, psnrDb: psnrDb(predicted.image.rgb, frame.rgb, camera.widthPx, camera.heightPx) });
        }
        if (outDir !== undefined) {
          put('frame', cameraImage);
          if (predicted) put('compare', shown);
          if (bevImage) put('bev', bevImage);
          if (frame.classes) put('class', up(colouriseClassMap(frame.classes)));
        }
        if (values.gif !== undefined) {
          const im = bevImage ? sideBySide([shown, bevImage]) : shown;
          gifFrames.push(im === cameraImage ? im.rgb.slice() : im.rgb);
          gifSize = { w: im.widthPx, h: im.heightPx };
        }
        written++;
        progress.tick(written);
      }
    } finally {
      await model?.close();
    }
    progress.finish();
    const lines: string[] = [];
    if (outDir !== undefined) lines.push(`${written} frames (${camera.widthPx}x${camera.heightPx}${scale > 1 ? ` x${scale}` : ''}) in ${outDir}`);
    if (values.gif !== undefined && gifSize !== null) {
      const { w, h } = gifSize;
      const gif = encodeGif(gifFrames, w, h, { delayCs: Math.round(setup.dtS * every * 100) });
      writeFileAtomic(values.gif, gif);
      lines.push(`GIF ${values.gif} (${gifFrames.length} frames, ${(gif.length / 1024).toFixed(0)} KiB)`);
    }
    if (model) {
      if (outDir !== undefined) {
        writePsnr(outDir, model.source.label, psnrRows);
        lines.push(`comparison in ${outDir}: compare_*.png (reference | model | |difference| x${DIFF_GAIN}), PSNR per frame in psnr.csv and psnr.json`);
      }
      lines.push(`PSNR of the predicted frames against the reference: ${summarisePsnr(psnrRows)}`);
      lines.push(formatCameraStats(model.source.label, model.source.stats()));
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};

interface PsnrRow {
  /** Index of the written frame (frame_NNNN.png). */
  readonly frame: number;
  readonly step: number;
  readonly timeS: number;
  /** 'reference' for the model camera's warm-up frames (identical to the reference: PSNR Infinity). */
  readonly source: 'reference' | 'model';
  readonly psnrDb: number;
}

/** Mean PSNR over the predicted frames (each capped as model/eval/image-metrics.ts does), and the first and last. */
function summarisePsnr(rows: readonly PsnrRow[]): string {
  const predicted = rows.filter((r) => r.source === 'model');
  if (predicted.length === 0) return 'no predicted frame (the run is shorter than the warm-up)';
  const mean = predicted.reduce((a, r) => a + psnrForMeanDb(r.psnrDb), 0) / predicted.length;
  const at = (r: PsnrRow) => `${r.psnrDb.toFixed(1)} dB at step ${r.step}`;
  return `mean ${mean.toFixed(2)} dB over ${predicted.length} frames; first ${at(predicted[0])}, last ${at(predicted[predicted.length - 1])}`;
}

function writePsnr(outDir: string, label: string, rows: readonly PsnrRow[]): void {
  const csv = ['frame,step,time_s,source,psnr_db', ...rows.map((r) => `${r.frame},${r.step},${r.timeS.toFixed(2)},${r.source},${Number.isFinite(r.psnrDb) ? r.psnrDb.toFixed(3) : 'inf'}`)];
  writeFileAtomic(join(outDir, 'psnr.csv'), `${csv.join('\n')}\n`);
  writeFileAtomic(join(outDir, 'psnr.json'), `${metricsToJson({ camera: label, differenceGain: DIFF_GAIN, frames: rows }, 1)}\n`);
}
