/**
 * `dreamdrive render <scenario>`: rolls a scenario out in closed loop and writes what the ego
 * camera sees (the reference renderer, sim/render) as PNG frames and/or an animated GIF, with an
 * optional top-down view beside it.
 */
import { join } from 'node:path';
import { defaultPolicy, makePolicy } from '../../../eval/run-scenario';
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
import { runRollout } from '../../../sim/rollout';
import { createRuntime } from '../../../sim/world/runtime';
import { writeFileAtomic } from '../../atomic-write';
import { intOption, parseCommandArgs } from '../args';
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
  --look SEED        vary time of day, road shade and sun from SEED (default: the standard look)`;

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
  name: 'render',
  summary: 'render the ego camera of a rollout to PNG frames and an animated GIF',
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
    });
    if (positionals.length > 1) throw new CliError(`dreamdrive render: one scenario at a time (got ${positionals.length})`, 2);
    const { spec } = loadScenarioArg('render', positionals[0]);
    const every = intOption('render', 'every', values.every, 1, 1);
    const scale = intOption('render', 'scale', values.scale, 1, 1);
    const supersample = intOption('render', 'supersample', values.supersample, 2, 1);
    if (supersample > MAX_SUPERSAMPLE) throw new CliError(`dreamdrive render: --supersample must be at most ${MAX_SUPERSAMPLE}, got ${supersample}`, 2);
    const size = parseSize('render', values.size);
    const { resolved, setup } = instantiate(spec, {
      seed: intOption('render', 'seed', values.seed, 0),
      overrides: parseOverrides(values.param ?? []),
      sampleDistributions: values.sample === true,
    });
    const runtime = createRuntime(setup);
    const policy = makePolicy(parsePolicy('render', values.policy) ?? defaultPolicy(runtime), runtime);
    const camera: CameraModel = { ...resolved.camera, ...size };
    const appearance = values.look === undefined ? DEFAULT_APPEARANCE : appearanceFromSeed(intOption('render', 'look', values.look, 0));
    const renderer = createRenderer(setup.road, { camera, supersample, appearance });
    const bev = values.bev
      ? createBevRenderer(setup.road, { widthPx: camera.heightPx, heightPx: camera.heightPx, metresPerPx: 64 / camera.heightPx, supersample, appearance })
      : null;
    const outDir = values.out ?? (values.gif === undefined ? join('renders', resolved.name) : undefined);
    const gifFrames: Uint8Array[] = [];
    let gifSize: { w: number; h: number } | null = null;
    const total = Math.floor(resolved.stepCount / every) + 1;
    const progress = createProgress('render', total);
    let written = 0;
    runRollout(runtime, {
      policy,
      hashStates: false,
      onState(world) {
        if (world.step % every !== 0) return;
        const frame = renderer.render(world, { semantic: values.semantic === true });
        const cameraImage = upscaleNearest({ widthPx: camera.widthPx, heightPx: camera.heightPx, rgb: frame.rgb }, scale);
        const bevImage: RgbImage | null = bev ? upscaleNearest({ widthPx: bev.widthPx, heightPx: bev.heightPx, rgb: bev.render(world) }, scale) : null;
        if (outDir !== undefined) {
          const put = (prefix: string, im: RgbImage) => writeFileAtomic(join(outDir, frameName(prefix, written)), encodePng(im.rgb, im.widthPx, im.heightPx));
          put('frame', cameraImage);
          if (bevImage) put('bev', bevImage);
          if (frame.classes) put('class', upscaleNearest({ widthPx: camera.widthPx, heightPx: camera.heightPx, rgb: colouriseClassMap(frame.classes) }, scale));
        }
        if (values.gif !== undefined) {
          const im = bevImage ? sideBySide([cameraImage, bevImage]) : cameraImage;
          gifFrames.push(im === cameraImage ? im.rgb.slice() : im.rgb);
          gifSize = { w: im.widthPx, h: im.heightPx };
        }
        written++;
        progress.tick(written);
      },
    });
    progress.finish();
    const lines: string[] = [];
    if (outDir !== undefined) lines.push(`${written} frames (${camera.widthPx}x${camera.heightPx}${scale > 1 ? ` x${scale}` : ''}) in ${outDir}`);
    if (values.gif !== undefined && gifSize !== null) {
      const { w, h } = gifSize;
      const gif = encodeGif(gifFrames, w, h, { delayCs: Math.round(setup.dtS * every * 100) });
      writeFileAtomic(values.gif, gif);
      lines.push(`GIF ${values.gif} (${gifFrames.length} frames, ${(gif.length / 1024).toFixed(0)} KiB)`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
