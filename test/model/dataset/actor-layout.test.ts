import { LAYOUT_PAD_CLASS, LAYOUT_WIDTH, layoutClassId, writeLayout } from '../../../model/dataset/actor-layout';
import { DEFAULT_CAMERA_MODEL } from '../../../sim/render/camera-model';
import { createRenderer } from '../../../sim/render/renderer';
import type { AgentClass, AgentState, World } from '../../../sim/types';
import { straightRoad } from '../../helpers/world-fixtures';

function agent(id: string, cls: AgentClass, x: number, y: number, yaw = 0, size = { lengthM: 4.6, widthM: 1.9, heightM: 1.5 }): AgentState {
  return { id, cls, pose: { x, y, yaw }, size, speedMps: 0, accelMps2: 0, steerRad: 0, motion: { kind: 'parked' }, active: true, rng: 0 };
}

function worldOf(actors: AgentState[]): World {
  return { step: 0, timeS: 0, ego: agent('ego', 'car', 50, 0), actors, events: [] };
}

const road = straightRoad(2, 300);
const camera = { ...DEFAULT_CAMERA_MODEL, widthPx: 64, heightPx: 64 };

function layoutOf(world: World, maxActors = 4): Float32Array {
  const classes = createRenderer(road, { camera, supersample: 1 }).render(world, { semantic: true }).classes!;
  const out = new Float32Array(maxActors * LAYOUT_WIDTH);
  writeLayout(world, camera, classes, { maxActors, radiusM: 60 }, out, 0);
  return out;
}

describe('writeLayout', () => {
  it('lists actors nearest first in the ego frame, drops far ones and pads with class -1 (hand-computed)', () => {
    const ped = agent('ped', 'pedestrian', 45, 1, Math.PI / 2, { lengthM: 0.5, widthM: 0.6, heightM: 1.75 });
    const car = agent('car', 'car', 70, 3.5, 0.1);
    const far = agent('far', 'truck', 120, 0);
    const out = layoutOf(worldOf([far, car, ped]));
    // ped: 5 m behind, 1 m left, turned +90 degrees; behind the camera, so not visible.
    expect(Array.from(out.subarray(0, 7))).toEqual([layoutClassId('pedestrian'), -5, 1, Math.fround(Math.PI / 2), 0.5, Math.fround(0.6), 0]);
    // car: 20 m ahead, 3.5 m left, in plain view.
    expect(Array.from(out.subarray(7, 14))).toEqual([0, 20, 3.5, Math.fround(0.1), Math.fround(4.6), Math.fround(1.9), 1]);
    expect(out[14]).toBe(LAYOUT_PAD_CLASS);
    expect(out[21]).toBe(LAYOUT_PAD_CLASS);
  });

  it('marks an actor hidden behind a truck as not visible', () => {
    const truck = agent('truck', 'truck', 62, 0, 0, { lengthM: 12, widthM: 2.55, heightM: 3.6 });
    const hidden = agent('hidden', 'car', 80, 0);
    const out = layoutOf(worldOf([hidden, truck]));
    expect([out[0], out[6]]).toEqual([layoutClassId('truck'), 1]);
    expect([out[7], out[13]]).toEqual([layoutClassId('car'), 0]);
  });

  it.each([
    ['car', 0],
    ['truck', 1],
    ['cyclist', 2],
    ['pedestrian', 3],
  ] as const)('gives class %s the id %d', (cls, id) => {
    expect(layoutClassId(cls)).toBe(id);
  });

  it('keeps at most M actors', () => {
    const actors = Array.from({ length: 6 }, (_, i) => agent(`a${i}`, 'car', 60 + 8 * i, 3.5));
    const out = layoutOf(worldOf(actors), 3);
    expect(out.length).toBe(3 * LAYOUT_WIDTH);
    expect([out[1], out[8], out[15]]).toEqual([10, 18, 26]);
  });
});
