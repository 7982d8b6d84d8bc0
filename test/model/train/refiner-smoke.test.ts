/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * The layout refiner's recipe end to end on a copy of the shipped model: a few rollouts
 * (`dreamdrive model-rollouts`), a few training steps (train_refiner.py --ego-warp --composite
 * --weigh-output, tiny preset),
 * the export into the model folder (export_refiner.py), and the runtime loading it, matching
 * PyTorch on the fixture and refining the frames of both cameras with what it should get. Needs Debian's python3-torch and python3-onnx (skipped
 * with a message otherwise, as the other smoke trainings).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readModelCard } from '../../../model/runtime/model-card';
import { AnchorWarp } from '../../../model/runtime/anchor-warp';
import { ModelRollout } from '../../../model/runtime/model-rollout';
import { rgbToUnit, unitToRgb } from '../../../model/runtime/rgb-tensor';
import { loadWorldModel, type WorldModel } from '../../../model/runtime/world-model';
import { REPO_ROOT, runCli } from '../../helpers/cli';
import { readNpy } from '../dataset/npy-reader';
import { maxAbsDiff, MODEL_DIR } from '../runtime/shipped-model';

const PYTHON = '/usr/bin/python3';
const TRAIN = path.join(REPO_ROOT, 'model', 'train', 'train_refiner.py');
const EXPORT = path.join(REPO_ROOT, 'model', 'train', 'export_refiner.py');
const PY_ENV = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' };
const TIMEOUT_MS = 120_000;

const available = spawnSync(PYTHON, ['-c', 'import torch, onnx, numpy'], { encoding: 'utf8' }).status === 0;
if (!available) console.warn(`skipping the refiner smoke training: ${PYTHON} cannot import torch, onnx and numpy (apt-get install python3-torch python3-onnx)`);

