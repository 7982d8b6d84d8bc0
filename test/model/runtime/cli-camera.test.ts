/**
 * `dreamdrive run|render --camera model` as a user runs them (the compiled CLI, `npm run build`),
 * with the shipped model on a library scenario: the camera's report, a rollout the camera does not
 * change, the comparison files of render, a missing model folder, and the reference camera's
 * frames unchanged by the --camera option. The option parsing is tested
 * in-process (test/api/cli/camera-option.test.ts), which costs no process start per case.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readModelCard } from '../../../model/runtime/model-card';
import { runScenario } from '../../../eval/run-scenario';
import { metricsFromJson, metricsToJson } from '../../../sim/metrics/metrics';
import { encodePng } from '../../../sim/render/encode/png';
import { createRenderer } from '../../../sim/render/renderer';
import { describeCall, runCliAll, STACK_LINE, type CliResult } from '../../helpers/cli';
import { librarySpec, recordRun } from '../../helpers/scenario-runs';
import { MODEL_DIR } from './shipped-model';

/** cut_in under the IDM driver: 12 s at 10 Hz, 121 states, no collision. */
const SCENARIO = ['cut_in', '--policy', 'idm'];
const STATES = 121;
const EVERY = 20;
/** The CLI's default model is the shipped one; another export under test is passed with --model. */
const MODEL_ARGS = process.env.DREAMDRIVE_TEST_MODEL_DIR === undefined ? [] : ['--model', MODEL_DIR];

let dir: string;
const results = new Map<string, CliResult>();
const info = readModelCard(MODEL_DIR);
const K = info.contextFrames;

function result(key: string): CliResult {
  const r = results.get(key);
  if (r === undefined) throw new Error(`no CLI call named '${key}'`);
  return r;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { w: number; h: number } {
  const b = readFileSync(file);
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dreamdrive-cli-camera-'));
  const calls: Record<string, string[]> = {
    // Text on stdout, the JSON rollout (report, camera, steps) in --out: both outputs in one call.
    run: ['run', ...SCENARIO, '--camera', 'model', ...MODEL_ARGS, '--grounded', '--out', path.join(dir, 'run.json')],
    render: ['render', ...SCENARIO, '--camera', 'model', ...MODEL_ARGS, '--out', path.join(dir, 'render'), '--every', String(EVERY), '--gif', path.join(dir, 'c.gif')],
    missingModel: ['run', ...SCENARIO, '--camera', 'model', '--model', path.join(dir, 'no-model')],
    reference: ['render', ...SCENARIO, '--out', path.join(dir, 'reference'), '--every', String(EVERY), '--bev', '--semantic'],
  };
  const keys = Object.keys(calls);
  const out = await runCliAll(keys.map((k) => calls[k]));
  keys.forEach((k, i) => results.set(k, out[i]));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dreamdrive run --camera', () => {
  const written = (): { report: Record<string, unknown>; camera: Record<string, unknown>; steps: unknown[] } =>
    metricsFromJson(readFileSync(path.join(dir, 'run.json'), 'utf8')) as never;

  it('reports the model camera: K reference warm-up frames, then one prediction per state', () => {
    const r = result('run');
    if (r.code !== 0) throw new Error(describeCall(r));
    const { camera } = written();
    expect(camera).toMatchObject({ kind: 'model', label: `model (grounded, ${MODEL_DIR})`, frames: STATES, referenceFrames: K, modelFrames: STATES - K });
    expect(camera.framesPerS).toBeGreaterThan(0);
    expect(camera.modelMsPerFrame).toBeGreaterThan(0);
  });

  it('leaves the rollout as it is without a camera (same report and per-step hashes)', () => {
    const plain = runScenario(librarySpec('cut_in'), { policy: 'idm' });
    const { report, steps } = written();
    expect(report).toEqual(metricsFromJson(metricsToJson(plain.report)));
    expect(steps).toEqual(metricsFromJson(metricsToJson(plain.rollout.records)));
  });

  it('prints the camera\'s frames per second under the report', () => {
    const r = result('run');
    expect(r.stdout).toMatch(/^PASS /m);
    expect(r.stdout).toMatch(new RegExp(`^camera model \\(grounded, .+\\): ${STATES} frames \\(${K} reference warm-up \\+ ${STATES - K} predicted\\); [\\d.]+ s, \\d+ frames/s; model [\\d.]+ ms per predicted frame \\(\\d+ frames/s\\)$`, 'm'));
  });

  it('names a model folder that does not exist, with exit 1 and no stack', () => {
    const r = result('missingModel');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`model folder ${path.join(dir, 'no-model')} does not exist (export one with model/train/export.py --out DIR)\n`);
    expect(STACK_LINE.test(r.stderr)).toBe(false);
  });
});

