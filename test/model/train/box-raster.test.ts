/**
 * The dynamics' box raster (model/train/model.py box_raster, inside the grounded ONNX graph) projects
 * the layout boxes with the same pinhole camera as the reference renderer: checked here against
 * sim/render/camera-model.ts on boxes ahead, to the side and partly outside the image. Needs Debian's
 * python3-torch (skipped with a message otherwise, as the smoke training).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { cameraFrame, DEFAULT_CAMERA_MODEL, projectPoint } from '../../../sim/render/camera-model';
import { REPO_ROOT } from '../../helpers/cli';

const PYTHON = '/usr/bin/python3';
const available = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
if (!available) console.warn(`skipping the box-raster check: ${PYTHON} cannot import torch (apt-get install python3-torch)`);

const CELLS = 16;
const CELL_PX = 64 / CELLS;
const HEIGHT_M = [1.5, 3.5, 1.7, 1.75];
/** class, x, y, yaw, length, width (ego frame of the box centre: x forward, y left). */
const BOXES: readonly (readonly [number, number, number, number, number, number])[] = [
  [0, 20, 0, 0, 4.6, 1.9],
  [1, 15, 4, 0.3, 12, 2.5],
  [3, 8, -3, 1.2, 0.5, 0.5],
  [0, 6, 7, -0.5, 4.6, 1.9],
];

/** Share of each 4x4-pixel cell inside the image box of the projected corners, [row][col]. */
function expectedCover(box: readonly number[]): number[][] {
  const [cls, x, y, yaw, length, width] = box;
  const frame = cameraFrame({ x: 0, y: 0, yaw: 0 }, DEFAULT_CAMERA_MODEL);
  const us: number[] = [];
  const vs: number[] = [];
  for (const sx of [0.5, -0.5]) for (const sy of [0.5, -0.5]) for (const z of [0, HEIGHT_M[cls]]) {
    const px = x + Math.cos(yaw) * length * sx - Math.sin(yaw) * width * sy;
    const py = y + Math.sin(yaw) * length * sx + Math.cos(yaw) * width * sy;
    const p = projectPoint(frame, px, py, z);
    if (p === null) throw new Error('test boxes lie in front of the camera');
    us.push(p.u);
    vs.push(p.v);
  }
  const overlap = (lo: number, hi: number, k: number): number => Math.max(0, Math.min(hi, (k + 1) * CELL_PX) - Math.max(lo, k * CELL_PX)) / CELL_PX;
  return Array.from({ length: CELLS }, (_, r) => Array.from({ length: CELLS }, (_, c) => overlap(Math.min(...vs), Math.max(...vs), r) * overlap(Math.min(...us), Math.max(...us), c)));
}

(available ? describe : describe.skip)('box raster of the grounded dynamics (python3-torch)', () => {
  it('covers the cells the renderer camera projects each box to (within 1e-4)', () => {
    const code = [
      'import json, sys, torch',
      `sys.path.insert(0, ${JSON.stringify(path.join(REPO_ROOT, 'model', 'train'))})`,
      'from model import DynamicsConfig, box_raster',
      `boxes = ${JSON.stringify(BOXES)}`,
      'lay = torch.tensor([[[b + [1.0] for b in boxes]]], dtype=torch.float32)',
      'r = box_raster(lay, DynamicsConfig(box_raster=True))',
      'print(json.dumps([[r[0, 0, int(b[0])].tolist(), r[0, 0, 4].tolist()] for b in boxes]))',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' } });
    if (run.status !== 0) throw new Error(run.stderr);
    // One box per call would isolate classes; here each box is the only one of its class but the
    // two cars overlap nowhere, so a class channel is the max over that class's boxes.
    const got = JSON.parse(run.stdout) as [number[][], number[][]][];
    const cars = BOXES.map((b, i) => [b, i] as const).filter(([b]) => b[0] === 0);
    BOXES.forEach((box, i) => {
      const want = expectedCover(box);
      const others = cars.filter(([b, j]) => b[0] === box[0] && j !== i).map(([b]) => expectedCover(b));
      for (let r = 0; r < CELLS; r++) for (let c = 0; c < CELLS; c++) {
        const expected = Math.max(want[r][c], ...others.map((o) => o[r][c]));
        expect(Math.abs(got[i][0][r][c] - expected)).toBeLessThan(1e-4);
      }
    });
    // The box 20 m ahead is covered where the camera sees it: the centre columns, near the horizon.
    const ahead = got[0][0];
    expect(ahead[7][7] + ahead[7][8]).toBeGreaterThan(0.5);
    expect(ahead[0][0]).toBe(0);
  });
});
