/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * The shipped model (model/weights) in onnxruntime-node against PyTorch: every graph of the parity
 * fixture that export.py wrote, the sizes of the card, and the contract of predict().
 */
import { readModelCard } from '../../../model/runtime/model-card';
import { loadWorldModel, type WorldModel } from '../../../model/runtime/world-model';
import { maxAbsDiff, MODEL_DIR, readFixture, type Fixture } from './shipped-model';

let model: WorldModel;
let fixture: Fixture;

beforeAll(async () => {
  model = await loadWorldModel(MODEL_DIR, { threads: 1 });
  fixture = readFixture();
});
afterAll(() => model.release());

const batchOf = (shape: readonly number[]): number => shape[0];

describe('the shipped world model', () => {
  it('reads its sizes from the card', () => {
    const card = readModelCard(MODEL_DIR).card as { architecture: { dynamics: Record<string, number> } };
    const d = card.architecture.dynamics;
    expect(model.info.contextFrames).toBe(d.context);
    expect(model.info.futureSteps).toBe(d.future_steps);
    expect(model.info.layoutSlots).toBe(d.layout_slots);
    expect(model.info.latent).toEqual({ channels: d.latent_channels, heightCells: d.latent_size, widthCells: d.latent_size });
    const frames = fixture.graphs.encoder.inputs.frames.shape;
    expect(model.info.frame).toEqual({ heightPx: frames[1], widthPx: frames[2] });
  });

  it('reproduces the PyTorch outputs of every graph within the fixture tolerance', async () => {
    const g = fixture.graphs;
    const enc = g.encoder.inputs.frames;
    const dyn = g.dynamics.inputs;
    const grd = g.dynamics_grounded.inputs;
    const dec = g.decoder.inputs.latents;
    const diffs: Record<string, number> = {
      encoder: maxAbsDiff(await model.encode(enc.data, batchOf(enc.shape)), g.encoder.outputs.latents.data),
      dynamics: maxAbsDiff(
        await model.predict({ batch: batchOf(dyn.context_latents.shape), contextLatents: dyn.context_latents.data, trajectory: dyn.trajectory.data, layout: null, noiseLevel: dyn.noise_level.data, warpDelta: dyn.warp_delta?.data }),
        g.dynamics.outputs.next_latents.data,
      ),
      dynamics_grounded: maxAbsDiff(
        await model.predict({ batch: batchOf(grd.context_latents.shape), contextLatents: grd.context_latents.data, trajectory: grd.trajectory.data, layout: grd.layout.data, noiseLevel: grd.noise_level.data, warpDelta: grd.warp_delta?.data }),
        g.dynamics_grounded.outputs.next_latents.data,
      ),
      decoder: maxAbsDiff(await model.decode(dec.data, batchOf(dec.shape)), g.decoder.outputs.frames.data),
    };
    if (g.warp !== undefined) {
      const w = g.warp.inputs;
      diffs.warp = maxAbsDiff(await model.warpDelta(w.frames.data, w.motion.data, batchOf(w.frames.shape)), g.warp.outputs.warp_delta.data);
    }
    if (g.refiner !== undefined) {
      const r = g.refiner.inputs;
      diffs.refiner = maxAbsDiff(await model.refine(r.frames.data, r.layout.data, batchOf(r.frames.shape), r.warped?.data), g.refiner.outputs.refined.data);
    }
    console.info(`max abs difference onnxruntime-node vs PyTorch (tolerance ${fixture.maxAbsDiffTolerance}): ${Object.entries(diffs).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`);
    expect(Object.keys(diffs).sort()).toEqual(Object.keys(g).sort());
    for (const v of Object.values(diffs)) expect(v).toBeLessThanOrEqual(fixture.maxAbsDiffTolerance);
  });

  it('predicts the same with an all-empty layout in the grounded graph as with the ungrounded one', async () => {
    const d = fixture.graphs.dynamics.inputs;
    const B = batchOf(d.context_latents.shape);
    const empty = new Float32Array(B * model.info.contextFrames * model.info.layoutSlots * 7);
    for (let i = 0; i < empty.length; i += 7) empty[i] = -1; // class -1: empty slot, other fields 0
    const input = { batch: B, contextLatents: d.context_latents.data, trajectory: d.trajectory.data, warpDelta: d.warp_delta?.data };
    const grounded = await model.predict({ ...input, layout: empty });
    const free = await model.predict({ ...input, layout: null });
    expect(maxAbsDiff(grounded, free)).toBeLessThanOrEqual(fixture.maxAbsDiffTolerance);
  });

  it('runs any batch size and returns (B,C,h,w) latents and (B,H,W,3) frames in [0, 1]', async () => {
    const { channels, heightCells, widthCells } = model.info.latent;
    const { widthPx, heightPx } = model.info.frame;
    const K = model.info.contextFrames;
    const B = 3;
    const latents = new Float32Array(B * K * channels * heightCells * widthCells).map((_, i) => Math.sin(i) * 0.5);
    const trajectory = new Float32Array(B * K * model.info.futureSteps * 4);
    const warpDelta = model.info.pixelWarp ? new Float32Array(latents.length) : undefined;
    const next = await model.predict({ batch: B, contextLatents: latents, trajectory, layout: null, warpDelta });
    expect(next.length).toBe(B * channels * heightCells * widthCells);
    const frames = await model.decode(next, B);
    expect(frames.length).toBe(B * heightPx * widthPx * 3);
    expect(Math.min(...frames)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...frames)).toBeLessThanOrEqual(1);
    expect((await model.encode(frames, B)).length).toBe(next.length);
  });

  it.each([
    ['context_latents', { contextLatents: new Float32Array(5) }, /context_latents must be \(1, \d+, \d+, \d+, \d+\) = \d+ float32 values, got 5/],
    ['trajectory', { trajectory: new Float32Array(3) }, /trajectory must be \(1, \d+, \d+, 4\)/],
    ['layout', { layout: new Float32Array(7) }, /layout must be \(1, \d+, \d+, 7\)/],
    ['noise_level', { noiseLevel: new Float32Array(2) }, /noise_level must be \(1\) = 1 float32 values, got 2/],
    ['batch', { batch: 0 }, /batch must be an integer >= 1, got 0/],
    ['warp_delta (a pixel_warp model)', { warpDelta: new Float32Array(4) }, /warp_delta must be \(1, \d+, \d+, \d+, \d+\) = \d+ float32 values, got 4/],
  ])('refuses a predict input with the wrong size of %s, naming it', async (_name, change, message) => {
    const { channels, heightCells, widthCells } = model.info.latent;
    const K = model.info.contextFrames;
    const good = {
      batch: 1,
      contextLatents: new Float32Array(K * channels * heightCells * widthCells),
      trajectory: new Float32Array(K * model.info.futureSteps * 4),
      layout: null as Float32Array | null,
      warpDelta: model.info.pixelWarp ? new Float32Array(K * channels * heightCells * widthCells) : undefined,
    };
    if ('warpDelta' in change && !model.info.pixelWarp) return; // only a pixel_warp model reads it
    await expect(model.predict({ ...good, ...change })).rejects.toThrow(message);
  });

  it('refuses frames of the wrong size for the encoder and latents of the wrong size for the decoder', async () => {
    await expect(model.encode(new Float32Array(10), 1)).rejects.toThrow(/encode frames must be \(1, \d+, \d+, 3\)/);
    await expect(model.decode(new Float32Array(10), 2)).rejects.toThrow(/decode latents must be \(2, \d+, \d+, \d+\)/);
  });
});