describe('dreamdrive render --camera model', () => {
  it('writes the predicted frames, the comparison strips and a GIF', () => {
    const r = result('render');
    if (r.code !== 0) throw new Error(describeCall(r));
    const files = readdirSync(path.join(dir, 'render'));
    const written = Math.floor((STATES - 1) / EVERY) + 1;
    expect(files.filter((f) => /^frame_\d{4}\.png$/.test(f))).toHaveLength(written);
    expect(files.filter((f) => /^compare_\d{4}\.png$/.test(f))).toHaveLength(written);
    const { widthPx: W, heightPx: H } = info.frame;
    expect(pngSize(path.join(dir, 'render', 'frame_0001.png'))).toEqual({ w: W, h: H });
    // reference | model | difference, 2 px apart
    expect(pngSize(path.join(dir, 'render', 'compare_0001.png'))).toEqual({ w: 3 * W + 4, h: H });
    expect(readFileSync(path.join(dir, 'c.gif')).subarray(0, 6).toString()).toBe('GIF89a');
    expect(r.stdout).toMatch(/compare_\*\.png \(reference \| model \| \|difference\| x4\)/);
    expect(r.stdout).toMatch(/PSNR of the predicted frames against the reference: mean [\d.]+ dB over \d+ frames/);
  });

  it('writes the PSNR of every written frame: infinite for the reference warm-up, finite for predictions', () => {
    const csv = readFileSync(path.join(dir, 'render', 'psnr.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('frame,step,time_s,source,psnr_db');
    const rows = csv.slice(1).map((line) => line.split(','));
    expect(rows.map((r) => Number(r[1]))).toEqual(Array.from({ length: rows.length }, (_, i) => i * EVERY));
    for (const [, step, , source, psnr] of rows) {
      expect(source).toBe(Number(step) < K ? 'reference' : 'model');
      if (source === 'reference') expect(psnr).toBe('inf');
      else expect(Number(psnr)).toBeGreaterThan(0);
    }
    const json = metricsFromJson(readFileSync(path.join(dir, 'render', 'psnr.json'), 'utf8')) as { differenceGain: number; frames: { psnrDb: number }[] };
    expect(json.differenceGain).toBe(4);
    expect(json.frames.map((f) => f.psnrDb.toFixed(3).replace('Infinity', 'inf'))).toEqual(rows.map((r) => r[4]));
  });

});

describe('dreamdrive render (the reference camera, the default)', () => {
  it('writes the reference renderer\'s frames as before: PNG bytes equal to an in-process render, plus top-down views and class maps', () => {
    const r = result('reference');
    if (r.code !== 0) throw new Error(describeCall(r));
    const run = recordRun(librarySpec('cut_in'), 'idm');
    const renderer = createRenderer(run.runtime.setup.road, { camera: run.resolved.camera });
    const files = readdirSync(path.join(dir, 'reference'));
    const written = Math.floor((STATES - 1) / EVERY) + 1;
    for (const prefix of ['frame', 'bev', 'class']) expect(files.filter((f) => f.startsWith(`${prefix}_`))).toHaveLength(written);
    expect(files.some((f) => f.startsWith('compare_') || f.startsWith('psnr'))).toBe(false);
    for (const k of [0, 3]) {
      const { rgb, widthPx, heightPx } = renderer.render(run.states[k * EVERY]);
      expect(readFileSync(path.join(dir, 'reference', `frame_000${k}.png`)).equals(Buffer.from(encodePng(rgb, widthPx, heightPx)))).toBe(true);
    }
  });
});
