/**
 * A synthetic highway with N IDM+MOBIL cars spread over its lanes, for throughput benchmarks: the
 * cost of a step as the number of agents grows. Built directly as a SimSetup (no spec parsing).
 */
import { DEFAULT_SIZES } from '../sim/dynamics/vehicle-params';
import { buildRoad } from '../sim/road/build-road';
import { createRng } from '../sim/rng';
import type { ActorSetup, SimSetup } from '../sim/setup';

/** Fastest desired speed drawn below, m/s. */
const MAX_SPEED_MPS = 34;

export function highwaySetup(agentCount: number, seed = 1, durationS = 60): SimSetup {
  const laneCount = 4;
  // Keep density constant (one car per ~40 m of lane) so that only the count changes.
  const queueM = Math.ceil((agentCount * 40) / laneCount) + 200;
  // Long enough that nobody reaches the end (and drops out of the count) within the duration.
  const lengthM = queueM + MAX_SPEED_MPS * durationS + 500;
  const road = buildRoad({ type: 'straight', lengthM, laneCount, laneWidthM: 3.5, speedLimitMps: 33 });
  const rng = createRng(seed, 'bench-highway');
  const actors: ActorSetup[] = [];
  for (let i = 0; i < agentCount; i++) {
    const lane = i % laneCount;
    const s = 100 + Math.floor(i / laneCount) * 40 + rng.uniform(0, 8);
    const cls = i % 10 === 0 ? 'truck' : 'car';
    const desired = cls === 'truck' ? 24 : rng.uniform(26, 34);
    actors.push({
      id: `car${i}`,
      cls,
      size: DEFAULT_SIZES[cls],
      start: { kind: 'lane', laneId: `lane${lane}`, s, d: 0, speedMps: desired * 0.8 },
      behaviour: { type: 'idm', desiredSpeedMps: desired, mobil: true, route: [] },
    });
  }
  return {
    name: `highway-${agentCount}`,
    seed,
    dtS: 0.1,
    durationS,
    road,
    ego: {
      cls: 'car',
      size: DEFAULT_SIZES.car,
      start: { kind: 'lane', laneId: 'lane1', s: 60, d: 0, speedMps: 25 },
      route: ['lane1'],
      desiredSpeedMps: 30,
      trajectory: [],
    },
    actors,
    events: [],
  };
}
