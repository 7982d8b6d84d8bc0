/**
 * A scenario as the map shows it before (or without) running it: the road, every agent at t = 0,
 * the ego's authored trajectory in the world frame, trigger regions, and the handles the author
 * may drag: the ego's timed waypoints and the agents' start positions, each with the path of the
 * spec node it edits and the frame it is written in (lane Frenet or world x/y).
 */
import { instantiate, type InstantiateOptions } from '../../../scenarios/instantiate';
import type { ResolvedPosition, ResolvedScenario, ResolvedWaypoint } from '../../../scenarios/resolved-types';
import type { ScenarioSpec } from '../../../scenarios/spec-types';
import { lanePose } from '../../../sim/road/query';
import type { RoadNetwork } from '../../../sim/road/types';
import type { SimSetup } from '../../../sim/setup';
import type { AgentState } from '../../../sim/types';
import { initialWorld } from '../../../sim/world/init';
import { createRuntime } from '../../../sim/world/runtime';
import { roadGeometryJson } from './road-geometry';
import { triggerRegions } from './trigger-regions';
import type { HandleJson, SceneAgentJson, SceneJson } from './wire-types';

export type { HandleJson, SceneAgentJson, SceneJson } from './wire-types';


function agentJson(a: AgentState, behaviour: string): SceneAgentJson {
  return { id: a.id, cls: a.cls, lengthM: a.size.lengthM, widthM: a.size.widthM, behaviour, x: a.pose.x, y: a.pose.y, yawRad: a.pose.yaw, speedMps: a.speedMps };
}

function positionHandle(road: RoadNetwork, p: ResolvedPosition | ResolvedWaypoint, base: Omit<HandleJson, 'frame' | 'laneId' | 'x' | 'y'>): HandleJson {
  if (p.kind === 'lane') {
    const pose = lanePose(road, p.laneId, p.s, p.d);
    return { ...base, frame: 'lane', laneId: p.laneId, x: pose.x, y: pose.y };
  }
  const xy = p.kind === 'pose' ? p.pose : p;
  return { ...base, frame: 'point', laneId: null, x: xy.x, y: xy.y };
}

function handlesOf(spec: ScenarioSpec, resolved: ResolvedScenario, road: RoadNetwork): HandleJson[] {
  const handles: HandleJson[] = [positionHandle(road, resolved.ego.start.position, { kind: 'ego_start', path: ['ego', 'start'], agentId: 'ego', tS: null })];
  const trajectory = resolved.ego.trajectory;
  if (trajectory?.type === 'waypoints') {
    trajectory.waypoints.forEach((w, i) => {
      handles.push(positionHandle(road, w, { kind: 'ego_waypoint', path: ['ego', 'trajectory', i], agentId: 'ego', tS: w.tS }));
    });
  }
  resolved.actors.forEach((a, i) => {
    // A start the spec leaves out comes from the first waypoint or path point: nothing to drag.
    if (spec.actors?.[i]?.start === undefined) return;
    handles.push(positionHandle(road, a.start.position, { kind: 'actor_start', path: ['actors', i, 'start'], agentId: a.id, tS: null }));
  });
  return handles;
}

/** The scene of an instantiated scenario (the spec is the one `resolved` was built from). */
export function sceneOfInstance(spec: ScenarioSpec, resolved: ResolvedScenario, setup: SimSetup): SceneJson {
  const world = initialWorld(createRuntime(setup));
  const behaviours = new Map(resolved.actors.map((a) => [a.id, a.behaviour.type]));
  const triggers = (spec.events ?? []).flatMap((e) => triggerRegions(e.id, e.when, resolved.parameters));
  return {
    name: resolved.name,
    durationS: resolved.durationS,
    dtS: resolved.dtS,
    road: roadGeometryJson(setup.road),
    agents: [agentJson(world.ego, 'ego'), ...world.actors.map((a) => agentJson(a, behaviours.get(a.id) ?? a.motion.kind))],
    egoPlan: setup.ego.trajectory.map((p) => ({ tS: p.tS, x: p.x, y: p.y })),
    egoRoute: setup.ego.route,
    handles: handlesOf(spec, resolved, setup.road),
    triggers,
    events: (spec.events ?? []).map((e) => ({ id: e.id, when: e.when })),
  };
}

/** Instantiates `spec` (throws SpecError when it does not resolve) and builds its scene. */
export function sceneOfSpec(spec: ScenarioSpec, options: InstantiateOptions = {}): SceneJson {
  const { resolved, setup } = instantiate(spec, options);
  return sceneOfInstance(spec, resolved, setup);
}
