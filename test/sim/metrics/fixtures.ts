/** Tiny hand-built worlds for the metric tests: a straight two-lane road and boxes placed on it. */
import { finishMetrics, startMetrics, updateMetrics, type RolloutMetrics } from '../../../sim/metrics/accumulator';
import type { MetricContext } from '../../../sim/metrics/types';
import { buildStraightRoad } from '../../../sim/road/straight-road';
import type { AgentSize, AgentState, World } from '../../../sim/types';

/** lane0 along y = 0 and lane1 along y = 3.5, x from 0 to 200 m, limit 15 m/s. */
export const ROAD = buildStraightRoad({ laneCount: 2, laneWidthM: 3.5, speedLimitMps: 15, lengthM: 200 });

export const CAR: AgentSize = { lengthM: 4.5, widthM: 1.8, heightM: 1.5 };

export const DT_S = 0.1;

export interface Kinematics {
  readonly y?: number;
  readonly yaw?: number;
  readonly speedMps?: number;
  readonly accelMps2?: number;
}

export function egoAt(x: number, k: Kinematics = {}): AgentState {
  return {
    id: 'ego',
    cls: 'car',
    pose: { x, y: k.y ?? 0, yaw: k.yaw ?? 0 },
    size: CAR,
    speedMps: k.speedMps ?? 0,
    accelMps2: k.accelMps2 ?? 0,
    steerRad: 0,
    motion: { kind: 'bicycle', trajectoryIndex: 0, timeOffsetS: 0 },
    active: true,
    rng: 0,
  };
}

export function parkedAt(id: string, x: number, y = 0, yaw = 0): AgentState {
  return { ...egoAt(x, { y, yaw }), id, motion: { kind: 'parked' } };
}

/** A lane-bound car on the straight road (lane i runs along y = 3.5 i, so s = x). */
export function laneCarAt(id: string, lane: 0 | 1, s: number, speedMps: number): AgentState {
  return {
    ...egoAt(s, { y: 3.5 * lane, speedMps }),
    id,
    motion: {
      kind: 'lane',
      laneId: `lane${lane}`,
      s,
      d: 0,
      longitudinal: { kind: 'hold' },
      lateral: { kind: 'keep', offsetM: 0, mobil: false },
      route: [],
      lastLaneChangeS: -Infinity,
    },
  };
}

export function worldAt(step: number, ego: AgentState, actors: readonly AgentState[] = []): World {
  return { step, timeS: step * DT_S, ego, actors, events: [] };
}

export function context(overrides: Partial<MetricContext> = {}): MetricContext {
  return { road: ROAD, dtS: DT_S, egoRoute: ['lane0'], expertFinal: null, speedLimitToleranceMps: 0, ...overrides };
}

/**
 * `steps + 1` worlds of an ego cruising along lane0 from x0 at a constant speed; `actors(k)` gives
 * the actors at step k.
 */
export function cruise(x0: number, speedMps: number, steps: number, actors: (k: number) => AgentState[] = () => []): World[] {
  const worlds: World[] = [];
  for (let k = 0; k <= steps; k++) worlds.push(worldAt(k, egoAt(x0 + speedMps * k * DT_S, { speedMps }), actors(k)));
  return worlds;
}

export function score(worlds: readonly World[], ctx: MetricContext = context()): RolloutMetrics {
  let acc = startMetrics(ctx, worlds[0]);
  for (const w of worlds.slice(1)) acc = updateMetrics(acc, w, ctx);
  return finishMetrics(acc, ctx);
}
