/**
 * control-pairs-export.js writes eval-model's controllability pairs as arrays for the training
 * sweeps: both plans' contexts, trajectory rows and reference futures, and each pair's kind.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt, REPO_ROOT } from '../../../helpers/cli';
import { readNpy } from '../../dataset/npy-reader';

const SCRIPT = path.join(REPO_ROOT, 'dist', 'model', 'eval', 'diagnostics', 'control-pairs-export.js');

describe('control-pairs-export', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-control-pairs-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes both plans of every pair with the shapes the sweep reads', () => {
    const r = spawnSync(process.execPath, [SCRIPT, dir, 'val', '2', '2', '5'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const kind = readNpy(path.join(dir, 'control_kind.npy'));
    const P = kind.shape[0];
    expect(P).toBeGreaterThanOrEqual(2);                       // brake/accelerate in every episode
    expect(r.stdout).toContain(`${P} pairs`);
    expect(readNpy(path.join(dir, 'control_context.npy')).shape).toEqual([P, 2, 2, 64, 64, 3]);
    expect(readNpy(path.join(dir, 'control_trajectory.npy')).shape).toEqual([P, 2, 2 + 5 - 1, 4, 4]);
    const ref = readNpy(path.join(dir, 'control_reference.npy'));
    expect(ref.shape).toEqual([P, 2, 5, 64, 64, 3]);
    // the two plans of a pair part: their last reference frames differ
    const frame = 64 * 64 * 3;
    const data = ref.data as Uint8Array;
    const lastOf = (p: number, j: number) => data.subarray(((p * 2 + j) * 5 + 4) * frame, ((p * 2 + j) * 5 + 5) * frame);
    expect(Buffer.compare(Buffer.from(lastOf(0, 0)), Buffer.from(lastOf(0, 1)))).not.toBe(0);
  });

  it.each([
    [['training'], "split must be one of train, val, test, got 'training'"],
    [['val', '2', '0'], "K must be an integer >= 1, got '0'"],
    [['val', 'two'], "episodes must be an integer >= 1, got 'two'"],
  ])('refuses %j, naming what is wrong', (args, message) => {
    const r = spawnSync(process.execPath, [SCRIPT, path.join(dir, 'bad'), ...args], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(message);
    expect(fs.existsSync(path.join(dir, 'bad'))).toBe(false);
  });
});
