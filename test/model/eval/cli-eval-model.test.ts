import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HELD_OUT_FAMILIES } from '../../../model/dataset/splits';
import { assertBuilt, describeCall, runCli, runCliAll, STACK_LINE } from '../../helpers/cli';

/** A 2-episode, 5-frame run: model load, episodes, counterfactuals, throughput (~10 s on 2 busy cores). */
const RUN_TIMEOUT_MS = 180_000;

describe('dreamdrive eval-model (compiled CLI)', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-eval-model-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the JSON report, the PNG plot and the HTML page, and prints a summary', async () => {
    const out = path.join(dir, 'short');
    const r = await runCli(['eval-model', '--episodes', '2', '--horizon', '5', '--out', out], { timeoutMs: RUN_TIMEOUT_MS });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 test episodes .* horizon 5/);
    expect(r.stdout).toMatch(/copy last frame/);
    expect(r.stdout).toMatch(/controllability \(5 frames\)/);
    expect(r.stdout).toMatch(/throughput: batch 1 \d+ frames\/s .*batch 8 \d+ frames\/s/);

    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ format: 'dreamdrive-eval-model', formatVersion: 1, source: { kind: 'generated', split: 'test', episodes: 2 } });
    expect(report.horizon.h).toEqual([1, 2, 3, 4, 5]);
    for (const cam of ['model', 'modelGrounded', 'copyLastFrame']) {
      expect(report.horizon.psnrDb[cam]).toHaveLength(5);
      expect(report.horizon.ssim[cam]).toHaveLength(5);
      for (const v of report.horizon.psnrDb[cam]) expect(typeof v).toBe('number');
      expect(report.objectPersistence[cam]).toEqual(expect.objectContaining({ frames: 10, actorFrames: expect.any(Number), hallucinated: expect.any(Number), vanished: expect.any(Number) }));
    }
    expect(report.objectPersistence.reference.frames).toBe(10);
    expect(report.controllability).toEqual(expect.objectContaining({ horizon: 5, pairs: expect.any(Number), trials: expect.any(Number), correct: expect.any(Number) }));
    expect(report.controllability.pairs).toBeGreaterThanOrEqual(2);
    expect(report.throughput.runs.map((t: { batch: number }) => t.batch)).toEqual([1, 8]);
    for (const t of report.throughput.runs) expect(t.framesPerS).toBeGreaterThan(0);
    expect(Object.keys(report.acceptance)).toEqual(['psnrBeatsCopyLastFrame', 'psnrDbAt', 'controllability', 'groundedPersistenceErrorRate']);
    expect(report.acceptance.psnrDbAt.h50).toEqual({ target: 20, value: null, pass: null });
    for (const e of report.episodes) expect(HELD_OUT_FAMILIES).toContain(e.family);

    const png = fs.readFileSync(path.join(out, 'psnr_horizon.png'));
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([720, 420]);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('Acceptance (issue 4)');
  }, RUN_TIMEOUT_MS);

  it('prints the report as JSON with --json, the same document it writes', async () => {
    const out = path.join(dir, 'json');
    const r = await runCli(['eval-model', '--episodes', '1', '--horizon', '3', '--control-horizon', '4', '--out', out, '--json'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed).toEqual(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')));
    expect(printed.controllability.horizon).toBe(4);
  }, RUN_TIMEOUT_MS);

  it('writes the evaluation summary into a copy of the model card with --card, the rest of the card kept', async () => {
    const modelCopy = path.join(dir, 'model-copy');
    fs.cpSync(path.join(__dirname, '..', '..', '..', 'model', 'weights'), modelCopy, { recursive: true });
    const before = JSON.parse(fs.readFileSync(path.join(modelCopy, 'model_card.json'), 'utf8'));
    const out = path.join(dir, 'card');
    const r = await runCli(['eval-model', '--model', modelCopy, '--episodes', '1', '--horizon', '3', '--control-horizon', '4', '--decode', 'direct', '--out', out, '--card'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(r.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    const card = JSON.parse(fs.readFileSync(path.join(modelCopy, 'model_card.json'), 'utf8'));
    expect({ ...card, evaluation: null }).toEqual({ ...before, evaluation: null });
    expect(card.evaluation).toMatchObject({ decoding: 'direct', command: expect.stringMatching(/^dreamdrive eval-model .*--card/) });
    expect(card.evaluation.psnrDb.model).toEqual({ h1: report.horizon.psnrDb.model[0], h2: report.horizon.psnrDb.model[1] });
    expect(card.evaluation.acceptance).toEqual(report.acceptance);
  }, RUN_TIMEOUT_MS);

  it("judges a dataset folder's test split with --data, and refuses one whose frames were altered", async () => {
    const data = path.join(dir, 'data');
    const made = await runCli(['dataset', '--out', data, '--episodes', '12', '--steps', '12', '--workers', '1'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(made.code).toBe(0);
    const out = path.join(dir, 'data-report');
    const r = await runCli(['eval-model', '--data', data, '--episodes', '2', '--horizon', '5', '--out', out, '--json'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const manifest = JSON.parse(fs.readFileSync(path.join(data, 'manifest.json'), 'utf8'));
    expect(report.source).toMatchObject({ kind: 'dataset', data, seed: 0, steps: 12, split: 'test' });
    expect(report.episodes.map((e: { index: number }) => e.index)).toEqual(manifest.splits.episodes.test.slice(0, 2));
    // Flip a byte inside the first test episode's frame 2.
    const first = manifest.splits.episodes.test[0];
    const shard = manifest.shards.find((s: { firstEpisode: number; episodes: number }) => first >= s.firstEpisode && first < s.firstEpisode + s.episodes);
    const file = path.join(data, shard.name, 'frames.npy');
    const bytes = fs.readFileSync(file);
    const frameBytes = 64 * 64 * 3;
    const at = bytes.length - shard.episodes * 12 * frameBytes + ((first - shard.firstEpisode) * 12 + 2) * frameBytes + 77;
    bytes[at] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const bad = await runCli(['eval-model', '--data', data, '--episodes', '2', '--horizon', '5', '--out', out], { timeoutMs: RUN_TIMEOUT_MS });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`frames.npy: episode ${first} frame 2 is not what this generator renders`));
    expect(bad.stderr).not.toMatch(STACK_LINE);
  }, RUN_TIMEOUT_MS);

  it('refuses bad options with a clear message and no stack trace', async () => {
    const calls = [
      ['eval-model', '--split', 'holdout'],
      ['eval-model', '--horizon', '0'],
      ['eval-model', 'extra'],
      ['eval-model', '--model', path.join(dir, 'no-such-model')],
      ['eval-model', '--horizon', '10', '--steps', '8', '--out', path.join(dir, 'x')],
      ['eval-model', '--data', dir, '--seed', '3'],
      ['eval-model', '--decode', 'blurry'],
      ['eval-model', '--family', 'cut_in'],
      ['eval-model', '--data', dir, '--family', 'library:cut_in'],
    ];
    const expected: [number, RegExp][] = [
      [2, /--split must be one of train, val, test, got 'holdout'/],
      [2, /--horizon must be an integer >= 1, got '0'/],
      [2, /unexpected argument 'extra'/],
      [1, /--model .*no-such-model does not exist/],
      [2, /--steps 8 is too short for K \+ H = \d+ \+ 10 frames/],
      [2, /--data takes the seed and steps from DIR\/manifest.json; drop --seed and --steps/],
      [2, /--decode must be one of calibrated, anchored, direct, got 'blurry'/],
      [2, /--family: no family 'cut_in' \(families: library:curved_road, library:cut_in, /],
      [2, /--family and --exclude-family choose generated episodes; drop --data/],
    ];
    const results = await runCliAll(calls);
    results.forEach((r, i) => {
      expect({ call: describeCall(r), code: r.code }).toEqual({ call: describeCall(r), code: expected[i][0] });
      expect(r.stderr).toMatch(expected[i][1]);
      expect(r.stderr).not.toMatch(STACK_LINE);
    });
  }, RUN_TIMEOUT_MS);
});
