/**
 * Procedural scenarios for the dataset: a road family (straight, curve, s_bend, merge,
 * intersection) with random geometry, IDM/MOBIL traffic of random density and speeds, scripted
 * lane changes of actors, pedestrians crossing, and an ego that follows an authored, varied plan
 * (ego-plan.ts). Everything is drawn from the episode's Rng, so a spec is a pure function of it.
 *
 * Built in two passes: the road alone is instantiated first so that the ego plan and the actors
 * can be placed with real lane lengths and world points; then the full ScenarioSpec is returned.
 */
import { instantiate } from '../../scenarios/instantiate';
import type { ActorSpec, EventSpec, RoadSpecRaw, ScenarioSpec } from '../../scenarios/spec-types';
import { frenetToWorld } from '../../sim/geometry/polyline';
import type { Rng } from '../../sim/rng';
import { getLane } from '../../sim/road/query';
import type { RoadNetwork } from '../../sim/road/types';
import { planEgo, type EgoPlan, type LateralManoeuvre } from './ego-plan';

export const PROCEDURAL_FAMILIES = ['straight', 'curve', 's_bend', 'merge', 'intersection'] as const;
export type ProceduralFamily = (typeof PROCEDURAL_FAMILIES)[number];

const LANE_WIDTH_M = 3.5;
/** Main-road length of straight and merge roads, m: longer than 8 s at 25 m/s from the start. */
const MAIN_ROAD_M = 400;
/** Slowest speed through an intersection turn, m/s (about 30 km/h). */
const TURN_SPEED_MPS = 8;
/** Free space kept around the ego's start when placing actors in its lane, m. */
const EGO_CLEARANCE_M = 15;
/** Most traffic actors per episode. */
const MAX_TRAFFIC = 10;
/** Extra time the ego plan covers past the episode, s, so the last waypoint is never reached early. */
const PLAN_MARGIN_S = 2;

