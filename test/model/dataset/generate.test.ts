import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeRun, prepareRun } from '../../../eval/run-scenario';
import { DatasetError, episodeConfigOf, type DatasetArguments } from '../../../model/dataset/dataset-config';
import { episodeRollout } from '../../../model/dataset/episode';
import { generateDataset, loadLibraryScenarios } from '../../../model/dataset/generate';
import type { Manifest } from '../../../model/dataset/manifest';
import { COMPLETE_MARKER } from '../../../model/dataset/shard';
import { toEgoFrame } from '../../../model/dataset/ego-frame';
import { readNpy } from './npy-reader';

/** The compiled worker (npm test builds first); without it the run is in-process and the 1-vs-2 test is moot. */
const WORKER = path.join(__dirname, '../../../dist/model/dataset/dataset-worker.js');
const HAVE_WORKER = fs.existsSync(WORKER);

const ARGS: DatasetArguments = { episodes: 4, seed: 7, steps: 8, widthPx: 16, heightPx: 12, shardEpisodes: 2, supersample: 1 };

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-dataset-'));
}

function filesOf(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const shard of fs.readdirSync(dir).filter((n) => n.startsWith('shard_')).sort()) {
    for (const f of fs.readdirSync(path.join(dir, shard)).sort()) out[`${shard}/${f}`] = fs.readFileSync(path.join(dir, shard, f));
  }
  return out;
}

describe('generateDataset on a tiny dataset (4 episodes, 8 steps)', () => {
  let dir: string;
  let manifest: Manifest;

  beforeAll(async () => {
    dir = tmp();
    manifest = (await generateDataset({ outDir: dir, args: ARGS, workers: 2, workerScript: HAVE_WORKER ? WORKER : null })).manifest;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a complete manifest listing both shards, the splits and the camera', () => {
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(manifest)));
    expect(onDisk.complete).toBe(true);
    expect(onDisk.formatVersion).toBe(1);
    expect(onDisk.shards.map((s) => s.name)).toEqual(['shard_00000', 'shard_00001']);
    expect(onDisk.camera).toMatchObject({ widthPx: 16, heightPx: 12 });
    const all = [...onDisk.splits.episodes.train, ...onDisk.splits.episodes.val, ...onDisk.splits.episodes.test].sort();
    expect(all).toEqual([0, 1, 2, 3]);
    expect(onDisk.generator.libraryEpisodes + onDisk.generator.proceduralEpisodes).toBe(4);
  });

  it('writes .npy files that parse with the shapes and dtypes of the manifest', () => {
    for (const shard of manifest.shards) {
      for (const a of manifest.arrays) {
        const arr = readNpy(path.join(dir, shard.name, a.file));
        expect([a.file, arr.descr]).toEqual([a.file, a.dtype]);
        expect(arr.shape).toEqual([shard.episodes, ...a.shapePerEpisode]);
      }
    }
    expect(readNpy(path.join(dir, 'shard_00000', 'frames.npy')).shape).toEqual([2, 8, 12, 16, 3]);
    expect(readNpy(path.join(dir, 'shard_00000', 'layout.npy')).shape).toEqual([2, 8, 16, 7]);
  });

  it('stores futures equal to the ego poses at t+1..t+K in the frame at t, invalid past the episode', () => {
    const ego = readNpy(path.join(dir, 'shard_00001', 'ego.npy')).data as Float32Array;
    const future = readNpy(path.join(dir, 'shard_00001', 'future.npy')).data as Float32Array;
    const valid = readNpy(path.join(dir, 'shard_00001', 'future_valid.npy')).data as Uint8Array;
    const T = ARGS.steps;
    const K = manifest.horizon;
    const pose = (e: number, t: number) => ({ x: ego[(e * T + t) * 6], y: ego[(e * T + t) * 6 + 1], yaw: ego[(e * T + t) * 6 + 2] });
    for (let e = 0; e < 2; e++) {
      for (let t = 0; t < T; t++) {
        for (let k = 1; k <= K; k++) {
          const i = (e * T + t) * K + (k - 1);
          expect(valid[i]).toBe(t + k < T ? 1 : 0);
          if (t + k >= T) continue;
          const r = toEgoFrame(pose(e, t), pose(e, t + k));
          expect(future[i * 3]).toBeCloseTo(r.dx, 3);
          expect(future[i * 3 + 1]).toBeCloseTo(r.dy, 3);
          expect(future[i * 3 + 2]).toBeCloseTo(r.dyaw, 4);
        }
      }
    }
  });

  it('stores the actions the closed-loop rollout applied', () => {
    const config = episodeConfigOf(ARGS, loadLibraryScenarios());
    const actions = readNpy(path.join(dir, 'shard_00000', 'actions.npy')).data as Float32Array;
    for (const e of [0, 1]) {
      const { plan } = episodeRollout(config, e);
      const run = prepareRun(plan.spec, { seed: plan.worldSeed, overrides: plan.overrides }, { kind: 'builtin', name: plan.policy });
      const records = executeRun(run, { stopOnCollision: false }).rollout.records;
      for (let t = 0; t < ARGS.steps; t++) {
        expect(actions[(e * ARGS.steps + t) * 2]).toBeCloseTo(records[t].action!.accelMps2, 4);
        expect(actions[(e * ARGS.steps + t) * 2 + 1]).toBeCloseTo(records[t].action!.steerRad, 5);
      }
    }
  });

  (HAVE_WORKER ? it : it.skip)('gives identical bytes with 1 and 2 workers', async () => {
    const one = tmp();
    try {
      await generateDataset({ outDir: one, args: ARGS, workers: 1, workerScript: null });
      expect(filesOf(one)).toEqual(filesOf(dir));
    } finally {
      fs.rmSync(one, { recursive: true, force: true });
    }
  });

  it('keeps the held-out families out of the training and validation episodes', () => {
    const metas = manifest.shards.flatMap((s) => (JSON.parse(fs.readFileSync(path.join(dir, s.name, 'episodes.json'), 'utf8')) as { episodes: { family: string; split: string; index: number }[] }).episodes);
    for (const m of metas) {
      expect(manifest.splits.episodes[m.split as 'train'].includes(m.index)).toBe(true);
      expect(manifest.splits.heldOutFamilies.includes(m.family)).toBe(m.split === 'test');
    }
  });

  const python = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  const HAVE_NUMPY = python.status === 0;
  if (!HAVE_NUMPY) {
    it.skip('loads with numpy (skipped: /usr/bin/python3 has no numpy; install python3-numpy)', () => undefined);
  } else {
    it('loads with numpy.load(allow_pickle=False) with the manifest shapes', () => {
      const script = `
import json, sys, numpy as np
d = sys.argv[1]
m = json.load(open(d + '/manifest.json'))
for s in m['shards']:
    for a in m['arrays']:
        x = np.load(d + '/' + s['name'] + '/' + a['file'], allow_pickle=False)
        assert x.dtype == np.dtype(a['dtype']), (a['file'], x.dtype)
        assert list(x.shape) == [s['episodes']] + a['shapePerEpisode'], (a['file'], x.shape)
print('ok')
`;
      const r = spawnSync('/usr/bin/python3', ['-c', script, dir], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('ok');
    });
  }
});

