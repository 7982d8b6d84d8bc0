/**
 * Smoke training of the world model (model/train/*.py): a tiny generated dataset, a few steps of the
 * tokenizer and of the dynamics, the ONNX export. Needs Debian's python3-torch and python3-onnx
 * (`.ci/run` installs them); skipped with a message naming the packages when they are missing.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt, REPO_ROOT, runCli } from '../../helpers/cli';

const PYTHON = '/usr/bin/python3';
const TRAIN = path.join(REPO_ROOT, 'model', 'train', 'train.py');
const EXPORT = path.join(REPO_ROOT, 'model', 'train', 'export.py');
/** One thread and passive OpenMP waits: jest runs test files in parallel on 2 cores, and spinning
 * OpenMP threads of two processes on the same cores slow both down ~10x. */
const PY_ENV = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' };
const PY_TIMEOUT_MS = 50_000;

function torchAvailable(): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, onnx, numpy'], { encoding: 'utf8' });
  return probe.status === 0;
}

const available = torchAvailable();
if (!available) {
  console.warn(`skipping the world-model smoke training: ${PYTHON} cannot import torch, onnx and numpy ` +
    '(apt-get install python3-torch python3-onnx python3-numpy libopenblas0-openmp)');
}

function python(args: readonly string[]): string {
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', env: PY_ENV, timeout: PY_TIMEOUT_MS });
  if (r.status !== 0) throw new Error(`${PYTHON} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

interface Curve {
  readonly train: readonly (readonly [number, number])[];
  readonly val: readonly (readonly [number, { readonly loss: number }])[];
}

function readCurve(file: string): Curve {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Curve;
}

(available ? describe : describe.skip)('world-model smoke training (python3-torch)', () => {
  let dir: string;
  beforeAll(async () => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-wm-smoke-'));
    const r = await runCli(['dataset', '--out', path.join(dir, 'ds'), '--episodes', '4', '--steps', '12', '--workers', '1']);
    if (r.code !== 0) throw new Error(`dataset generation failed: ${r.stderr}`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const trainArgs = (out: string, extra: readonly string[] = []): string[] =>
    [TRAIN, '--data', path.join(dir, 'ds'), '--out', out, '--preset', 'tiny', '--threads', '1', ...extra];

  it('trains both stages, lowers the tokenizer loss and exports three checked ONNX graphs with a fixture', () => {
    const run = path.join(dir, 'run');
    const log = python(trainArgs(run, ['--stage', 'all']));
    expect(log).toMatch(/tokenizer: encoder [\d,]+ \+ decoder [\d,]+ params/);
    expect(log).toMatch(/dynamics: [\d,]+ params/);
    expect(log).toMatch(/it\/s eta/);
    const tok = readCurve(path.join(run, 'tokenizer_curve.json'));
    const first = tok.val[0][1].loss;
    const last = tok.val[tok.val.length - 1][1].loss;
    expect(last).toBeLessThan(first);
    const dyn = readCurve(path.join(run, 'dynamics_curve.json'));
    expect(dyn.train.length).toBeGreaterThan(0);
    expect(dyn.train.every(([, loss]) => Number.isFinite(loss))).toBe(true);

    const out = path.join(dir, 'export');
    python([EXPORT, '--run', run, '--out', out]);
    for (const graph of ['encoder', 'dynamics', 'dynamics_grounded', 'decoder']) {
      expect(fs.statSync(path.join(out, `${graph}.onnx`)).size).toBeGreaterThan(1000);
    }
    const fixture = JSON.parse(fs.readFileSync(path.join(out, 'fixture', 'fixture.json'), 'utf8'));
    expect(Object.keys(fixture.graphs)).toEqual(['encoder', 'dynamics', 'dynamics_grounded', 'decoder']);
    expect(fixture.graphs.dynamics.outputs.next_latents.shape).toEqual([2, 8, 8, 8]);
    expect(fs.existsSync(path.join(out, fixture.graphs.decoder.outputs.frames.file))).toBe(true);
    const card = JSON.parse(fs.readFileSync(path.join(out, 'model_card.json'), 'utf8'));
    expect(card.architecture.dynamics.params).toBeGreaterThan(0);
    expect(card.training.tokenizer.steps).toBe(30);
  });

  it('continues the same loss curve after an interruption as an uninterrupted run', () => {
    const straight = path.join(dir, 'straight');
    const resumed = path.join(dir, 'resumed');
    const args = ['--stage', 'tokenizer', '--tokenizer-steps', '20'];
    python(trainArgs(straight, args));
    python(trainArgs(resumed, [...args, '--stop-at', '10']));
    expect(python(trainArgs(resumed, args))).toMatch(/resumed at step 10/);
    expect(readCurve(path.join(resumed, 'tokenizer_curve.json')).train)
      .toEqual(readCurve(path.join(straight, 'tokenizer_curve.json')).train);
  });

  it('refuses a context, unroll, latent channel count or patch below 1, a manoeuvre or actor-erase share outside [0, 1], naming the flag, before touching the run folder', () => {
    for (const [flag, value, message] of [['--context', '0', 'at least 1'], ['--unroll', '-1', 'at least 1'], ['--manoeuvre-share', '1.5', 'in [0, 1]'], ['--latent-channels', '0', 'at least 1'], ['--patch', '0', 'at least 1'], ['--actor-erase', '2', 'in [0, 1]']]) {
      const out = path.join(dir, `bad${flag}`);
      const r = spawnSync(PYTHON, trainArgs(out, [flag, value]), { encoding: 'utf8', env: PY_ENV, timeout: PY_TIMEOUT_MS });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${flag} must be ${message}, got ${value}`);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it('draws the manoeuvre share of dynamics windows from the windows where the ego manoeuvres, and the rest as before', () => {
    const code = [
      'import json, sys, numpy as np',
      `sys.path.insert(0, ${JSON.stringify(path.join(REPO_ROOT, 'model', 'train'))})`,
      'from data import DreamDataset',
      `ds = DreamDataset(${JSON.stringify(path.join(dir, 'ds'))})`,
      'ds.future[:] = 0',
      'r0 = int(ds.rows("train")[-1]); ds.future[r0, 6, :, 1] = 1.0   # one sideways step: frame 6 of the last episode (ties go to earlier ones)',
      'k, first = 3, 1',
      'rich = ds.manoeuvre_starts("train", k, first, 4)',
      'starts = ds.window_starts("train", k)',
      'judged = [(r0, s0) for s0 in range(ds.T - k) if first <= 6 - s0 <= k - 1]',
      'def picks(share, seed=5):',
      '    ds.batch_windows = lambda items, k, f: items',
      '    return ds.sample_windows(np.random.default_rng(seed), "train", 64, k, 4, share, first)',
      'plain = [starts[i] for i in np.random.default_rng(5).integers(0, len(starts), 64)]',
      'print(json.dumps({"fifth": len(rich) == max(1, len(starts) // 5), "judged_in": set(judged) <= set(rich), "some_judged": len(judged) > 0,',
      '  "share0_unchanged": picks(0.0) == plain, "share1_rich": all(p in rich for p in picks(1.0)),',
      '  "share_half": sum(p in rich for p in picks(0.5)) / 64}))',
    ].join('\n');
    const r = JSON.parse(python(['-c', code])) as Record<string, boolean | number>;
    expect(r).toMatchObject({ fifth: true, judged_in: true, some_judged: true, share0_unchanged: true, share1_rich: true });
    expect(r.share_half).toBeGreaterThan(0.5);   // half drawn from the rich fifth, plus the plain draws that land in it
  });

  it('trains and exports a 16x16 latent grid (two downsamplings) with 4x4-cell dynamics tokens', () => {
    const run = path.join(dir, 'grid16');
    python(trainArgs(run, ['--stage', 'all', '--tokenizer-steps', '5', '--dynamics-steps', '5', '--latent-grid', '16', '--latent-channels', '4', '--patch', '4']));
    const out = path.join(dir, 'grid16-export');
    python([EXPORT, '--run', run, '--out', out]);
    const fixture = JSON.parse(fs.readFileSync(path.join(out, 'fixture', 'fixture.json'), 'utf8'));
    expect(fixture.graphs.encoder.outputs.latents.shape).toEqual([2, 4, 16, 16]);
    expect(fixture.graphs.decoder.outputs.frames.shape).toEqual([2, 64, 64, 3]);
    const card = JSON.parse(fs.readFileSync(path.join(out, 'model_card.json'), 'utf8'));
    expect(card.architecture.tokenizer).toMatchObject({ downsamplings: 2, latent_channels: 4, type: 'conv autoencoder 64x64x3 -> 16x16xC' });
    expect(card.architecture.dynamics).toMatchObject({ latent_size: 16, latent_channels: 4, patch: 4, tokens_per_frame: 33 });
    const bad = spawnSync(PYTHON, trainArgs(path.join(dir, 'grid16'), ['--stage', 'dynamics', '--dynamics-steps', '6', '--patch', '3']), { encoding: 'utf8', env: PY_ENV, timeout: PY_TIMEOUT_MS });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("--patch 3 does not divide the tokenizer's 16x16 latent grid");
  });

  it('trains the dynamics with a manoeuvre share', () => {
    const log = python(trainArgs(path.join(dir, 'manoeuvre'), ['--stage', 'all', '--tokenizer-steps', '5', '--dynamics-steps', '5', '--manoeuvre-share', '0.5']));
    expect(log).toMatch(/dynamics step 5\/5/);
  });

  it('trains the dynamics with actor erasing, caching each frame\'s actor share per latent cell with the latents', () => {
    const log = python(trainArgs(path.join(dir, 'actors'), ['--stage', 'all', '--tokenizer-steps', '5', '--dynamics-steps', '5', '--actor-erase', '0.5']));
    expect(log).toMatch(/actor cells actors-8 ready/);
    expect(log).toMatch(/dynamics step 5\/5/);
    const check = spawnSync(PYTHON, ['-c', [
      'import glob, json, numpy as np, torch',
      `a = np.load(glob.glob(${JSON.stringify(path.join(dir, 'ds', 'latents', 'actors-8'))} + '/*.npy')[0]).astype(np.float32)`,
      `ck = torch.load(${JSON.stringify(path.join(dir, 'actors', 'dynamics.pt'))})`,
      'print(json.dumps({"shape": list(a.shape), "lo": float(a.min()), "hi": float(a.max()), "any": float((a > 0).mean()), "erase": ck["config"]["actor_erase"]}))',
    ].join('\n')], { encoding: 'utf8', env: PY_ENV, timeout: PY_TIMEOUT_MS });
    if (check.status !== 0) throw new Error(check.stderr);
    const cells = JSON.parse(check.stdout) as { shape: number[]; lo: number; hi: number; any: number; erase: number };
    expect(cells.shape).toEqual([4, 12, 8, 8]);
    expect(cells.lo).toBeGreaterThanOrEqual(0);
    expect(cells.hi).toBeLessThanOrEqual(1);
    expect(cells.any).toBeGreaterThan(0);
    expect(cells.erase).toBe(0.5);
  });

  it('fine-tunes a trained dynamics from another run with a pixel loss on a share of the batch, and refuses another configuration', () => {
    const base = path.join(dir, 'pixel-base');
    python(trainArgs(base, ['--stage', 'all', '--tokenizer-steps', '5', '--dynamics-steps', '5']));
    const run = path.join(dir, 'pixel');
    fs.mkdirSync(run, { recursive: true });
    fs.copyFileSync(path.join(base, 'tokenizer.pt'), path.join(run, 'tokenizer.pt'));
    const log = python(trainArgs(run, ['--stage', 'dynamics', '--dynamics-steps', '3', '--init-from', base, '--pixel-weight', '100', '--pixel-share', '0.5']));
    expect(log).toMatch(/dynamics step 3\/3/);
    const check = spawnSync(PYTHON, ['-c', [
      'import json, torch',
      `a = torch.load(${JSON.stringify(path.join(base, 'dynamics.pt'))}); b = torch.load(${JSON.stringify(path.join(run, 'dynamics.pt'))})`,
      // the fine-tune's untrained val loss (its curve's first point) is the base run's last
      'print(json.dumps({"first": b["curve"]["val"][0][1]["loss"], "base_last": a["curve"]["val"][-1][1]["loss"], "step": b["step"], "pixel": b["pixel_weight"], "share": b["pixel_share"], "init": b["init_from"]}))',
    ].join('\n')], { encoding: 'utf8', env: PY_ENV, timeout: PY_TIMEOUT_MS });
    if (check.status !== 0) throw new Error(check.stderr);
    const r = JSON.parse(check.stdout) as { first: number; base_last: number; step: number; pixel: number; share: number; init: string };
    expect(r.first).toBeCloseTo(r.base_last, 6);
    expect(r).toMatchObject({ step: 3, pixel: 100, share: 0.5, init: base });
    const other = path.join(dir, 'pixel-other');
    fs.mkdirSync(other, { recursive: true });
    fs.copyFileSync(path.join(base, 'tokenizer.pt'), path.join(other, 'tokenizer.pt'));
    const bad = spawnSync(PYTHON, trainArgs(other, ['--stage', 'dynamics', '--dynamics-steps', '3', '--init-from', base, '--unroll', '3']), { encoding: 'utf8', env: PY_ENV, timeout: PY_TIMEOUT_MS });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain(`--init-from ${base}: its dynamics has another tokenizer or configuration than this run`);
  });
});
