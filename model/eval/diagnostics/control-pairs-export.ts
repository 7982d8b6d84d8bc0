/**
 * eval-model's controllability pairs as arrays, so that a training sweep (model/train/ablation)
 * can score each variant by the evaluation's own test instead of a proxy: for every pair of every
 * episode, both plans' context frames, trajectory rows and rendered reference futures.
 *
 *   node dist/model/eval/diagnostics/control-pairs-export.js OUT [split=val] [episodes=24] [K=2] [horizon=20]
 *
 * Writes OUT/control_context.npy (P,2,K,H,W,3) u8, control_trajectory.npy (P,2,K+h-1,F,4) f32,
 * control_reference.npy (P,2,h,H,W,3) u8 and control_kind.npy (P,) u8 (0 brake/accelerate, 1 lanes).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadLibraryScenarios } from '../../dataset/generate';
import { encodeNpy } from '../../dataset/npy';
import { DEFAULT_CAMERA_MODEL } from '../../../sim/render/camera-model';
import { planPairs } from '../controllability';
import { counterfactualFuture, type CounterfactualFuture } from '../counterfactual-rollout';
import { SPLITS, type Split } from '../../dataset/splits';
import { loadEvalEpisode, splitEpisodes } from '../test-episodes';

const FUTURE_STEPS = 4;

function main(): void {
  const [out, split = 'val', episodes = '24', k = '2', horizon = '20'] = process.argv.slice(2);
  if (out === undefined) throw new Error('usage: control-pairs-export.js OUT [split] [episodes] [K] [horizon]');
  if (!SPLITS.includes(split as Split)) throw new Error(`control-pairs-export: split must be one of ${SPLITS.join(', ')}, got '${split}'`);
  const count = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`control-pairs-export: ${name} must be an integer >= 1, got '${v}'`);
    return n;
  };
  const K = count('K', k);
  const H = count('horizon', horizon);
  const library = loadLibraryScenarios();
  const { widthPx, heightPx } = DEFAULT_CAMERA_MODEL;
  const shape = { contextFrames: K, futureSteps: FUTURE_STEPS, layoutSlots: 16 };
  const source = { seed: 0, steps: 100, widthPx, heightPx, supersample: 2, library, split: split as Split };
  const pairs: [CounterfactualFuture, CounterfactualFuture, number][] = [];
  for (const ref of splitEpisodes(0, split as Split, count('episodes', episodes), library)) {
    const e = loadEvalEpisode(source, ref, K + H);
    for (const pair of planPairs(e, K - 1)) {
      const a = counterfactualFuture(e, shape, pair.a, H);
      const b = counterfactualFuture(e, shape, pair.b, H);
      if (a !== null && b !== null) pairs.push([a, b, pair.kind === 'lateral' ? 1 : 0]);
    }
  }
  const P = pairs.length;
  const frame = widthPx * heightPx * 3;
  const rows = K + H - 1;
  const context = new Uint8Array(P * 2 * K * frame);
  const trajectory = new Float32Array(P * 2 * rows * FUTURE_STEPS * 4);
  const reference = new Uint8Array(P * 2 * H * frame);
  pairs.forEach(([a, b], p) => {
    [a, b].forEach((f, j) => {
      const i = 2 * p + j;
      context.set(f.request.context, i * K * frame);
      trajectory.set(f.request.trajectory, i * rows * FUTURE_STEPS * 4);
      reference.set(f.reference, i * H * frame);
    });
  });
  fs.mkdirSync(out, { recursive: true });
  const write = (name: string, bytes: Uint8Array) => fs.writeFileSync(path.join(out, name), bytes);
  write('control_context.npy', encodeNpy('|u1', [P, 2, K, heightPx, widthPx, 3], context));
  write('control_trajectory.npy', encodeNpy('<f4', [P, 2, rows, FUTURE_STEPS, 4], trajectory));
  write('control_reference.npy', encodeNpy('|u1', [P, 2, H, heightPx, widthPx, 3], reference));
  write('control_kind.npy', encodeNpy('|u1', [P], Uint8Array.from(pairs.map(([, , kind]) => kind))));
  process.stdout.write(`${P} pairs (${pairs.filter(([, , kind]) => kind === 1).length} lateral) from ${episodes} ${split} episodes -> ${out}\n`);
}

main();
