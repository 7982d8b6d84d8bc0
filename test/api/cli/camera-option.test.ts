/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * The camera options of `run` and `render` in-process: parsing with usage errors (exit 2), opening
 * each camera kind for a library scenario, and the one-line report.
 */
import * as path from 'node:path';
import { cameraStatsJson, formatCameraStats, openCamera, parseCameraChoice } from '../../../api/cli/camera-option';
import { CliError } from '../../../api/cli/cli-error';
import { readModelCard } from '../../../model/runtime/model-card';
import { ModelError } from '../../../model/runtime/model-error';
import { defaultModelDir } from '../../../model/runtime/world-model';
import { librarySpec, recordRun } from '../../helpers/scenario-runs';
import { MODEL_DIR } from '../../model/runtime/shipped-model';

const run = recordRun(librarySpec('cut_in'), 'idm');
const info = readModelCard(MODEL_DIR);
const base = { road: run.runtime.setup.road, camera: run.resolved.camera, dtS: run.runtime.setup.dtS };

function usageError(f: () => unknown): CliError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return err as CliError;
  }
  throw new Error('no error');
}

describe('parseCameraChoice', () => {
  it('defaults to the given kind and to the shipped model folder', () => {
    expect(parseCameraChoice('run', {}, 'none')).toEqual({ kind: 'none', modelDir: defaultModelDir(), grounded: false });
    expect(parseCameraChoice('render', { camera: 'model', model: 'some/dir', grounded: true }, 'reference')).toEqual({ kind: 'model', modelDir: path.resolve('some/dir'), grounded: true });
  });

  it.each([
    [{ camera: 'fisheye' }, "dreamdrive run: unknown --camera 'fisheye' (choose none, reference, model)"],
    [{ grounded: true }, 'dreamdrive run: --grounded needs --camera model'],
    [{ camera: 'reference', model: 'x' }, 'dreamdrive run: --model needs --camera model'],
  ])('refuses %o as a usage error (exit 2)', (values, message) => {
    const err = usageError(() => parseCameraChoice('run', values, 'none'));
    expect({ message: err.message, exitCode: err.exitCode }).toEqual({ message, exitCode: 2 });
  });
});

describe('openCamera', () => {
  const warnings: string[] = [];
  const warn = (l: string) => warnings.push(l);

  it('opens none, reference and model cameras; the model camera takes the model\'s frame size', async () => {
    for (const kind of ['none', 'reference', 'model'] as const) {
      const opened = await openCamera(parseCameraChoice('run', { camera: kind, model: kind === 'model' ? MODEL_DIR : undefined }, 'none'), { ...base, warn });
      expect(opened.source.kind).toBe(kind);
      if (kind === 'model') expect(opened.camera).toMatchObject(info.frame);
      const frame = await opened.source.frame({ world: run.states[0] });
      expect(frame === null).toBe(kind === 'none');
      await opened.close();
    }
    expect(warnings).toEqual([]);
  });

  it('refuses a size the model does not make, naming both', async () => {
    const size = { widthPx: info.frame.widthPx * 2, heightPx: info.frame.heightPx };
    const opening = openCamera(parseCameraChoice('render', { camera: 'model', model: MODEL_DIR }, 'reference'), { ...base, size, warn });
    await expect(opening).rejects.toThrow(ModelError);
    await expect(openCamera(parseCameraChoice('render', { camera: 'model', model: MODEL_DIR }, 'reference'), { ...base, size, warn })).rejects.toThrow(
      `makes ${info.frame.widthPx}x${info.frame.heightPx} frames; the camera is ${size.widthPx}x${size.heightPx}`,
    );
  });

  it('warns when the scenario\'s camera is not the one the model was trained with', async () => {
    warnings.length = 0;
    const opened = await openCamera(parseCameraChoice('run', { camera: 'model', model: MODEL_DIR }, 'none'), { ...base, camera: { ...base.camera, pitchRad: 0 }, warn });
    await opened.close();
    expect(warnings).toEqual([expect.stringMatching(/^warning: the world model was trained with another camera: pitchRad is 0.0000, the training data's is -0.0873$/)]);
  });
});

describe('formatCameraStats', () => {
  it('gives frames, the warm-up share and the rates (hand-computed)', () => {
    const stats = { frames: 100, referenceFrames: 4, modelFrames: 96, seconds: 0.5, modelSeconds: 0.48 };
    expect(formatCameraStats('model (ungrounded, w)', stats)).toBe(
      'camera model (ungrounded, w): 100 frames (4 reference warm-up + 96 predicted); 0.50 s, 200 frames/s; model 5.00 ms per predicted frame (200 frames/s)',
    );
    expect(formatCameraStats('reference', { frames: 10, referenceFrames: 10, modelFrames: 0, seconds: 0.01, modelSeconds: 0 })).toBe('camera reference: 10 frames; 0.01 s, 1000 frames/s');
    expect(cameraStatsJson('model', 'm', stats)).toMatchObject({ kind: 'model', label: 'm', framesPerS: 200, modelMsPerFrame: 5 });
  });
});
