/**
 * `dreamdrive model-rollouts`: the layout refiner's training data, written from the runtime's own
 * grounded rollouts on generated episodes beside the reference frames and layouts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadLibraryScenarios } from '../../../model/dataset/generate';
import { loadEvalEpisode, splitEpisodes } from '../../../model/eval/test-episodes';
import { readModelCard } from '../../../model/runtime/model-card';
import { assertBuilt, runCli, STACK_LINE } from '../../helpers/cli';
import { readNpy } from '../dataset/npy-reader';
import { MODEL_DIR } from '../runtime/shipped-model';

const RUN_TIMEOUT_MS = 120_000;

describe('dreamdrive model-rollouts (compiled CLI)', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-rollouts-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes both cameras\' predicted frames, the reprojected last real frame, the reference frames, their class maps and each frame\'s layout of N rollouts', async () => {
    const out = path.join(dir, 'val');
    const r = await runCli(['model-rollouts', '--model', MODEL_DIR, '--split', 'val', '--episodes', '2', '--horizon', '3', '--threads', '1', '--out', out], { timeoutMs: RUN_TIMEOUT_MS });
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 2 grounded and ungrounded rollouts of 3 frames \(val episodes, seed 0\)/);
    const info = readModelCard(MODEL_DIR);
    const { widthPx: W, heightPx: H } = info.frame;
    const pred = readNpy(path.join(out, 'pred.npy'));
    const truth = readNpy(path.join(out, 'truth.npy'));
    for (const name of ['free', 'warped']) expect(readNpy(path.join(out, `${name}.npy`)).shape).toEqual([2, 3, H, W, 3]);
    const layout = readNpy(path.join(out, 'layout.npy'));
    expect(pred.descr).toBe('|u1');
    expect(pred.shape).toEqual([2, 3, H, W, 3]);
    expect(truth.shape).toEqual([2, 3, H, W, 3]);
    expect(layout.descr).toBe('<f4');
    expect(layout.shape).toEqual([2, 3, info.layoutSlots, 7]);
    const meta = JSON.parse(fs.readFileSync(path.join(out, 'rollouts.json'), 'utf8'));
    expect(meta).toMatchObject({ split: 'val', seed: 0, contextFrames: info.contextFrames, horizon: 3, camera: info.camera });
    // the reference frames and layouts are those of frames K .. K + 2 of the split's first episodes
    const library = loadLibraryScenarios();
    const refs = splitEpisodes(0, 'val', 2, library);
    expect(meta.episodes).toEqual(refs.map((e) => e.index));
    const K = info.contextFrames;
    const frameBytes = W * H * 3;
    const e = loadEvalEpisode({ seed: 0, steps: meta.steps, widthPx: W, heightPx: H, supersample: 2, library, split: 'val' }, refs[1], K + 3);
    expect(Buffer.from(truth.data.subarray(3 * frameBytes, 6 * frameBytes) as Uint8Array).equals(Buffer.from(e.rgb.subarray(K * frameBytes, (K + 3) * frameBytes)))).toBe(true);
    const classes = readNpy(path.join(out, 'classes.npy'));
    expect(classes.descr).toBe('|u1');
    expect(classes.shape).toEqual([2, 3, H, W]);
    expect(Buffer.from(classes.data.subarray(3 * W * H, 6 * W * H) as Uint8Array).equals(Buffer.from(e.classes.subarray(K * W * H, (K + 3) * W * H)))).toBe(true);
    const slot = info.layoutSlots * 7;
    expect(Array.from(layout.data.subarray(3 * slot, 6 * slot))).toEqual(Array.from(e.layout.subarray(K * e.layoutSlots * 7, (K + 3) * e.layoutSlots * 7)));
    // predictions are the model's, not copies of the reference
    expect(Buffer.from(pred.data as Uint8Array).equals(Buffer.from(truth.data as Uint8Array))).toBe(false);
  }, RUN_TIMEOUT_MS);

  it('rolls out only the families asked for, and says so in rollouts.json', async () => {
    const out = path.join(dir, 'merge');
    const r = await runCli(['model-rollouts', '--model', MODEL_DIR, '--split', 'val', '--family', 'procedural:merge', '--episodes', '2', '--horizon', '1', '--threads', '1', '--out', out], { timeoutMs: RUN_TIMEOUT_MS });
    expect(r.code).toBe(0);
    const meta = JSON.parse(fs.readFileSync(path.join(out, 'rollouts.json'), 'utf8'));
    expect(meta.families).toBe('families procedural:merge');
    expect(meta.episodes).toEqual(splitEpisodes(0, 'val', 2, loadLibraryScenarios(), { only: ['procedural:merge'] }).map((e) => e.index));
    const bad = await runCli(['model-rollouts', '--out', path.join(dir, 'y'), '--exclude-family', 'merge']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--exclude-family: no family 'merge'/);
    expect(fs.existsSync(path.join(dir, 'y'))).toBe(false);
  }, RUN_TIMEOUT_MS);

  it('refuses a missing --out and an unknown split with usage errors', async () => {
    const noOut = await runCli(['model-rollouts', '--episodes', '1']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out DIR is required/);
    const split = await runCli(['model-rollouts', '--out', path.join(dir, 'x'), '--split', 'holdout']);
    expect(split.code).toBe(2);
    expect(split.stderr).toMatch(/--split must be one of train, val, test, got 'holdout'/);
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
  });
});
