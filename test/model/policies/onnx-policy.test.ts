/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * ONNX policy files (model/policies/onnx-policy.ts): the shipped camera policy reproduces PyTorch on
 * its parity fixture; a file whose card is missing or disagrees with the graph is refused with the
 * file and the tensor named; a curvature output becomes a steering angle; a frame of the wrong size
 * stops the run.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { prepareLoopRun } from '../../../eval/policy-choice';
import { cameraPolicyFile } from '../../../model/policies/camera-policy';
import { loadOnnxPolicy, onnxLoopPolicy } from '../../../model/policies/onnx-policy';
import { policyCardPath } from '../../../model/policies/policy-card';
import { ModelError } from '../../../model/runtime/model-error';
import { initialWorld } from '../../../sim/world/init';
import { readNpy } from '../dataset/npy-reader';
import { maxAbsDiff } from '../runtime/shipped-model';
import { librarySpec } from '../../helpers/scenario-runs';

const SHIPPED = cameraPolicyFile();
const FIXTURE_DIR = path.dirname(SHIPPED);

interface FixtureJson {
  readonly inputs: Record<string, { file: string; shape: number[] }>;
  readonly outputs: Record<string, { file: string; shape: number[] }>;
  readonly max_abs_diff_tolerance: number;
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'dreamdrive-policy-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the shipped policy in `dir`, its card changed by `edit`. */
function copyWithCard(edit: (card: Record<string, any>) => void, name = 'p'): string {
  const onnx = path.join(dir, `${name}.onnx`);
  copyFileSync(SHIPPED, onnx);
  const card = JSON.parse(readFileSync(policyCardPath(SHIPPED), 'utf8'));
  edit(card);
  writeFileSync(policyCardPath(onnx), JSON.stringify(card));
  return onnx;
}

async function loadError(file: string): Promise<string> {
  try {
    const m = await loadOnnxPolicy(file);
    await m.release();
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return (err as Error).message;
  }
  throw new Error(`loadOnnxPolicy(${file}) did not fail`);
}

describe('the shipped camera policy file', () => {
  test('reproduces PyTorch\'s actions on its parity fixture (real validation frames)', async () => {
    const fx = JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'fixture', 'fixture.json'), 'utf8')) as FixtureJson;
    const frames = readNpy(path.join(FIXTURE_DIR, fx.inputs.frame.file));
    const state = readNpy(path.join(FIXTURE_DIR, fx.inputs.state.file));
    const actions = readNpy(path.join(FIXTURE_DIR, fx.outputs.action.file));
    const [B, H, W] = frames.shape;
    const S = state.shape[1];
    expect(B).toBeGreaterThanOrEqual(2);
    const model = await loadOnnxPolicy(SHIPPED);
    try {
      for (let b = 0; b < B; b++) {
        const got = await model.run((frames.data as Float32Array).slice(b * H * W * 3, (b + 1) * H * W * 3), (state.data as Float32Array).slice(b * S, (b + 1) * S));
        expect(maxAbsDiff(got, (actions.data as Float32Array).slice(2 * b, 2 * b + 2))).toBeLessThanOrEqual(fx.max_abs_diff_tolerance);
      }
    } finally {
      await model.release();
    }
  });
});

describe('loading a policy file that is wrong', () => {
  test('names a file that does not exist, and one that is not .onnx', async () => {
    const missing = path.join(dir, 'nope.onnx');
    expect(await loadError(missing)).toBe(`policy file ${missing} does not exist`);
    expect(await loadError(path.join(dir, 'p.pt'))).toBe(`${path.join(dir, 'p.pt')}: a policy file must be an .onnx graph (with NAME.card.json beside it)`);
  });

  test('names the missing sidecar card', async () => {
    const onnx = path.join(dir, 'bare.onnx');
    copyFileSync(SHIPPED, onnx);
    expect(await loadError(onnx)).toBe(`${path.join(dir, 'bare.card.json')} is missing: an ONNX policy needs a sidecar card that declares its inputs and outputs (see model/policies/policy-card.ts)`);
  });

  test('names the tensor whose size the card gets wrong (the graph check of model/runtime)', async () => {
    const onnx = copyWithCard((c) => {
      c.inputs.state = { shape: ['batch', 3], fields: ['speed_mps', 'accel_mps2', 'set_speed_mps'] };
    });
    expect(await loadError(onnx)).toBe(`${onnx}: input 'state' has shape [batch, 2], ${policyCardPath(onnx)} implies [batch, 3] (axis 1 differs)`);
  });

  test('names inputs the card leaves out', async () => {
    const onnx = copyWithCard((c) => delete c.inputs.state);
    expect(await loadError(onnx)).toBe(`${onnx}: inputs are (frame, state), ${policyCardPath(onnx)} expects (frame) for the policy graph`);
  });

  test('names a frame size the graph was not made for', async () => {
    const onnx = copyWithCard((c) => (c.inputs.frame.shape = ['batch', 32, 32, 3]));
    expect(await loadError(onnx)).toBe(`${onnx}: input 'frame' has shape [batch, 64, 64, 3], ${policyCardPath(onnx)} implies [batch, 32, 32, 3] (axis 1 differs)`);
  });
});

describe('an ONNX policy in a run', () => {
  test('a curvature output becomes the front-wheel angle atan(curvature * wheelbase)', async () => {
    const steer = copyWithCard(() => {}, 'steer');
    const curv = copyWithCard((c) => (c.outputs.action.fields = ['accel_mps2', 'curvature_per_m']), 'curv');
    const run = await prepareLoopRun(librarySpec('curved_road'), {}, { kind: 'onnx', path: steer });
    const world = initialWorld(run.runtime);
    const frame = { widthPx: 64, heightPx: 64, rgb: new Uint8Array(64 * 64 * 3).fill(120) };
    const obs = { world, road: run.runtime.setup.road, dtS: run.runtime.setup.dtS, frame, frameSource: 'reference' as const };
    const asCurvature = onnxLoopPolicy(await loadOnnxPolicy(curv), run.runtime, 'curv');
    try {
      const a = await run.policy.act(obs);
      const b = await asCurvature.act(obs);
      expect(b.accelMps2).toBe(a.accelMps2);
      expect(b.steerRad).toBeCloseTo(Math.atan(a.steerRad * run.runtime.egoParams.wheelbaseM), 12);
      expect(b.steerRad).not.toBe(a.steerRad);
    } finally {
      await run.policy.close?.();
      await asCurvature.close?.();
    }
  });

  test('a frame of another size than the card\'s stops the run with the step named', async () => {
    const run = await prepareLoopRun(librarySpec('curved_road'), {}, { kind: 'camera' });
    const world = initialWorld(run.runtime);
    const frame = { widthPx: 32, heightPx: 32, rgb: new Uint8Array(32 * 32 * 3) };
    try {
      await expect(Promise.resolve(run.policy.act({ world, road: run.runtime.setup.road, dtS: 0.1, frame, frameSource: 'reference' }))).rejects.toThrow(
        `policy camera takes 64x64 frames (${policyCardPath(SHIPPED)}); the camera gives 32x32`,
      );
      await expect(Promise.resolve(run.policy.act({ world, road: run.runtime.setup.road, dtS: 0.1, frame: null, frameSource: null }))).rejects.toThrow(
        'policy camera reads camera frames, but step 0 has none (run it with a camera)',
      );
    } finally {
      await run.policy.close?.();
    }
  });
});
