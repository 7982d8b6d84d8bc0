/**
 * Where a camera's object-persistence errors come from: eval-model's grounded rollouts of the
 * split's first episodes, each error counted by kind, class, size and horizon, and each vanished
 * actor by whether the layout the camera was given has an actor of its class at all (it may lie
 * beyond the layout's radius or its M nearest, which no model can draw).
 *
 *   node dist/model/eval/diagnostics/persistence-errors.js [model dir] [episodes=32] [split=val] [--no-refiner]
 */
import { LAYOUT_WIDTH } from '../../dataset/actor-layout';
import { loadLibraryScenarios } from '../../dataset/generate';
import type { Split } from '../../dataset/splits';
import { loadWorldModel } from '../../runtime/world-model';
import { AGENT_CLASSES } from '../../../sim/types';
import { detectActors } from '../actor-detection';
import { episodeDefaults, generatedSource } from '../generated-source';
import { DEFAULT_PERSISTENCE_OPTIONS, meets } from '../object-persistence';
import { projectActors } from '../projected-actors';
import { episodeRequest } from '../rollout-request';
import { classesAt, loadEvalEpisode, splitEpisodes } from '../test-episodes';
import { worldModelPredictor } from '../world-model-predictor';

const HORIZON = 50;

const size = (px: number): string => (px < 4 ? '<4 px' : px < 10 ? '4-9 px' : px < 30 ? '10-29 px' : '30+ px');
const span = (h: number): string => (h <= 10 ? 'h1-10' : h <= 25 ? 'h11-25' : 'h26-50');
const margin = DEFAULT_PERSISTENCE_OPTIONS.marginPx;

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--no-refiner');
  const refine = !process.argv.includes('--no-refiner');
  const model = await loadWorldModel(args[0], { threads: 2 });
  const episodes = Number(args[1] ?? 32);
  const split = (args[2] ?? 'val') as Split;
  const { contextFrames: K, layoutSlots: M, frame } = model.info;
  const n = frame.widthPx * frame.heightPx * 3;
  const library = loadLibraryScenarios();
  const { seed, steps } = episodeDefaults(model.info, HORIZON);
  const source = generatedSource(model.info, split, library, seed, steps);
  const predictor = worldModelPredictor(model, 8, { refine });
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  let actorFrames = 0;
  const refs = splitEpisodes(seed, split, episodes, library);
  for (let start = 0; start < refs.length; start += 8) {
    const batch = refs.slice(start, start + 8).map((ref) => loadEvalEpisode(source, ref, K + HORIZON));
    const requests = batch.map((e) => episodeRequest(e, predictor, HORIZON, true));
    const out = await predictor.rollout(requests, HORIZON);
    batch.forEach((e, i) => {
      for (let h = 1; h <= HORIZON; h++) {
        const t = K - 1 + h;
        const truth = projectActors(e.worlds[t], e.camera, classesAt(e, t));
        const blobs = detectActors(out[i].subarray((h - 1) * n, h * n), frame.widthPx, frame.heightPx, e.appearance.light);
        const layout = requests[i].layout!.subarray(t * M * LAYOUT_WIDTH, (t + 1) * M * LAYOUT_WIDTH);
        const inLayout = (cls: string): boolean => {
          for (let m = 0; m < M; m++) if (AGENT_CLASSES[layout[m * LAYOUT_WIDTH]] === cls && layout[m * LAYOUT_WIDTH + 6] > 0.5) return true;
          return false;
        };
        for (const a of truth) {
          if (a.classPx < DEFAULT_PERSISTENCE_OPTIONS.minActorPx) continue;
          actorFrames++;
          if (!blobs.some((b) => b.cls === a.cls && meets(b, a.box, margin))) add(`vanished\t${a.cls}\t${size(a.classPx)}\t${span(h)}\t${inLayout(a.cls) ? 'class in layout' : 'class not in layout'}`);
        }
        for (const b of blobs) {
          if (truth.some((a) => a.cls === b.cls && meets(b, a.box, margin))) continue;
          const other = truth.find((a) => meets(b, a.box, margin));
          add(`hallucinated\t${b.cls}\t${size(b.areaPx)}\t${span(h)}\t${other !== undefined ? `on a ${other.cls}` : 'on no actor'}`);
        }
      }
    });
  }
  const rows = [...counts].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((s, [, c]) => s + c, 0);
  process.stdout.write(`${model.dir}${refine ? '' : ' (no refiner)'}: ${refs.length} ${split} episodes, horizon ${HORIZON}, grounded: ${total} errors in ${actorFrames} actor-frames (${((100 * total) / actorFrames).toFixed(1)} %)\n`);
  process.stdout.write(`count\tkind\tclass\tsize\thorizon\twhere\n${rows.map(([k, c]) => `${c}\t${k}`).join('\n')}\n`);
  await model.release();
}

main().catch((err: unknown) => {
  process.stderr.write(`persistence-errors: ${(err as Error).message}\n`);
  process.exit(1);
});
