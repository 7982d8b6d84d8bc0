/**
 * The tokenizer's floor: eval-model's test frames encoded and decoded by the model's own tokenizer,
 * with no dynamics at all (a perfect dynamics model could do no better), judged for PSNR and object
 * persistence as eval-model judges predictions: decoded directly, and anchored on the last context
 * frame (frame_last + decode(z_t) - decode(z_last), model/runtime/model-rollout.ts).
 *
 *   node dist/model/eval/diagnostics/tokenizer-floor.js [model dir] [episodes=32]
 */
import { loadLibraryScenarios } from '../../dataset/generate';
import { rgbToUnit, unitToRgb } from '../../runtime/rgb-tensor';
import { loadWorldModel } from '../../runtime/world-model';
import { detectActors } from '../actor-detection';
import { episodeDefaults, generatedSource } from '../generated-source';
import { psnrDb, psnrForMeanDb } from '../image-metrics';
import { addPersistence, emptyPersistence, framePersistence, persistenceErrorRate } from '../object-persistence';
import { projectActors } from '../projected-actors';
import { classesAt, frameAt, loadEvalEpisode, splitEpisodes } from '../test-episodes';

const HORIZON = 50;

async function main(): Promise<void> {
  const model = await loadWorldModel(process.argv[2], { threads: 2 });
  const episodes = Number(process.argv[3] ?? 32);
  const { contextFrames: K, frame } = model.info;
  const { widthPx, heightPx } = frame;
  const n = widthPx * heightPx * 3;
  const library = loadLibraryScenarios();
  const { seed, steps } = episodeDefaults(model.info, HORIZON);
  const source = generatedSource(model.info, 'test', library, seed, steps);
  const totals = { direct: emptyPersistence(), anchored: emptyPersistence(), reference: emptyPersistence() };
  const psnr = { direct: 0, anchored: 0 };
  let frames = 0;
  for (const ref of splitEpisodes(seed, 'test', episodes, library)) {
    const e = loadEvalEpisode(source, ref, K + HORIZON);
    const rgb = e.rgb.subarray(0, (K + HORIZON) * n);
    const decoded = await model.decode(await model.encode(rgbToUnit(rgb), K + HORIZON), K + HORIZON);
    const last = rgbToUnit(frameAt(e, K - 1));
    const decodedLast = decoded.subarray((K - 1) * n, K * n);
    for (let t = K; t < K + HORIZON; t++) {
      const truth = frameAt(e, t);
      const own = decoded.subarray(t * n, (t + 1) * n);
      const direct = unitToRgb(own);
      const anchored = unitToRgb(Float32Array.from(own, (v, i) => last[i] + v - decodedLast[i]));
      const actors = projectActors(e.worlds[t], e.camera, classesAt(e, t));
      const judge = (img: Uint8Array) => framePersistence(detectActors(img, widthPx, heightPx, e.appearance.light), actors);
      addPersistence(totals.direct, judge(direct));
      addPersistence(totals.anchored, judge(anchored));
      addPersistence(totals.reference, judge(truth));
      psnr.direct += psnrForMeanDb(psnrDb(direct, truth, widthPx, heightPx));
      psnr.anchored += psnrForMeanDb(psnrDb(anchored, truth, widthPx, heightPx));
      frames++;
    }
  }
  await model.release();
  const pct = (t: ReturnType<typeof emptyPersistence>) => `${(100 * (persistenceErrorRate(t) ?? NaN)).toFixed(1)} % (${t.vanished} vanished, ${t.hallucinated} hallucinated of ${t.actorFrames} actor-frames)`;
  process.stdout.write(
    [
      `tokenizer of ${model.dir}: ${episodes} test episodes x ${HORIZON} frames`,
      `  direct:    PSNR ${(psnr.direct / frames).toFixed(2)} dB, persistence errors ${pct(totals.direct)}`,
      `  anchored:  PSNR ${(psnr.anchored / frames).toFixed(2)} dB, persistence errors ${pct(totals.anchored)}`,
      `  reference: persistence errors ${pct(totals.reference)}`,
    ].join('\n') + '\n',
  );
}

void main();
