/** Small worlds for renderer tests: agents from a pose and size, a world from an ego and actors. */
import type { AgentClass, AgentSize, AgentState, World } from '../../../sim/types';
import type { CameraModel } from '../../../sim/render/camera-model';

export const CAR: AgentSize = { lengthM: 4, widthM: 1.8, heightM: 1.5 };
export const TRUCK: AgentSize = { lengthM: 10, widthM: 2.5, heightM: 3.5 };

/** A level 64 x 64 camera with a 90 degree field of view: focal length 32 px, principal point (32, 32). */
export const LEVEL_CAMERA: CameraModel = {
  widthPx: 64,
  heightPx: 64,
  fovRad: Math.PI / 2,
  mountHeightM: 1.4,
  pitchRad: 0,
  mountXM: 1,
  mountYM: 0,
};

export function agent(id: string, cls: AgentClass, x: number, y: number, size: AgentSize = CAR, yaw = 0): AgentState {
  return {
    id,
    cls,
    pose: { x, y, yaw },
    size,
    speedMps: 0,
    accelMps2: 0,
    steerRad: 0,
    motion: { kind: 'parked' },
    active: true,
    rng: 0,
  };
}

export function world(ego: AgentState, actors: readonly AgentState[] = []): World {
  return { step: 0, timeS: 0, ego, actors, events: [] };
}

/** Pixels of class `cls` in a class map (w x h): count, column and row ranges, centroid column. */
export function classExtent(classes: Uint8Array, widthPx: number, cls: number, rows?: [number, number]) {
  let count = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  let sumX = 0;
  for (let i = 0; i < classes.length; i++) {
    const x = i % widthPx;
    const y = Math.floor(i / widthPx);
    if (classes[i] !== cls || (rows && (y < rows[0] || y > rows[1]))) continue;
    count++;
    sumX += x;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  return { count, minX, maxX, minY, maxY, meanX: sumX / count };
}
