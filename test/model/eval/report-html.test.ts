import { buildReport } from '../../../model/eval/eval-report';
import type { EvaluationResult } from '../../../model/eval/evaluate-model';
import { emptyPersistence } from '../../../model/eval/object-persistence';
import { integerRuns, reportHtml } from '../../../model/eval/report-html';

/** A 3-step result in which the model beats the baseline at h 2 only. */
const RESULT: EvaluationResult = {
  episodes: [{ index: 4, family: 'procedural:s_bend', scenario: 'procedural_s_bend', meanPsnrDb: { model: 25, modelGrounded: 26, copyLastFrame: 24 } }],
  horizon: 3,
  psnrDb: { model: [31, 27, 20], modelGrounded: [32, 28, 21], copyLastFrame: [35, 26, 22] },
  ssim: { model: [0.9, 0.8, 0.7], modelGrounded: [0.91, 0.81, 0.71], copyLastFrame: [0.95, 0.8, 0.75] },
  persistence: { reference: { frames: 3, actorFrames: 6, vanished: 0, hallucinated: 0 }, model: { frames: 3, actorFrames: 6, vanished: 1, hallucinated: 1 }, modelGrounded: { frames: 3, actorFrames: 6, vanished: 0, hallucinated: 0 }, copyLastFrame: emptyPersistence() },
  controlHorizon: 3,
  control: [{ episode: 4, kind: 'longitudinal', a: 'brake', b: 'accelerate', referenceSeparationDb: 30, informative: true, correctA: true, correctB: true, marginA: 5, marginB: 6, positionA: 0.2, positionB: 0.7, baselineCorrect: 1, endSpeedMps: [1, 9], endLateralM: [0, 0] }],
  seconds: { total: 2, reference: 1, predict: 0.5, score: 0.5 },
};

function report() {
  return buildReport({
    model: { dir: '/models/<odd> & "name"', name: 'dreamdrive-world-model', frame: { widthPx: 64, heightPx: 64 }, contextFrames: 4, futureSteps: 4, layoutSlots: 16, decoding: 'anchored', trainingData: null, guidance: null, refiner: 'off' },
    source: { kind: 'generated', data: null, seed: 0, steps: 100, split: 'test', heldOutFamilies: ['procedural:s_bend'], supersample: 2 },
    result: RESULT,
    throughput: [{ batch: 1, horizon: 3, repeats: 1, frames: 3, seconds: 0.01, framesPerS: 300, msPerFrame: 3.33 }],
    machine: { cpu: 'test cpu', cores: 2, node: 'v20' },
  });
}

describe('report verdicts and page', () => {
  it('judges the targets from the numbers and leaves the unmeasured ones open', () => {
    const a = report().acceptance;
    expect(a.psnrBeatsCopyLastFrame).toEqual({ from: 2, to: 50, measuredTo: 3, worstMarginDb: -2, failingHorizons: [3], pass: false });
    expect(a.psnrDbAt).toEqual({ h1: { target: 30, value: 31, pass: true }, h10: { target: 24, value: null, pass: null }, h50: { target: 20, value: null, pass: null } });
    expect(a.controllability).toEqual({ target: 0.95, value: 1, pass: true });
    expect(a.groundedPersistenceErrorRate).toEqual({ target: 0.05, value: 0, pass: true });
    expect(report().objectPersistence.model).toMatchObject({ hallucinatedPerFrame: 1 / 3, vanishedPerFrame: 1 / 3 });
    expect(report().objectPersistence.model.errorRate).toBeCloseTo(2 / 6, 12);
    expect(report().objectPersistence.copyLastFrame).toMatchObject({ hallucinatedPerFrame: null, errorRate: null });
  });

  it('writes one self-contained page with the plot, the verdicts and escaped text', () => {
    const html = reportHtml(report());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain('/models/&lt;odd&gt; &amp; &quot;name&quot;');
    expect(html).not.toContain('<odd>');
    expect(html).toContain('worst margin -2.00 dB up to h 3; fails at h 3');
    expect(html).toContain('<td class="ok">pass</td>');
    expect(html).toContain('<td class="na">not measured</td>');
  });

  it.each([
    [[], ''],
    [[5], '5'],
    [[2, 3, 4, 7], '2-4, 7'],
    [[1, 3, 4, 5, 6, 9, 10], '1, 3-6, 9-10'],
  ])('writes the horizons %j as %j', (values, text) => {
    expect(integerRuns(values)).toBe(text);
  });
});
