/**
 * Writes a behaviour-cloning dataset of lane-keeping demonstrations (demo-episode.ts) as NPY files
 * that model/policy_train/train.py reads with numpy alone:
 *
 *   frames.npy   |u1  (N, H, W, 3)   camera frame of each sample, top row first
 *   state.npy    <f4  (N, S)         policy-state.ts fields (manifest.stateFields), in order
 *   action.npy   <f4  (N, 2)         expert's noise-free command: accel m/s^2 (before its jerk limit), steer rad (+ left)
 *   error.npy    <f4  (N, 2)         lateral offset from the lane centre (m, + left), speed - set speed (m/s)
 *   episode.npy  <i4  (N,)           episode index of each sample (the trainer splits by episode)
 *   manifest.json                    arguments, camera, fields, per-episode metadata
 *
 * N = episodes x steps; samples are in episode order. Episode i depends only on (seed, i). The
 * folder is written as DIR.partial-<pid> and renamed when complete, so DIR is never half-written.
 *
 *   node dist/model/policy-data/write-demos.js --out /tmp/bc/demos --episodes 300 --steps 80
 */
import { closeSync, existsSync, openSync, renameSync, rmSync, mkdirSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CAMERA_MODEL, type CameraModel } from '../../sim/render/camera-model';
import { npyHeader, type NpyDescr } from '../dataset/npy';
import { STATE_FIELDS, type StateField } from '../policies/policy-state';
import { demoEpisode, MAX_ACCEL_NOISE_MPS2, MAX_STEER_NOISE_RAD, type DemoConfig, type DemoMeta } from './demo-episode';

export const DEMO_FORMAT = 'dreamdrive-policy-demos';
export const DEMO_FORMAT_VERSION = 1;
/** The camera policy reads its speed and its set speed (policy-state.ts). */
export const DEMO_STATE_FIELDS: readonly StateField[] = ['speed_mps', 'set_speed_mps'];

export interface DemoArguments {
  readonly out: string;
  readonly episodes: number;
  readonly steps: number;
  readonly seed: number;
  readonly supersample: number;
}

interface ArrayFile {
  readonly name: string;
  readonly descr: NpyDescr;
  readonly itemShape: readonly number[];
  fd: number;
}

function writeAll(fd: number, bytes: Uint8Array | Float32Array | Int32Array): void {
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let done = 0;
  while (done < view.length) done += writeSync(fd, view, done, view.length - done);
}

export function writeDemos(args: DemoArguments, onEpisode: (done: number, total: number) => void = () => {}): { samples: number; seconds: number } {
  for (const k of ['episodes', 'steps', 'supersample'] as const) {
    if (!Number.isInteger(args[k]) || args[k] < 1) throw new RangeError(`policy demos: --${k} must be an integer >= 1, got ${args[k]}`);
  }
  const out = resolve(args.out);
  if (existsSync(out)) throw new Error(`policy demos: ${out} exists; remove it or choose another --out`);
  const camera: CameraModel = DEFAULT_CAMERA_MODEL;
  const config: DemoConfig = { seed: args.seed, steps: args.steps, dtS: 0.1, camera, supersample: args.supersample, stateFields: DEMO_STATE_FIELDS };
  const N = args.episodes * args.steps;
  const S = DEMO_STATE_FIELDS.length;
  const tmp = `${out}.partial-${process.pid}`;
  mkdirSync(dirname(out), { recursive: true });
  mkdirSync(tmp);
  const files: ArrayFile[] = [
    { name: 'frames', descr: '|u1', itemShape: [camera.heightPx, camera.widthPx, 3], fd: -1 },
    { name: 'state', descr: '<f4', itemShape: [S], fd: -1 },
    { name: 'action', descr: '<f4', itemShape: [2], fd: -1 },
    { name: 'error', descr: '<f4', itemShape: [2], fd: -1 },
    { name: 'episode', descr: '<i4', itemShape: [], fd: -1 },
  ];
  const t0 = process.hrtime.bigint();
  const metas: DemoMeta[] = [];
  try {
    for (const f of files) {
      f.fd = openSync(join(tmp, `${f.name}.npy`), 'w');
      writeAll(f.fd, npyHeader(f.descr, [N, ...f.itemShape]));
    }
    for (let i = 0; i < args.episodes; i++) {
      const e = demoEpisode(config, i);
      metas.push(e.meta);
      writeAll(files[0].fd, e.frames);
      writeAll(files[1].fd, e.state);
      writeAll(files[2].fd, e.action);
      writeAll(files[3].fd, e.error);
      writeAll(files[4].fd, new Int32Array(args.steps).fill(i));
      onEpisode(i + 1, args.episodes);
    }
    for (const f of files) closeSync(f.fd);
    const manifest = {
      format: DEMO_FORMAT,
      formatVersion: DEMO_FORMAT_VERSION,
      arguments: { episodes: args.episodes, steps: args.steps, seed: args.seed, supersample: args.supersample },
      samples: N,
      dtS: config.dtS,
      camera,
      stateFields: DEMO_STATE_FIELDS,
      allStateFields: STATE_FIELDS,
      actionFields: ['accel_mps2', 'steer_rad'],
      errorFields: ['lane_offset_m', 'speed_error_mps'],
      expert: 'pure-pursuit on the ego lane at the set speed (sim/policies/pure-pursuit-policy.ts)',
      noise: { maxSteerSigmaRad: MAX_STEER_NOISE_RAD, maxAccelSigmaMps2: MAX_ACCEL_NOISE_MPS2 },
      episodes: metas,
    };
    const fd = openSync(join(tmp, 'manifest.json'), 'w');
    writeAll(fd, Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`));
    closeSync(fd);
    renameSync(tmp, out);
  } catch (error) {
    for (const f of files) if (f.fd >= 0) try { closeSync(f.fd); } catch { /* already closed */ }
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  return { samples: N, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

function main(argv: readonly string[]): number {
  const { values } = parseArgs({
    args: [...argv],
    options: { out: { type: 'string' }, episodes: { type: 'string' }, steps: { type: 'string' }, seed: { type: 'string' }, supersample: { type: 'string' } },
  });
  if (values.out === undefined) {
    process.stderr.write('usage: node dist/model/policy-data/write-demos.js --out DIR [--episodes 300] [--steps 80] [--seed 0] [--supersample 2]\n');
    return 2;
  }
  const args: DemoArguments = {
    out: values.out,
    episodes: Number(values.episodes ?? 300),
    steps: Number(values.steps ?? 80),
    seed: Number(values.seed ?? 0),
    supersample: Number(values.supersample ?? 2),
  };
  const r = writeDemos(args, (done, total) => {
    if (done % 10 === 0 || done === total) process.stderr.write(`\rdemos: ${done}/${total} episodes`);
  });
  process.stderr.write(`\nwrote ${r.samples} samples to ${resolve(args.out)} in ${r.seconds.toFixed(1)} s (${(r.samples / r.seconds).toFixed(0)} samples/s)\n`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`policy demos: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
