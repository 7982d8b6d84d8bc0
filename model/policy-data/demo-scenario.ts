/**
 * The scenario of one lane-keeping demonstration: a straight, curved or S-bend road of random
 * geometry, the ego on one of its lanes with a set speed, and light traffic that the expert never
 * has to react to (the camera policy learns to keep its lane and speed among other road users,
 * not to follow them):
 *
 *   - a car or truck ahead in the ego's lane, faster than the set speed, so it pulls away;
 *   - cars in the other lanes (IDM at their own speeds);
 *   - a cyclist on the right edge of the ego's lane, slower, which the ego passes (as in s_bend).
 *
 * The ego may start off the lane centre (up to START_OFFSET_M) so that episodes begin with a
 * recovery. Everything is drawn from the episode's Rng: the spec is a pure function of it.
 */
import type { ActorSpec, RoadSpecRaw, ScenarioSpec } from '../../scenarios/spec-types';
import type { Rng } from '../../sim/rng';

export const DEMO_FAMILIES = ['straight', 'curve', 's_bend'] as const;
export type DemoFamily = (typeof DEMO_FAMILIES)[number];
/** Shares of the families: bends are where steering is learnt. */
const FAMILY_WEIGHTS: Readonly<Record<DemoFamily, number>> = { straight: 0.2, curve: 0.4, s_bend: 0.4 };

/** Road after the bends, m: long enough that the expert never sees the route's end (it would brake). */
const LENGTH_AFTER_M = 450;
/** Largest start offset from the lane centre, m (the lane is about 3.5 m wide). */
const START_OFFSET_M = 0.8;
/** Set speeds, m/s: a 25 to 80 km/h lane-keeping assistant. */
const SET_SPEED_MPS: readonly [number, number] = [7, 22];
/** Cyclist's offset from its lane centre, m: on the right edge, as in the library's s_bend. */
const CYCLIST_D_M = -2.0;

export interface DemoScenario {
  readonly family: DemoFamily;
  readonly spec: ScenarioSpec;
  readonly egoLane: string;
  readonly setSpeedMps: number;
}

function drawFamily(rng: Rng): DemoFamily {
  let u = rng.next();
  for (const f of DEMO_FAMILIES) {
    u -= FAMILY_WEIGHTS[f];
    if (u < 0) return f;
  }
  return DEMO_FAMILIES[DEMO_FAMILIES.length - 1];
}

function roadOf(rng: Rng, family: DemoFamily, lanes: number, laneWidthM: number, speedLimitMps: number): RoadSpecRaw {
  const sign = rng.next() < 0.5 ? -1 : 1;
  const common = { lanes, lane_width: laneWidthM, speed_limit: speedLimitMps };
  switch (family) {
    case 'straight':
      return { type: 'straight', length: 600, ...common };
    case 'curve':
      return { type: 'curve', radius: rng.uniform(40, 300), angle: sign * rng.uniform(20, 120), length_before: rng.uniform(20, 80), length_after: LENGTH_AFTER_M, ...common };
    case 's_bend': {
      const radius = rng.uniform(50, 250);
      const angleDeg = rng.uniform(15, 60);
      // Each bend must reach its radius: the clothoid may take at most the bend's own arc length.
      const clothoid = Math.min(rng.uniform(10, 40), 0.9 * radius * angleDeg * (Math.PI / 180));
      return { type: 's_bend', radius, angle: sign * angleDeg, clothoid_length: clothoid, length_before: rng.uniform(20, 60), length_after: LENGTH_AFTER_M, ...common };
    }
  }
}

export function demoScenario(rng: Rng, durationS: number, name = 'demo'): DemoScenario {
  const family = drawFamily(rng);
  const lanes = 1 + rng.int(3);
  const laneWidthM = rng.uniform(3.2, 3.8);
  const speedLimitMps = rng.uniform(13.9, 27.8);
  const road = roadOf(rng, family, lanes, laneWidthM, speedLimitMps);
  const laneIndex = rng.int(lanes);
  const egoLane = `lane${laneIndex}`;
  const setSpeed = Math.min(speedLimitMps, rng.uniform(...SET_SPEED_MPS));
  const startS = rng.uniform(10, 50);
  const actors: ActorSpec[] = [];
  if (rng.next() < 0.5) {
    const speed = setSpeed + rng.uniform(1, 4);
    actors.push({ id: 'lead', class: rng.next() < 0.2 ? 'truck' : 'car', start: { lane: egoLane, s: startS + rng.uniform(20, 70), speed }, behaviour: { type: 'idm', desired_speed: speed } });
  }
  for (let k = 0; k < lanes; k++) {
    if (k === laneIndex || rng.next() < 0.4) continue;
    const speed = rng.uniform(8, 24);
    actors.push({ id: `car${k}`, class: 'car', start: { lane: `lane${k}`, s: Math.max(0, startS + rng.uniform(-20, 80)), speed }, behaviour: { type: 'idm', desired_speed: speed } });
  }
  if (rng.next() < 0.3) {
    const speed = rng.uniform(3, 6);
    actors.push({ id: 'cyclist', class: 'cyclist', start: { lane: egoLane, s: startS + rng.uniform(25, 60), d: CYCLIST_D_M, speed }, behaviour: { type: 'idm', desired_speed: speed } });
  }
  const startD = rng.uniform(-START_OFFSET_M, START_OFFSET_M);
  const startSpeed = setSpeed * rng.uniform(0.6, 1.1);
  const spec: ScenarioSpec = {
    version: 2,
    name,
    duration: durationS,
    road,
    ego: { start: { lane: egoLane, s: startS, d: startD, speed: startSpeed }, route: [egoLane] },
    actors,
  };
  return { family, spec, egoLane, setSpeedMps: setSpeed };
}
