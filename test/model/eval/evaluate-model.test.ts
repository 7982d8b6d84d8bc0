import { loadLibraryScenarios } from '../../../model/dataset/generate';
import { buildReport, REPORT_FORMAT } from '../../../model/eval/eval-report';
import { evaluateModel, type EvaluationResult } from '../../../model/eval/evaluate-model';
import { copyLastFramePredictor } from '../../../model/eval/frame-predictor';
import { psnrDb, psnrForMeanDb } from '../../../model/eval/image-metrics';
import { frameAt, loadEvalEpisode, splitEpisodes } from '../../../model/eval/test-episodes';

const library = loadLibraryScenarios();
const source = { seed: 0, steps: 30, widthPx: 32, heightPx: 32, supersample: 1, library, split: 'test' as const };
const shape = { contextFrames: 4, futureSteps: 4, layoutSlots: 16, widthPx: 32, heightPx: 32 };
const H = 6;

/**
 * The pipeline run with copy-last-frame in the model's place: every number it reports for the
 * "model" must then equal the baseline's, and controllability must sit exactly at chance.
 */
describe('evaluateModel with copy-last-frame as the model', () => {
  let result: EvaluationResult;
  const progress: number[] = [];
  const seen: number[] = [];
  beforeAll(async () => {
    const copy = copyLastFramePredictor(shape);
    const episodes = splitEpisodes(0, 'test', 3, library);
    result = await evaluateModel(copy, copy, { source, episodes, horizon: H, controlHorizon: 8, chunk: 2, onEpisode: (e) => seen.push(e.ref.index), onProgress: (done) => progress.push(done) });
  }, 120_000);

  it('judges the first episodes of the test split, in chunks', () => {
    expect(result.episodes.map((e) => e.index)).toEqual(splitEpisodes(0, 'test', 3, library).map((r) => r.index));
    expect(progress).toEqual([2, 3]);
    expect(seen).toEqual(result.episodes.map((e) => e.index));
    expect(result.psnrDb.model).toHaveLength(H);
  });

  it('reports the same curves for the model as for the baseline, and PSNR as computed by hand', () => {
    expect(result.psnrDb.model).toEqual(result.psnrDb.copyLastFrame);
    expect(result.psnrDb.modelGrounded).toEqual(result.psnrDb.copyLastFrame);
    expect(result.ssim.model).toEqual(result.ssim.copyLastFrame);
    // h = 1: frame K - 1 = 3 against frame 4, per episode, then the mean.
    const byHand = splitEpisodes(0, 'test', 3, library).map((ref) => {
      const e = loadEvalEpisode(source, ref, 5);
      return psnrForMeanDb(psnrDb(frameAt(e, 3), frameAt(e, 4), 32, 32));
    });
    expect(result.psnrDb.copyLastFrame[0]).toBeCloseTo(byHand.reduce((a, b) => a + b, 0) / 3, 9);
    for (const v of result.ssim.copyLastFrame) expect(v).toBeLessThanOrEqual(1);
  });

  it('puts controllability at exactly one correct trial per pair', () => {
    expect(result.control.length).toBeGreaterThanOrEqual(3);
    for (const c of result.control) {
      expect(Number(c.correctA) + Number(c.correctB)).toBe(1);
      expect(c.baselineCorrect).toBe(1);
      // the same frames for both plans: one point on the line between their futures
      expect(c.positionA).toBe(c.positionB);
      expect(c.correctA).toBe(c.positionA < 0.5);
    }
  });

  it('counts object persistence over every predicted frame, the same for model and baseline', () => {
    expect(result.persistence.reference.frames).toBe(3 * H);
    expect(result.persistence.model).toEqual(result.persistence.copyLastFrame);
  });

  it('builds a report whose verdicts follow the numbers, unmeasured targets left open', () => {
    const report = buildReport({
      model: { dir: '/m', name: 'copy', frame: { widthPx: 32, heightPx: 32 }, contextFrames: 4, futureSteps: 4, layoutSlots: 16, decoding: 'anchored', trainingData: null, guidance: null, refiner: 'off' },
      source: { kind: 'generated', data: null, seed: 0, steps: 30, split: 'test', heldOutFamilies: [], supersample: 1 },
      result,
      throughput: [],
      machine: { cpu: 'test', cores: 2, node: process.version },
    });
    expect(report.format).toBe(REPORT_FORMAT);
    expect(report.source.episodes).toBe(3);
    expect(report.horizon.h).toEqual([1, 2, 3, 4, 5, 6]);
    // Equal to the baseline is not beating it.
    expect(report.acceptance.psnrBeatsCopyLastFrame).toMatchObject({ measuredTo: 6, failingHorizons: [2, 3, 4, 5, 6], worstMarginDb: 0, pass: false });
    expect(report.acceptance.psnrDbAt.h1.value).toBe(result.psnrDb.model[0]);
    expect(report.acceptance.psnrDbAt.h10).toEqual({ target: 24, value: null, pass: null });
    expect(report.acceptance.controllability).toEqual({ target: 0.95, value: 0.5, pass: false });
    expect(report.controllability.copyLastFrameRate).toBe(0.5);
    expect(report.controllability.medianPositionA).not.toBeNull();
    expect(report.controllability.medianPositionA).toBe(report.controllability.medianPositionB);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
