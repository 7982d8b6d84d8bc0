/**
 * Small hand-built SimSetups for the world-loop and policy tests (no spec parsing): roads, actors,
 * events and a runner that keeps every state. Event actions are built here only, so a change of the
 * EventAction shape touches one file.
 */
import { DEFAULT_SIZES } from '../../sim/dynamics/vehicle-params';
import type { Policy } from '../../sim/policies/policy';
import { buildRoad } from '../../sim/road/build-road';
import type { RoadNetwork } from '../../sim/road/types';
import type { ActorSetup, BehaviourSetup, ConditionContext, EgoSetup, EventAction, EventSetup, SimSetup, StartState, TimedPoint } from '../../sim/setup';
import type { AgentClass, AgentState, Motion, VehicleAction, World } from '../../sim/types';
import { initialWorld } from '../../sim/world/init';
import { createRuntime, type SimRuntime } from '../../sim/world/runtime';
import { stepWorld } from '../../sim/world/step';

/** Half a step: slack on time comparisons made with step * dt. */
const TIME_SLACK_S = 1e-6;

export const COAST: VehicleAction = { accelMps2: 0, steerRad: 0 };
export const LANE_WIDTH_M = 3.5;

export type LaneMotion = Extract<Motion, { kind: 'lane' }>;

/** Straight road along +x: lane0 at y = 0, lane i at y = 3.5 i. */
export function straightRoad(laneCount = 2, lengthM = 1000, speedLimitMps = 30): RoadNetwork {
  return buildRoad({ type: 'straight', lengthM, laneCount, laneWidthM: LANE_WIDTH_M, speedLimitMps });
}

/** One-lane-per-direction 4-way intersection (arms 80 m), as the unprotected_left_turn scenario. */
export function intersectionRoad(): RoadNetwork {
  return buildRoad({ type: 'intersection', armLengthM: 80, lanesPerDirection: 1, laneWidthM: LANE_WIDTH_M, speedLimitMps: 13.9 });
}

/** Merge road: 2 main lanes of 400 m, ramp 100 m, acceleration lane `merge` over x in [150, 250]. */
export function mergeRoad(): RoadNetwork {
  return buildRoad({ type: 'merge', lengthM: 400, rampLengthM: 100, mergeStartM: 150, mergeLengthM: 100, laneCount: 2, laneWidthM: LANE_WIDTH_M, speedLimitMps: 25 });
}

/** 90-degree left curve: 40 m straight, arc of radius `radiusM`, 100 m straight; 2 lanes. */
export function curveRoad(radiusM = 60): RoadNetwork {
  return buildRoad({ type: 'curve', radiusM, angleDeg: 90, lengthBeforeM: 40, lengthAfterM: 100, laneCount: 2, laneWidthM: LANE_WIDTH_M, speedLimitMps: 15 });
}

/** An ego parked far off the road: it is on no lane, so it never shows up in the occupancy. */
export const OFF_ROAD_EGO: EgoSetup = {
  cls: 'car',
  size: DEFAULT_SIZES.car,
  start: { kind: 'pose', pose: { x: -5000, y: -5000, yaw: 0 }, speedMps: 0 },
  route: [],
  desiredSpeedMps: null,
  trajectory: [],
};

export function laneStart(laneId: string, s: number, speedMps: number, d = 0): StartState {
  return { kind: 'lane', laneId, s, d, speedMps };
}

export function idm(desiredSpeedMps: number, options: { mobil?: boolean; route?: readonly string[] } = {}): BehaviourSetup {
  return { type: 'idm', desiredSpeedMps, mobil: options.mobil ?? false, route: options.route ?? [] };
}

export const CONSTANT_SPEED: BehaviourSetup = { type: 'constant_speed' };

/** A lane-bound actor (IDM at its start speed unless told otherwise). */
export function laneActor(id: string, laneId: string, s: number, speedMps: number, behaviour: BehaviourSetup = idm(speedMps), cls: AgentClass = 'car'): ActorSetup {
  return { id, cls, size: DEFAULT_SIZES[cls], start: laneStart(laneId, s, speedMps), behaviour };
}

