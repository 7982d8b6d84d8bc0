/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * The camera policy's pipeline end to end on a tiny scale: demonstrations (model/policy-data/),
 * a few training steps (model/policy_train/train.py), the ONNX export with card and parity
 * fixture (export.py), and the exported file loaded as a policy and checked against its fixture
 * in onnxruntime-node. Training twice with the same seed gives the same loss curve. Needs Debian's
 * python3-torch and python3-onnx; skipped with a message naming the packages when they are missing.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadOnnxPolicy } from '../../../model/policies/onnx-policy';
import { writeDemos } from '../../../model/policy-data/write-demos';
import { readNpy } from '../dataset/npy-reader';
import { maxAbsDiff } from '../runtime/shipped-model';
import { REPO_ROOT } from '../../helpers/cli';

const PYTHON = '/usr/bin/python3';
const TRAIN = path.join(REPO_ROOT, 'model', 'policy_train', 'train.py');
const EXPORT = path.join(REPO_ROOT, 'model', 'policy_train', 'export.py');
const PY_ENV = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' };
const PY_TIMEOUT_MS = 60_000;

const available = spawnSync(PYTHON, ['-c', 'import torch, onnx, numpy'], { encoding: 'utf8' }).status === 0;
if (!available) {
  console.warn(`skipping the camera-policy smoke training: ${PYTHON} cannot import torch, onnx and numpy (apt-get install python3-torch python3-onnx python3-numpy)`);
}

function python(args: readonly string[]): string {
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', env: PY_ENV, timeout: PY_TIMEOUT_MS });
  if (r.status !== 0) throw new Error(`${PYTHON} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

(available ? describe : describe.skip)('camera-policy smoke training (python3-torch)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-bc-smoke-'));
    // 10 episodes: the trainer holds out every tenth one for validation.
    writeDemos({ out: path.join(dir, 'demos'), episodes: 10, steps: 8, seed: 5, supersample: 1 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const train = (out: string) => python([TRAIN, '--data', path.join(dir, 'demos'), '--out', out, '--steps', '12', '--batch', '8', '--eval-every', '6', '--threads', '1']);

  test('demonstrations hold the frames, the state fields and the expert\'s actions, per episode', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'demos', 'manifest.json'), 'utf8'));
    expect({ samples: manifest.samples, state: manifest.stateFields, episodes: manifest.episodes.length }).toEqual({ samples: 80, state: ['speed_mps', 'set_speed_mps'], episodes: 10 });
    expect(readNpy(path.join(dir, 'demos', 'frames.npy')).shape).toEqual([80, 64, 64, 3]);
    const state = readNpy(path.join(dir, 'demos', 'state.npy'));
    // set_speed_mps is the episode's set speed at every one of its frames.
    expect(state.data[2 * 7 + 1]).toBe(Math.fround(manifest.episodes[0].setSpeedMps));
    expect(Array.from(readNpy(path.join(dir, 'demos', 'episode.npy')).data.slice(6, 10))).toEqual([0, 0, 1, 1]);
  });

  test('trains reproducibly, exports a checked ONNX policy whose fixture onnxruntime reproduces', async () => {
    train(path.join(dir, 'a'));
    train(path.join(dir, 'b'));
    const curve = (run: string) => JSON.parse(fs.readFileSync(path.join(dir, run, 'curve.json'), 'utf8')) as { train: [number, number][]; val: unknown[] };
    expect(curve('b').val).toEqual(curve('a').val);
    expect(curve('a').val.length).toBe(3); // the untrained net, steps 6 and 12

    const out = path.join(dir, 'export');
    expect(python([EXPORT, '--run', path.join(dir, 'a'), '--data', path.join(dir, 'demos'), '--out', out])).toMatch(/policy\.onnx: \d+ kB, checker ok/);
    const model = await loadOnnxPolicy(path.join(out, 'policy.onnx'));
    try {
      const fx = JSON.parse(fs.readFileSync(path.join(out, 'fixture', 'fixture.json'), 'utf8'));
      const frames = readNpy(path.join(out, fx.inputs.frame.file)).data as Float32Array;
      const state = readNpy(path.join(out, fx.inputs.state.file)).data as Float32Array;
      const actions = readNpy(path.join(out, fx.outputs.action.file)).data as Float32Array;
      const n = 64 * 64 * 3;
      const got = await model.run(frames.slice(0, n), state.slice(0, 2));
      expect(maxAbsDiff(got, actions.slice(0, 2))).toBeLessThanOrEqual(fx.max_abs_diff_tolerance);
    } finally {
      await model.release();
    }
  });
});