export interface ProceduralScenario {
  readonly spec: ScenarioSpec;
  readonly ego: Pick<EgoPlan, 'longitudinal' | 'lateral'>;
  readonly trafficCount: number;
  readonly pedestrians: number;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

function roadSpec(rng: Rng, family: ProceduralFamily): RoadSpecRaw {
  const lanes = 1 + rng.int(3);
  const speedLimit = rng.uniform(13.9, 27.8);
  const sign = rng.next() < 0.5 ? -1 : 1;
  switch (family) {
    case 'straight':
      return { type: 'straight', length: MAIN_ROAD_M, lanes, lane_width: LANE_WIDTH_M, speed_limit: speedLimit };
    case 'curve':
      return { type: 'curve', radius: rng.uniform(40, 300), angle: sign * rng.uniform(20, 120), length_before: rng.uniform(20, 80), length_after: 250, lanes, lane_width: LANE_WIDTH_M, speed_limit: speedLimit };
    case 's_bend':
      return { type: 's_bend', radius: rng.uniform(50, 250), angle: sign * rng.uniform(15, 60), clothoid_length: rng.uniform(10, 40), length_before: rng.uniform(20, 60), length_after: 250, lanes, lane_width: LANE_WIDTH_M, speed_limit: speedLimit };
    case 'merge':
      return { type: 'merge', length: MAIN_ROAD_M, lanes: 1 + rng.int(2), lane_width: LANE_WIDTH_M, speed_limit: speedLimit, ramp_length: rng.uniform(60, 120), merge_start: rng.uniform(60, 140), merge_length: rng.uniform(60, 150) };
    case 'intersection':
      return { type: 'intersection', arm_length: rng.uniform(50, 90), lanes_per_direction: 1 + rng.int(2), lane_width: LANE_WIDTH_M, speed_limit: 13.9 };
  }
}

function baseSpec(name: string, road: RoadSpecRaw, durationS: number, egoStart: ScenarioSpec['ego']['start']): ScenarioSpec {
  return { version: 2, name, duration: durationS, road, ego: { start: egoStart } };
}

/** Follows first successors (or a random one when `rng` is given) from `laneId`, up to `hops` lanes. */
function successorChain(road: RoadNetwork, laneId: string, hops: number, rng?: Rng): string[] {
  const chain = [laneId];
  for (let i = 0; i < hops; i++) {
    const next = getLane(road, chain[chain.length - 1]).successorIds;
    if (next.length === 0) break;
    chain.push(rng ? pick(rng, next) : next[0]);
  }
  return chain;
}

function drivingLanes(road: RoadNetwork, prefix: RegExp): string[] {
  return [...road.lanes.values()].filter((l) => l.kind === 'driving' && prefix.test(l.id)).map((l) => l.id).sort();
}

/** A pedestrian walking across `laneIds` (rightmost first) at arc length s of the first lane. */
function crossingPedestrian(rng: Rng, road: RoadNetwork, id: string, rightLane: string, leftLane: string, s: number): ActorSpec {
  const right = getLane(road, rightLane);
  const left = getLane(road, leftLane);
  const a = frenetToWorld(right.centerline, Math.min(s, right.centerline.lengthM), -(right.widthM / 2 + 2));
  const b = frenetToWorld(left.centerline, Math.min(s, left.centerline.lengthM), left.widthM / 2 + 2);
  const [from, to] = rng.next() < 0.5 ? [a, b] : [b, a];
  return { id, class: 'pedestrian', behaviour: { type: 'walk', path: [[from.x, from.y], [to.x, to.y]], speed: rng.uniform(0.8, 2.2), start_walking: true } };
}

function trafficActor(rng: Rng, road: RoadNetwork, id: string, laneId: string, s: number, hops: number): ActorSpec {
  const r = rng.next();
  const cls = r < 0.12 ? 'truck' : r < 0.22 ? 'cyclist' : 'car';
  const speed = cls === 'cyclist' ? rng.uniform(3, 7) : rng.uniform(5, 25);
  const start = { lane: laneId, s, speed: speed * rng.uniform(0.6, 1), d: cls === 'cyclist' ? -1 : 0 };
  const lanes = successorChain(road, laneId, hops, rng);
  const behaviour: ActorSpec['behaviour'] = lanes.length > 1 && hops > 0 ? { type: 'route', lanes, desired_speed: speed } : { type: 'idm', desired_speed: speed, mobil: rng.next() < 0.5 };
  return { id, class: cls, start, behaviour };
}

/** Builds one procedural scenario of `family` lasting `durationS`. */
export function proceduralScenario(rng: Rng, family: ProceduralFamily, durationS: number, name = `procedural_${family}`): ProceduralScenario {
  const road = roadSpec(rng, family);
  const isJunction = family === 'intersection';
  const egoLaneCandidates = isJunction ? ['south_in_0'] : ['lane0'];
  const probe = instantiate(baseSpec(name, road, durationS, { lane: egoLaneCandidates[0], s: 1 })).setup.road;
  const mainLanes = isJunction ? drivingLanes(probe, /^south_in_\d+$/) : drivingLanes(probe, /^lane\d+$/);
  const egoLane = pick(rng, mainLanes);
  const egoIndex = mainLanes.indexOf(egoLane);
  const startSpeed = isJunction ? rng.uniform(3, 12) : rng.uniform(3, 20);
  const startLaneLengthM = getLane(probe, egoLane).centerline.lengthM;
  const startS = isJunction ? rng.uniform(5, Math.max(6, startLaneLengthM - 40)) : rng.uniform(20, 50);
  const chain = successorChain(probe, egoLane, 3, isJunction ? rng : undefined);
  const lateralChoices: LateralManoeuvre[] = isJunction ? ['keep', 'keep', 'swerve_left', 'swerve_right'] : ['keep', 'swerve_left', 'swerve_right'];
  if (!isJunction && egoIndex > 0) lateralChoices.push('lane_change_right', 'lane_change_right');
  if (!isJunction && egoIndex < mainLanes.length - 1) lateralChoices.push('lane_change_left', 'lane_change_left');
  const maxSpeedMps = isJunction ? TURN_SPEED_MPS + rng.uniform(0, 4) : 25;
  const plan = planEgo(rng, {
    road: probe,
    chain,
    startS,
    startSpeedMps: startSpeed,
    durationS: durationS + PLAN_MARGIN_S,
    maxSpeedMps,
    lateralChoices,
    laneWidthM: LANE_WIDTH_M,
  });

  const actors: ActorSpec[] = [];
  const events: EventSpec[] = [];
  const traffic = rng.int(MAX_TRAFFIC + 1);
  const spawnLanes = isJunction ? drivingLanes(probe, /_in_\d+$/) : [...mainLanes, ...drivingLanes(probe, /^ramp$/)];
  for (let i = 0; i < traffic; i++) {
    const laneId = pick(rng, spawnLanes);
    const lengthM = getLane(probe, laneId).centerline.lengthM;
    const s = rng.uniform(0, Math.min(lengthM - 5, 220));
    if (laneId === egoLane && Math.abs(s - startS) < EGO_CLEARANCE_M) continue;
    const id = `t${i}`;
    const actor = trafficActor(rng, probe, id, laneId, s, isJunction || laneId === 'ramp' ? 3 : 0);
    actors.push(actor);
    const lane = getLane(probe, laneId);
    // Scripted lane changes of some actors (a neighbour lane must exist on that side).
    if (!isJunction && actor.class !== 'cyclist' && rng.next() < 0.3) {
      const left = rng.next() < 0.5;
      const target = left ? lane.leftId : lane.rightId;
      if (target !== null && getLane(probe, target).kind === 'driving') {
        events.push({ id: `lc_${id}`, when: `time >= ${rng.uniform(0.5, durationS).toFixed(2)}`, actions: [{ type: 'lane_change', actor: id, target_lane: target, duration: rng.uniform(2, 4) }] });
      }
    }
  }
  let pedestrians = 0;
  if (rng.next() < 0.35) {
    const s = startS + rng.uniform(25, 80);
    if (isJunction) {
      const arm = pick(rng, ['north', 'east', 'west']);
      const inLane = `${arm}_in_0`;
      const outLane = `${arm}_out_0`;
      if (probe.lanes.has(inLane) && probe.lanes.has(outLane)) {
        actors.push(crossingPedestrian(rng, probe, 'ped0', inLane, outLane, getLane(probe, inLane).centerline.lengthM - rng.uniform(3, 15)));
        pedestrians++;
      }
    } else if (s < getLane(probe, mainLanes[0]).centerline.lengthM) {
      actors.push(crossingPedestrian(rng, probe, 'ped0', mainLanes[0], mainLanes[mainLanes.length - 1], s));
      pedestrians++;
    }
  }
  const spec: ScenarioSpec = {
    ...baseSpec(name, road, durationS, { lane: egoLane, s: startS }),
    ego: {
      start: { lane: egoLane, s: startS, speed: Math.min(startSpeed, maxSpeedMps) },
      route: chain,
      trajectory: plan.waypoints.map((w) => ({ t: w.t, lane: w.lane, s: w.s, d: w.d })),
    },
    actors,
    events,
  };
  return { spec, ego: { longitudinal: plan.longitudinal, lateral: plan.lateral }, trafficCount: actors.length - pedestrians, pedestrians };
}