export function walker(id: string, path: readonly { x: number; y: number }[], speedMps: number, startWalking: boolean): ActorSetup {
  return {
    id,
    cls: 'pedestrian',
    size: DEFAULT_SIZES.pedestrian,
    start: { kind: 'pose', pose: { x: path[0].x, y: path[0].y, yaw: 0 }, speedMps: 0 },
    behaviour: { type: 'walk', path, speedMps, startWalking },
  };
}

export interface SetupParts {
  readonly road: RoadNetwork;
  readonly actors?: readonly ActorSetup[];
  readonly events?: readonly EventSetup[];
  readonly ego?: EgoSetup;
  readonly seed?: number;
  readonly dtS?: number;
  readonly durationS?: number;
}

export function simSetup(parts: SetupParts): SimSetup {
  return {
    name: 'test',
    seed: parts.seed ?? 1,
    dtS: parts.dtS ?? 0.1,
    durationS: parts.durationS ?? 20,
    road: parts.road,
    ego: parts.ego ?? OFF_ROAD_EGO,
    actors: parts.actors ?? [],
    events: parts.events ?? [],
  };
}

/** A condition that holds from `timeS` on (times are step * dt, so compare with slack). */
export function atTime(timeS: number): (ctx: ConditionContext) => boolean {
  return (ctx) => ctx.world.timeS >= timeS - TIME_SLACK_S;
}

export function event(id: string, condition: (ctx: ConditionContext) => boolean, actions: readonly EventAction[]): EventSetup {
  return { id, condition, actions };
}

export function laneChangeTo(actorId: string, targetLaneId: string, durationS: number, shape: 'linear' | 'cubic' | 'sinusoidal' = 'linear'): EventAction {
  return { type: 'lane_change', actorId, target: { kind: 'lane', laneId: targetLaneId }, durationS, shape };
}

export function laneChangeBy(actorId: string, lanes: number, durationS: number): EventAction {
  return { type: 'lane_change', actorId, target: { kind: 'offset', lanes }, durationS, shape: 'linear' };
}

export function speedChangeOver(actorId: string, targetSpeedMps: number, durationS: number, shape: 'step' | 'linear' | 'cubic' = 'linear'): EventAction {
  return { type: 'speed_change', actorId, targetSpeedMps, shape, timing: { kind: 'duration', durationS } };
}

export function speedChangeAt(actorId: string, targetSpeedMps: number, rateMps2: number, shape: 'step' | 'linear' | 'cubic' = 'linear'): EventAction {
  return { type: 'speed_change', actorId, targetSpeedMps, shape, timing: { kind: 'rate', rateMps2 } };
}

export function brake(actorId: string, decelMps2: number): EventAction {
  return { type: 'brake', actorId, decelMps2 };
}

export function startWalking(actorId: string): EventAction {
  return { type: 'start_walking', actorId };
}

export function followTrajectory(actorId: string, waypoints: readonly TimedPoint[]): EventAction {
  return { type: 'follow_trajectory', actorId, waypoints };
}

export interface Run {
  readonly rt: SimRuntime;
  /** Every state, the initial one first: states[k] is at step k. */
  readonly states: readonly World[];
}

/** Steps a setup for `steps` steps with a fixed ego action (or a policy), keeping every state. */
export function runSteps(setup: SimSetup, steps: number, drive: VehicleAction | Policy = COAST): Run {
  const rt = createRuntime(setup);
  let world = initialWorld(rt);
  const states: World[] = [world];
  for (let k = 0; k < steps; k++) {
    const action = 'act' in drive ? drive.act({ world, road: setup.road, dtS: setup.dtS }) : drive;
    world = stepWorld(rt, world, action);
    states.push(world);
  }
  return { rt, states };
}

export function actorIn(world: World, id: string): AgentState {
  const a = world.actors.find((x) => x.id === id);
  if (a === undefined) throw new Error(`no actor '${id}' at step ${world.step}`);
  return a;
}

export function laneMotionOf(a: AgentState): LaneMotion {
  if (a.motion.kind !== 'lane') throw new Error(`actor '${a.id}' is not lane-bound (${a.motion.kind})`);
  return a.motion;
}

/** Bumper-to-bumper gap between two lane agents on the same lane, m. */
export function bumperGapM(follower: AgentState, leader: AgentState): number {
  return laneMotionOf(leader).s - laneMotionOf(follower).s - (leader.size.lengthM + follower.size.lengthM) / 2;
}
