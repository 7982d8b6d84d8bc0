/**
 * Spec -> a runnable simulation: resolve the spec (parameters, references, compiled conditions),
 * build the road, and translate everything into the simulator's SimSetup, with trigger conditions
 * bound to the world query functions. The criteria stay with the scenario, evaluated on metrics.
 */
import { buildRoad } from '../sim/road/build-road';
import type { RoadNetwork } from '../sim/road/types';
import type { ActorSetup, BehaviourSetup, ConditionContext, EventAction, EventSetup, SimSetup, StartState, TimedPoint } from '../sim/setup';
import { agentById, agentLanePosition, centreDistanceM, gapAlongLaneM, timeHeadwayS, ttcBetweenS } from '../sim/world/query';
import type { CompiledCondition, WorldFunction } from './expressions';
import type { ParameterValues } from './parameters';
import { resolveSpec } from './resolve';
import type { ResolvedAction, ResolvedEgo, ResolvedRoad, ResolvedScenario, ResolvedStart, ResolvedWaypoint } from './resolved-types';
import type { ScenarioSpec } from './spec-types';
import { constantSpeedPoints, trajectoryPoints } from './trajectory-points';

export interface InstantiateOptions {
  readonly seed?: number;
  readonly overrides?: ParameterValues;
  readonly sampleDistributions?: boolean;
}

export interface ScenarioInstance {
  readonly resolved: ResolvedScenario;
  readonly setup: SimSetup;
}

/** The network of a resolved road: built from its parameters, or the one imported from OpenDRIVE. */
export function roadNetworkOf(road: ResolvedRoad): RoadNetwork {
  return road.type === 'opendrive' ? road.network : buildRoad(road);
}

export function laneIdsOf(road: ResolvedRoad): readonly string[] {
  return [...roadNetworkOf(road).lanes.keys()];
}

function startState(start: ResolvedStart): StartState {
  const p = start.position;
  return p.kind === 'lane'
    ? { kind: 'lane', laneId: p.laneId, s: p.s, d: p.d, speedMps: start.speedMps }
    : { kind: 'pose', pose: p.pose, speedMps: start.speedMps };
}

/** A world-function table that reads whatever world `holder.ctx` points at when evaluated. */
function worldFunctions(holder: { ctx: ConditionContext | null }): Record<string, WorldFunction> {
  const w = () => holder.ctx!.world;
  const road = () => holder.ctx!.road;
  const agent = (id: string) => agentById(w(), id);
  return {
    gap: (a, b) => gapAlongLaneM(road(), agent(a), agent(b)),
    distance: (a, b) => centreDistanceM(agent(a), agent(b)),
    ttc: (a, b) => ttcBetweenS(agent(a), agent(b)),
    headway: (a, b) => timeHeadwayS(road(), agent(a), agent(b)),
    speed: (a) => agent(a).speedMps,
    s: (a) => agentLanePosition(road(), agent(a))?.s ?? NaN,
    d: (a) => agentLanePosition(road(), agent(a))?.d ?? NaN,
    x: (a) => agent(a).pose.x,
    y: (a) => agent(a).pose.y,
    lane: (a) => agentLanePosition(road(), agent(a))?.laneId ?? '',
    fired: (id) => w().events.some((e) => e.id === id && e.firedAtS !== null),
    since: (id) => {
      const firedAtS = w().events.find((e) => e.id === id)?.firedAtS ?? null;
      return firedAtS === null ? NaN : w().timeS - firedAtS;
    },
  };
}

export function bindCondition(compiled: CompiledCondition): (ctx: ConditionContext) => boolean {
  const holder: { ctx: ConditionContext | null } = { ctx: null };
  const fn = worldFunctions(holder);
  return (ctx) => {
    holder.ctx = ctx;
    return compiled.evaluate({ time: ctx.world.timeS, fn });
  };
}

function action(a: ResolvedAction, road: RoadNetwork): EventAction {
  if (a.type !== 'follow_trajectory') return a;
  // a relative trajectory is placed when its event fires (sim/world/relative-trajectory.ts)
  if ('relativeTo' in a) return a;
  return { type: 'follow_trajectory', actorId: a.actorId, waypoints: trajectoryPoints(road, a.waypoints) };
}

function behaviour(b: ResolvedScenario['actors'][number]['behaviour'], road: RoadNetwork): BehaviourSetup {
  switch (b.type) {
    case 'idm':
      return { type: 'idm', desiredSpeedMps: b.desiredSpeedMps, mobil: b.mobil, route: [] };
    case 'route':
      return { type: 'idm', desiredSpeedMps: b.desiredSpeedMps, mobil: false, route: b.laneIds };
    case 'follow_trajectory':
      return { type: 'follow_trajectory', waypoints: trajectoryPoints(road, b.waypoints) };
    default:
      return b;
  }
}

function egoTrajectory(ego: ResolvedEgo, road: RoadNetwork, durationS: number): TimedPoint[] {
  const t = ego.trajectory;
  if (t === null) return [];
  if (t.type === 'waypoints') return trajectoryPoints(road, t.waypoints, ego.routeLaneIds);
  const p = ego.start.position;
  if (p.kind !== 'lane') {
    const start: ResolvedWaypoint = { kind: 'point', tS: 0, x: p.pose.x, y: p.pose.y };
    const end: ResolvedWaypoint = {
      kind: 'point',
      tS: durationS,
      x: p.pose.x + Math.cos(p.pose.yaw) * t.speedMps * durationS,
      y: p.pose.y + Math.sin(p.pose.yaw) * t.speedMps * durationS,
    };
    return trajectoryPoints(road, [start, end]);
  }
  return constantSpeedPoints(road, { kind: 'lane', tS: 0, laneId: p.laneId, s: p.s, d: p.d }, t.speedMps, durationS + 1, ego.routeLaneIds);
}

/** Builds the SimSetup of an already resolved scenario. */
export function toSimSetup(resolved: ResolvedScenario): SimSetup {
  const road = roadNetworkOf(resolved.road);
  const actors: ActorSetup[] = resolved.actors.map((a) => ({
    id: a.id,
    cls: a.cls,
    size: a.size,
    start: startState(a.start),
    behaviour: behaviour(a.behaviour, road),
  }));
  const events: EventSetup[] = resolved.events.map((e) => ({
    id: e.id,
    condition: bindCondition(e.condition),
    actions: e.actions.map((a) => action(a, road)),
  }));
  return {
    name: resolved.name,
    seed: resolved.seed,
    dtS: resolved.dtS,
    durationS: resolved.stepCount * resolved.dtS,
    road,
    ego: {
      cls: resolved.ego.cls,
      size: resolved.ego.size,
      start: startState(resolved.ego.start),
      route: resolved.ego.routeLaneIds,
      desiredSpeedMps: null,
      trajectory: egoTrajectory(resolved.ego, road, resolved.durationS),
    },
    actors,
    events,
  };
}

export function instantiate(spec: ScenarioSpec, options: InstantiateOptions = {}): ScenarioInstance {
  const resolved = resolveSpec(spec, { ...options, laneIds: laneIdsOf });
  return { resolved, setup: toSimSetup(resolved) };
}

/** Pass/fail of the scenario's criteria on a rollout's metric values; null when it has none. */
export function evaluateCriteria(resolved: ResolvedScenario, values: Readonly<Record<string, number | boolean>>): boolean | null {
  if (resolved.criteria === null) return null;
  return resolved.criteria.evaluate({ time: resolved.durationS, fn: {}, metrics: values });
}