describe('generateDataset resume', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tmp();
    await generateDataset({ outDir: dir, args: ARGS, workers: 1, workerScript: null });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('skips complete shards when rerun with the same arguments', async () => {
    const r = await generateDataset({ outDir: dir, args: ARGS, workers: 1, workerScript: null });
    expect([r.shardsWritten, r.shardsSkipped, r.framesWritten]).toEqual([0, 2, 0]);
  });

  it.each([
    ['a truncated array', (shard: string) => fs.truncateSync(path.join(shard, 'frames.npy'), 100)],
    ['a missing completion marker', (shard: string) => fs.rmSync(path.join(shard, COMPLETE_MARKER))],
    ['a missing file', (shard: string) => fs.rmSync(path.join(shard, 'layout.npy'))],
  ])('redoes a shard with %s and gives the same bytes back', async (_what, damage) => {
    const before = filesOf(dir);
    damage(path.join(dir, 'shard_00001'));
    const r = await generateDataset({ outDir: dir, args: ARGS, workers: 1, workerScript: null });
    expect([r.shardsWritten, r.shardsSkipped]).toEqual([1, 1]);
    expect(filesOf(dir)).toEqual(before);
  });

  it('never takes a leftover temporary folder for a shard, and clears it', async () => {
    fs.mkdirSync(path.join(dir, '.shard_00000.tmp-1'));
    const r = await generateDataset({ outDir: dir, args: ARGS, workers: 1, workerScript: null });
    expect(r.shardsWritten).toBe(0);
    expect(fs.existsSync(path.join(dir, '.shard_00000.tmp-1'))).toBe(false);
  });

  it('refuses to resume with other arguments and names them', async () => {
    await expect(generateDataset({ outDir: dir, args: { ...ARGS, steps: 9 }, workers: 1, workerScript: null })).rejects.toThrow(DatasetError);
    await expect(generateDataset({ outDir: dir, args: { ...ARGS, seed: 8, episodes: 6 }, workers: 1, workerScript: null })).rejects.toThrow(/episodes: 4 -> 6, seed: 7 -> 8/);
  });
});
