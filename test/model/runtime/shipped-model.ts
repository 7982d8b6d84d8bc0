/**
 * The shipped model (model/weights) and its parity fixture, as the runtime tests read them. Every
 * size comes from the card and the fixture, so the tests hold for whatever model is shipped.
 * DREAMDRIVE_TEST_MODEL_DIR points the tests at another export, to check it before shipping it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultModelDir } from '../../../model/runtime/world-model';
import { readNpy } from '../dataset/npy-reader';

export const MODEL_DIR = process.env.DREAMDRIVE_TEST_MODEL_DIR ?? defaultModelDir();

export interface FixtureTensor {
  readonly shape: number[];
  readonly data: Float32Array;
}

export interface GraphFixture {
  readonly inputs: Readonly<Record<string, FixtureTensor>>;
  readonly outputs: Readonly<Record<string, FixtureTensor>>;
}

export interface Fixture {
  readonly graphs: Readonly<Record<string, GraphFixture>>;
  readonly maxAbsDiffTolerance: number;
}

interface FixtureJson {
  readonly graphs: Record<string, Record<'inputs' | 'outputs', Record<string, { file: string; shape: number[] }>>>;
  readonly max_abs_diff_tolerance: number;
}

function tensor(file: string, shape: number[]): FixtureTensor {
  const npy = readNpy(path.join(MODEL_DIR, file));
  if (npy.descr !== '<f4') throw new Error(`${file}: expected float32, got ${npy.descr}`);
  if (npy.shape.join() !== shape.join()) throw new Error(`${file}: shape (${npy.shape}) but fixture.json says (${shape})`);
  return { shape: npy.shape, data: npy.data as Float32Array };
}

export function readFixture(): Fixture {
  const json = JSON.parse(readFileSync(path.join(MODEL_DIR, 'fixture', 'fixture.json'), 'utf8')) as FixtureJson;
  const graphs: Record<string, GraphFixture> = {};
  for (const [name, g] of Object.entries(json.graphs)) {
    const read = (kind: 'inputs' | 'outputs') => Object.fromEntries(Object.entries(g[kind]).map(([n, t]) => [n, tensor(t.file, t.shape)]));
    graphs[name] = { inputs: read('inputs'), outputs: read('outputs') };
  }
  return { graphs, maxAbsDiffTolerance: json.max_abs_diff_tolerance };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths differ (${a.length} vs ${b.length})`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A temporary copy of the shipped model folder for tests that break a file; remove() deletes it. */
export function copyOfModel(): { dir: string; remove: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'dreamdrive-model-'));
  const dir = path.join(root, 'weights');
  cpSync(MODEL_DIR, dir, { recursive: true });
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
