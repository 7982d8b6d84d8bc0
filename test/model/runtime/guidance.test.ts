/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * Classifier-free guidance: the scales as the card and the command line give them, and the guided
 * step against the shipped model's own passes with and without each condition.
 */
import { checkGuidance, guidanceOf, guidedPredict, parseGuidance, NO_GUIDANCE } from '../../../model/runtime/guidance';
import { ModelError } from '../../../model/runtime/model-error';
import { loadWorldModel, type PredictInput, type WorldModel } from '../../../model/runtime/world-model';
import { MODEL_DIR, readFixture } from './shipped-model';

describe('guidance scales', () => {
  const trained = { architecture: { dynamics: { trajectory_dropout: 0.15 } } };

  it('reads "T,L" from a command line and names the option when it cannot', () => {
    expect(parseGuidance('2,1.5', '--guidance')).toEqual({ trajectory: 2, layout: 1.5 });
    for (const bad of ['2', '2,', 'a,1', '1,2,3', '-1,1', '1,9']) expect(() => parseGuidance(bad, '--guidance')).toThrow(`--guidance must be two scales in [0, 8] as TRAJECTORY,LAYOUT (e.g. 2,1.5), got '${bad}'`);
  });

  it('takes the card decoding.guidance, or none', () => {
    expect(guidanceOf({}, 'card.json')).toBeNull();
    expect(guidanceOf({ ...trained, decoding: { guidance: { trajectory: 3, layout: 1 } } }, 'card.json')).toEqual({ trajectory: 3, layout: 1 });
    expect(() => guidanceOf({ decoding: { guidance: 2 } }, 'card.json')).toThrow('card.json: decoding.guidance.trajectory must be a number in [0, 8], got nothing');
  });

  it('refuses to guide the trajectory of a dynamics that never learned to predict without it', () => {
    expect(() => checkGuidance({ trajectory: 2, layout: 1 }, {}, 'x')).toThrow(ModelError);
    expect(() => checkGuidance({ trajectory: 1, layout: 2 }, {}, 'x')).not.toThrow();
    expect(() => checkGuidance({ trajectory: 2, layout: 1 }, trained, 'x')).not.toThrow();
  });
});

describe('guidedPredict on the shipped model', () => {
  let model: WorldModel;
  let input: PredictInput; // batch 2, grounded, from the parity fixture's dynamics inputs
  let tolerance: number;

  beforeAll(async () => {
    model = await loadWorldModel(MODEL_DIR, { threads: 1 });
    const fixture = readFixture();
    tolerance = fixture.maxAbsDiffTolerance;
    const g = fixture.graphs.dynamics_grounded.inputs;
    input = { batch: g.context_latents.shape[0], contextLatents: g.context_latents.data, trajectory: g.trajectory.data, layout: g.layout.data, warpDelta: g.warp_delta?.data };
  });
  afterAll(() => model.release());

  const combine = (parts: [number, Float32Array][]) => Float32Array.from(parts[0][1], (_, i) => parts.reduce((sum, [w, z]) => sum + w * z[i], 0));
  const expectClose = (a: Float32Array, b: Float32Array) => {
    expect(a).toHaveLength(b.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThanOrEqual(tolerance);
  };

  it('is the plain prediction with scales of 1', async () => {
    expectClose(await guidedPredict(model, input, NO_GUIDANCE), await model.predict(input));
    const free = { ...input, layout: null };
    expectClose(await guidedPredict(model, free, NO_GUIDANCE), await model.predict(free));
  });

  it('extrapolates from the pass without the trajectory, and from the ungrounded pass', async () => {
    // without the trajectory there is no motion to warp by either
    const none = { ...input, trajectory: new Float32Array(input.trajectory.length), warpDelta: input.warpDelta && new Float32Array(input.warpDelta.length) };
    const zTL = await model.predict(input);
    const zT = await model.predict({ ...input, layout: null });
    const z0 = await model.predict({ ...none, layout: null });
    expectClose(await guidedPredict(model, { ...input, layout: null }, { trajectory: 2.5, layout: 1 }), combine([[-1.5, z0], [2.5, zT]]));
    expectClose(await guidedPredict(model, input, { trajectory: 1, layout: 0 }), zT);
    expectClose(await guidedPredict(model, input, { trajectory: 1, layout: 2 }), combine([[-1, zT], [2, zTL]]));
    // z0 + 2 (zT - z0) + 1.5 (zTL - zT)
    expectClose(await guidedPredict(model, input, { trajectory: 2, layout: 1.5 }), combine([[-1, z0], [0.5, zT], [1.5, zTL]]));
  });
});
