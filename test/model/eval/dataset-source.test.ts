import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDataset, loadLibraryScenarios } from '../../../model/dataset/generate';
import { encodeNpy } from '../../../model/dataset/npy';
import { datasetSource, readNpyUint8Header } from '../../../model/eval/dataset-source';
import { loadEvalEpisode } from '../../../model/eval/test-episodes';

const library = loadLibraryScenarios();

describe('dataset folder as the episode source', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-eval-data-'));
    await generateDataset({ outDir: dir, args: { episodes: 12, seed: 0, steps: 10, widthPx: 24, heightPx: 24, shardEpisodes: 5, supersample: 1 }, workers: 1, workerScript: null });
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads NPY preambles of uint8 arrays and refuses others', () => {
    const file = path.join(dir, 'x.npy');
    fs.writeFileSync(file, encodeNpy('|u1', [2, 3], new Uint8Array(6)));
    // The data are the file's last 6 bytes, after a preamble padded to a multiple of 64.
    expect(readNpyUint8Header(file)).toEqual({ dataOffset: fs.statSync(file).size - 6, shape: [2, 3] });
    expect(readNpyUint8Header(file).dataOffset % 64).toBe(0);
    fs.writeFileSync(file, encodeNpy('<f4', [2], new Float32Array(2)));
    expect(() => readNpyUint8Header(file)).toThrow(/expected a C-order uint8 array/);
    fs.writeFileSync(file, 'not numpy at all');
    expect(() => readNpyUint8Header(file)).toThrow(/not an NPY file/);
  });

  it("takes the manifest's arguments and its split's episode indices", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const d = datasetSource(dir, 'test', 50, library);
    expect(d.options).toMatchObject({ seed: 0, steps: 10, widthPx: 24, heightPx: 24, supersample: 1, split: 'test' });
    expect(d.episodes.map((e) => e.index)).toEqual(manifest.splits.episodes.test);
    expect(d.available).toBe(manifest.splits.episodes.test.length);
    expect(datasetSource(dir, 'train', 2, library).episodes).toHaveLength(2);
  });

  it("accepts episodes whose frames are the dataset's, in any shard, and names a frame that is not", () => {
    const d = datasetSource(dir, 'test', 50, library);
    for (const ref of d.episodes) expect(() => d.verify(loadEvalEpisode(d.options, ref, 8))).not.toThrow();
    const last = d.episodes[d.episodes.length - 1];
    const e = loadEvalEpisode(d.options, last, 8);
    e.rgb[3 * 24 * 24 * 5 + 100] ^= 0xff; // frame 5
    expect(() => d.verify(e)).toThrow(new RegExp(`episode ${last.index} frame 5 is not what this generator renders`));
  });

  it('refuses a folder that is not a complete dataset', () => {
    expect(() => datasetSource(path.join(dir, 'nope'), 'test', 1, library)).toThrow(/manifest.json is missing: --data must be a folder written by 'dreamdrive dataset'/);
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-eval-data-bad-'));
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      fs.writeFileSync(path.join(broken, 'manifest.json'), JSON.stringify({ ...manifest, complete: false }));
      expect(() => datasetSource(broken, 'test', 1, library)).toThrow(/the dataset is incomplete/);
      fs.writeFileSync(path.join(broken, 'manifest.json'), '{');
      expect(() => datasetSource(broken, 'test', 1, library)).toThrow(/not valid JSON/);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});
