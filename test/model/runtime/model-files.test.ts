/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * Loading a model folder that is broken: each failure is a ModelError that names the file (and the
 * field or tensor) instead of an onnxruntime stack. Every case breaks a copy of the shipped model.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelError } from '../../../model/runtime/model-error';
import { readModelCard } from '../../../model/runtime/model-card';
import { loadWorldModel } from '../../../model/runtime/world-model';
import { copyOfModel, MODEL_DIR } from './shipped-model';

const PYTHON = '/usr/bin/python3';

let copy: { dir: string; remove: () => void };
beforeEach(() => {
  copy = copyOfModel();
});
afterEach(() => copy.remove());

const file = (name: string): string => path.join(copy.dir, name);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Card = Record<string, any>;
function editCard(edit: (card: Card) => void): void {
  const card = JSON.parse(readFileSync(file('model_card.json'), 'utf8')) as Card;
  edit(card);
  writeFileSync(file('model_card.json'), JSON.stringify(card));
}

async function loadError(dir = copy.dir): Promise<ModelError> {
  try {
    const model = await loadWorldModel(dir, { threads: 1 });
    await model.release();
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return err as ModelError;
  }
  throw new Error(`loadWorldModel(${dir}) did not fail`);
}

describe('loading a broken model folder', () => {
  it('loads the intact copy (the cases below break one thing each)', async () => {
    const model = await loadWorldModel(copy.dir, { threads: 1 });
    expect(model.dir).toBe(copy.dir);
    await model.release();
  });

  it('names a folder that does not exist', async () => {
    const missing = path.join(copy.dir, 'nope');
    expect((await loadError(missing)).message).toMatch(new RegExp(`model folder ${escape(missing)} does not exist`));
  });

  it.each(['encoder.onnx', 'dynamics.onnx', 'dynamics_grounded.onnx', 'decoder.onnx'])('names a missing %s', async (name) => {
    rmSync(file(name));
    expect((await loadError()).message).toMatch(new RegExp(`^${escape(file(name))} is missing: a model folder holds encoder.onnx, dynamics.onnx`));
  });

  (readModelCard(MODEL_DIR).refiner ? it : it.skip)('names a missing refiner.onnx of a card with a refiner, and loads the model without it once the card has none', async () => {
    rmSync(file('refiner.onnx'));
    expect((await loadError()).message).toMatch(new RegExp(`^${escape(file('refiner.onnx'))} is missing: a model folder holds encoder.onnx, .*, refiner.onnx and model_card.json`));
    editCard((card) => {
      delete card.architecture.refiner;
      delete card.graphs.refiner;
    });
    const model = await loadWorldModel(copy.dir, { threads: 1 });
    expect(model.info.refiner).toBeNull();
    await expect(model.refine(new Float32Array(64 * 64 * 3), new Float32Array(model.info.layoutSlots * 7), 1)).rejects.toThrow(/refine needs a model with a layout refiner/);
    await model.release();
  });

  it('names a missing model card', async () => {
    rmSync(file('model_card.json'));
    expect((await loadError()).message).toBe(`${file('model_card.json')} is missing: a model folder holds the card and the ONNX graphs that model/train/export.py writes`);
  });

  it('wraps onnxruntime\'s error on a truncated graph with the file name', async () => {
    const bytes = readFileSync(file('dynamics.onnx'));
    writeFileSync(file('dynamics.onnx'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect((await loadError()).message).toMatch(new RegExp(`^${escape(file('dynamics.onnx'))}: onnxruntime cannot load this graph: .+`));
  });

  it('names an empty graph file', async () => {
    writeFileSync(file('decoder.onnx'), '');
    expect((await loadError()).message).toBe(`${file('decoder.onnx')} is empty`);
  });

  it('names a graph that is another graph (the encoder saved as the decoder): its inputs differ', async () => {
    copyFileSync(file('encoder.onnx'), file('decoder.onnx'));
    expect((await loadError()).message).toBe(`${file('decoder.onnx')}: inputs are (frames), model_card.json expects (latents) for the decoder graph`);
  });

  it('names the input whose shape disagrees with the card (a card for F + 1 future steps)', async () => {
    let F = 0;
    editCard((card) => {
      F = card.architecture.dynamics.future_steps;
      card.architecture.dynamics.future_steps = F + 1;
      for (const g of ['dynamics', 'dynamics_grounded']) card.graphs[g].inputs.trajectory.shape[2] = F + 1;
    });
    expect((await loadError()).message).toMatch(new RegExp(`^${escape(file('dynamics.onnx'))}: input 'trajectory' has shape \\[batch, \\d+, ${F}, 4\\], model_card.json implies \\[batch, \\d+, ${F + 1}, 4\\] \\(axis 2 differs\\)$`));
  });

  const onnxAvailable = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;
  if (!onnxAvailable) console.warn(`skipping the wrong-shaped decoder case: ${PYTHON} cannot import onnx (apt-get install python3-onnx)`);
  (onnxAvailable ? it : it.skip)('names a decoder made for one latent channel more than the card has', async () => {
    const card = JSON.parse(readFileSync(file('model_card.json'), 'utf8')) as Card;
    const C = card.architecture.dynamics.latent_channels as number;
    const n = card.architecture.dynamics.latent_size as number;
    const [, H, W] = card.graphs.encoder.inputs.frames.shape as number[];
    // A valid graph with the decoder's names: latents (batch, C+1, n, n) -> mean -> expanded to frames (batch, H, W, 3).
    const script = `
import onnx, sys
from onnx import helper as h, TensorProto as T
C, n, H, W, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
shape = h.make_tensor('shape', T.INT64, [4], [1, H, W, 3])
nodes = [h.make_node('ReduceMean', ['latents'], ['m'], axes=[1, 2, 3], keepdims=1), h.make_node('Expand', ['m', 'shape'], ['frames'])]
g = h.make_graph(nodes, 'wrong_decoder', [h.make_tensor_value_info('latents', T.FLOAT, ['batch', C + 1, n, n])],
                 [h.make_tensor_value_info('frames', T.FLOAT, ['batch', H, W, 3])], [shape])
m = h.make_model(g, opset_imports=[h.make_opsetid('', 17)])
onnx.checker.check_model(m)
onnx.save(m, out)`;
    const r = spawnSync(PYTHON, ['-c', script, String(C), String(n), String(H), String(W), file('decoder.onnx')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`making the wrong decoder failed: ${r.stderr}`);
    expect((await loadError()).message).toBe(
      `${file('decoder.onnx')}: input 'latents' has shape [batch, ${C + 1}, ${n}, ${n}], model_card.json implies [batch, ${C}, ${n}, ${n}] (axis 1 differs)`,
    );
  });

  it.each([
    ['is not JSON', (_: Card) => '{"name": ', /model_card.json: not valid JSON \(/],
    ['is an array', (_: Card) => '[]', /model_card.json: must hold a JSON object, got an array/],
    ['has another name', (c: Card) => ({ ...c, name: 'gpt' }), /model_card.json: name must be 'dreamdrive-world-model', got "gpt" \(is this a dreamdrive model card\?\)/],
    ['has another format', (c: Card) => ({ ...c, format: 'torchscript' }), /model_card.json: format must be 'onnx', got "torchscript"/],
    ['lacks the context size', (c: Card) => { delete c.architecture.dynamics.context; return c; }, /model_card.json: architecture.dynamics.context must be a positive integer, got nothing/],
    ['has a fractional future_steps', (c: Card) => { c.architecture.dynamics.future_steps = 2.5; return c; }, /model_card.json: architecture.dynamics.future_steps must be a positive integer, got 2.5/],
    ['has tokenizer and dynamics latent channels that differ', (c: Card) => { c.architecture.tokenizer.latent_channels += 1; return c; }, /model_card.json: architecture.tokenizer.latent_channels \(\d+\) and architecture.dynamics.latent_channels \(\d+\) must be equal/],
    ['lacks the graphs section', (c: Card) => { delete c.graphs; return c; }, /model_card.json: graphs must list each graph's inputs and outputs \(written by model\/train\/export.py\)/],
    ['lists other inputs for a graph', (c: Card) => { delete c.graphs.dynamics.inputs.noise_level; return c; }, /model_card.json: graphs.dynamics.inputs lists \(context_latents, trajectory\), a dreamdrive model has \(context_latents, trajectory, noise_level\)/],
    ['has anchor gains out of range', (c: Card) => ({ ...c, decoding: { anchor_gains: { ungrounded: { change: [1], residual: [1] }, grounded: { change: [1, -0.2], residual: [1, 1] } } } }), /model_card.json: decoding.anchor_gains.grounded.change must be a non-empty array of numbers in \[0, 2\], got \[1,-0.2\]/],
    ['has anchor gains for one camera only', (c: Card) => ({ ...c, decoding: { anchor_gains: { ungrounded: { change: [0.9], residual: [1] } } } }), /model_card.json: decoding.anchor_gains.grounded.change must be a non-empty array of numbers in \[0, 2\], got nothing/],
    ['has gain series of different lengths', (c: Card) => ({ ...c, decoding: { anchor_gains: { ungrounded: { change: [0.9, 0.8], residual: [1] }, grounded: { change: [1], residual: [1] } } } }), /model_card.json: decoding.anchor_gains.ungrounded.change and .residual must be as long as each other, got 2 and 1/],
    ['has a pan series without its pan_residual', (c: Card) => ({ ...c, decoding: { anchor_gains: { ungrounded: { change: [1], residual: [1], pan: [0.1] }, grounded: { change: [1], residual: [1] } } } }), /model_card.json: decoding.anchor_gains.ungrounded.pan_residual must be a non-empty array of numbers in \[0, 2\], got nothing/],
    ['has a pan series of another length', (c: Card) => ({ ...c, decoding: { anchor_gains: { ungrounded: { change: [1, 1], residual: [1, 1], pan: [0.1], pan_residual: [0, 0] }, grounded: { change: [1], residual: [1] } } } }), /model_card.json: decoding.anchor_gains.ungrounded.change and .pan must be as long as each other, got 2 and 1/],
    ['has a guidance scale out of range', (c: Card) => ({ ...c, decoding: { guidance: { trajectory: 1, layout: 9 } } }), /model_card.json: decoding.guidance.layout must be a number in \[0, 8\], got 9/],
    ['has guidance without its layout scale', (c: Card) => ({ ...c, decoding: { guidance: { trajectory: 1 } } }), /model_card.json: decoding.guidance.layout must be a number in \[0, 8\], got nothing/],
    ['guides the trajectory of a dynamics trained without trajectory dropout', (c: Card) => { c.architecture.dynamics.trajectory_dropout = 0; return { ...c, decoding: { guidance: { trajectory: 2, layout: 1 } } }; }, /model_card.json: decoding.guidance.trajectory is 2, but this dynamics was trained without trajectory dropout \(architecture.dynamics.trajectory_dropout is 0\)/],
    ['lists a shape that disagrees with its architecture', (c: Card) => { c.graphs.dynamics_grounded.inputs.layout.shape[2] += 1; return c; }, /model_card.json: graphs.dynamics_grounded.inputs.layout.shape is \[\d+,\d+,\d+,7\], but its architecture section implies \[batch, \d+, \d+, 7\]/],
  ])('names the field of a card that %s', async (_what, make, message) => {
    const card = JSON.parse(readFileSync(file('model_card.json'), 'utf8')) as Card;
    const next = make(card);
    writeFileSync(file('model_card.json'), typeof next === 'string' ? next : JSON.stringify(next));
    const err = await loadError();
    expect(err.message.startsWith(file('model_card.json'))).toBe(true);
    expect(err.message).toMatch(message);
  });
});