function python(args: readonly string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', env: PY_ENV, timeout: TIMEOUT_MS });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The runtime's refiner on the exported fixture's inputs against PyTorch's output. */
async function fixtureParity(m: WorldModel, dir: string): Promise<{ diff: number; tolerance: number }> {
  const fixture = JSON.parse(fs.readFileSync(path.join(dir, 'fixture', 'fixture.json'), 'utf8'));
  const graph = fixture.graphs.refiner;
  const input = (n: string) => readNpy(path.join(dir, graph.inputs[n].file));
  const frames = input('frames');
  const warped = graph.inputs.warped === undefined ? undefined : (input('warped').data as Float32Array);
  const refined = await m.refine(frames.data as Float32Array, input('layout').data as Float32Array, frames.shape[0], warped);
  return { diff: maxAbsDiff(refined, readNpy(path.join(dir, graph.outputs.refined.file)).data as Float32Array), tolerance: fixture.max_abs_diff_tolerance };
}

(available ? describe : describe.skip)('layout refiner smoke training (python3-torch)', () => {
  let dir: string;
  let model: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-refiner-'));
    model = path.join(dir, 'model');
    fs.cpSync(MODEL_DIR, model, { recursive: true });
    // a model without a refiner, as export.py writes it
    const card = JSON.parse(fs.readFileSync(path.join(model, 'model_card.json'), 'utf8'));
    delete card.architecture.refiner;
    delete card.graphs.refiner;
    fs.writeFileSync(path.join(model, 'model_card.json'), JSON.stringify(card));
    const r = await runCli(['model-rollouts', '--model', model, '--episodes', '2', '--horizon', '3', '--threads', '1', '--out', path.join(dir, 'ro')], { timeoutMs: TIMEOUT_MS });
    if (r.code !== 0) throw new Error(`model-rollouts failed: ${r.stderr}`);
  }, TIMEOUT_MS);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('trains, exports into the model folder, and the runtime refines both cameras\' frames as PyTorch does', async () => {
    const run = path.join(dir, 'run');
    const t = python([TRAIN, '--rollouts', path.join(dir, 'ro'), '--out', run, '--preset', 'tiny', '--steps', '30', '--eval-every', '10', '--threads', '1', '--ego-warp', '--composite', '--weigh-output']);
    if (t.code !== 0) throw new Error(t.err);
    expect(t.out).toMatch(/6 training pairs, 6 val pairs/);
    expect(fs.existsSync(path.join(dir, 'ro', 'warped.npy'))).toBe(true);
    expect(t.out).toMatch(/refiner: [\d,]+ params/);
    const curve = JSON.parse(fs.readFileSync(path.join(run, 'refiner_curve.json'), 'utf8'));
    expect(curve.val[0][1]).toMatchObject({ loss: curve.val[0][1].loss_shown }); // starts as the identity
    const e = python([EXPORT, '--run', run, '--model', model]);
    if (e.code !== 0) throw new Error(e.err);
    const info = readModelCard(model);
    expect(info.refiner).toEqual({ egoWarp: true });
    expect((info.card as any).architecture.refiner.composite).toBe(true);
    expect((info.card as any).training.refiner.weigh_output).toBe(true);
    expect(info.anchorGains).not.toBeNull(); // the rest of the card is kept
    expect((info.card as any).training.refiner.steps).toBe(30);

    const m = await loadWorldModel(model, { threads: 1 });
    try {
      const parity = await fixtureParity(m, model);
      expect(parity.diff).toBeLessThanOrEqual(parity.tolerance);

      // each step shows refine(frame, layout of the predicted frame, last real frame reprojected by
      // the commanded motion); an ungrounded one with an empty layout; refine: false the frame itself
      const { contextFrames: K, futureSteps: F, layoutSlots: M } = m.info;
      const { widthPx: W, heightPx: H } = m.info.frame;
      const context = new Uint8Array(K * W * H * 3).map((_, i) => (i * 7) % 251);
      const trajectory = new Float32Array(K * F * 4);
      trajectory.set([1.2, 0.1, 0.02, 1], (K - 1) * F * 4); // the newest slot's next step: 1.2 m ahead, veering left
      const empty = new Float32Array(K * M * 7);
      for (let s = 0; s < K * M; s++) empty[s * 7] = -1;
      const layout = empty.slice();
      layout.set([0, 12, 0, 0, 4.6, 1.9, 1], (K - 1) * M * 7); // a car 12 m ahead in the predicted frame
      const warped = rgbToUnit(new AnchorWarp(m.info.camera, 1, context.slice((K - 1) * W * H * 3)).advance(trajectory, K, F));
      for (const lay of [layout, null]) {
        const plain = await (await ModelRollout.fromFrames(m, 1, context, { refine: false })).step(trajectory, lay);
        const shown = await (await ModelRollout.fromFrames(m, 1, context)).step(trajectory, lay);
        const expected = unitToRgb(await m.refine(rgbToUnit(plain.rgb), (lay ?? empty).subarray((K - 1) * M * 7), 1, warped));
        expect(maxAbsDiff(shown.rgb, expected)).toBeLessThanOrEqual(1); // plain.rgb was rounded to 8 bits
        expect(maxAbsDiff(shown.rgb, plain.rgb)).toBeGreaterThan(0);
      }
    } finally {
      await m.release();
    }
  }, TIMEOUT_MS);

  it('trains a segment refiner on the rollouts\' class maps, and the runtime matches its export', async () => {
    const run = path.join(dir, 'run-segment');
    const seg = path.join(dir, 'model-segment');
    fs.cpSync(model, seg, { recursive: true });
    const t = python([TRAIN, '--rollouts', path.join(dir, 'ro'), '--out', run, '--preset', 'tiny', '--steps', '10', '--eval-every', '5', '--threads', '1', '--segment']);
    if (t.code !== 0) throw new Error(t.err);
    const curve = JSON.parse(fs.readFileSync(path.join(run, 'refiner_curve.json'), 'utf8'));
    // starts as the identity, to rounding: five equal colours weighted 0.2 each
    expect(curve.val[0][1].loss).toBeCloseTo(curve.val[0][1].loss_shown, 7);
    const e = python([EXPORT, '--run', run, '--model', seg]);
    if (e.code !== 0) throw new Error(e.err);
    const info = readModelCard(seg);
    expect((info.card as any).architecture.refiner).toMatchObject({ segment: true, segment_scene: false });
    expect((info.card as any).training.refiner.kind_weight).toBe(0.1);
    const m = await loadWorldModel(seg, { threads: 1 });
    try {
      const parity = await fixtureParity(m, seg);
      expect(parity.diff).toBeLessThanOrEqual(parity.tolerance);
    } finally {
      await m.release();
    }
    const old = path.join(dir, 'ro-old');
    fs.cpSync(path.join(dir, 'ro'), old, { recursive: true });
    fs.rmSync(path.join(old, 'classes.npy'));
    const refused = python([TRAIN, '--rollouts', old, '--out', path.join(dir, 'run-old'), '--preset', 'tiny', '--steps', '2', '--threads', '1', '--segment']);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain(`${old} has no classes.npy`);
  }, TIMEOUT_MS);

  it('eval-model reports the refiner it ran, and runs without it on --no-refiner', async () => {
    for (const [flags, want] of [[[], 'both'], [['--no-refiner'], 'off']] as const) {
      const out = path.join(dir, `eval-${want}`);
      const r = await runCli(['eval-model', '--model', model, '--episodes', '1', '--horizon', '2', '--threads', '1', '--out', out, ...flags], { timeoutMs: TIMEOUT_MS });
      expect(r.code).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')).model.refiner).toBe(want);
      if (want === 'both') expect(r.stdout).toMatch(/layout refiner \(both cameras\)/);
    }
  }, TIMEOUT_MS);

  it('refuses rollouts that are not a model-rollouts folder, and a model folder without a card, naming them', () => {
    const t = python([TRAIN, '--rollouts', dir, '--out', path.join(dir, 'bad')]);
    expect(t.code).not.toBe(0);
    expect(t.err).toContain(`${dir} has no rollouts.json: write it with \`dreamdrive model-rollouts --out ${dir}\``);
    const e = python([EXPORT, '--run', path.join(dir, 'run'), '--model', path.join(dir, 'nope')]);
    expect(e.code).not.toBe(0);
    expect(e.err).toContain(`${path.join(dir, 'nope', 'model_card.json')} is missing: export the model with export.py first`);
  });
});
