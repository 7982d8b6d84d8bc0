/**
 * Measurements between agents that trigger conditions (and policies) read: gaps along the lane,
 * distances, time to collision and headway. Pure functions of one world state.
 */
import { timeToCollisionS } from '../collision/ttc';
import { getLane, locate, projectOntoLane } from '../road/query';
import type { RoadNetwork } from '../road/types';
import type { AgentState, World } from '../types';

/** Horizon and resolution of ttc(a, b) in triggers, s (as the TTC metric, nuPlan's values). */
const TRIGGER_TTC_HORIZON_S = 10;
const TRIGGER_TTC_STEP_S = 0.1;

export class UnknownAgentError extends Error {}

export function agentById(world: World, id: string): AgentState {
  if (id === 'ego') return world.ego;
  const a = world.actors.find((x) => x.id === id);
  if (!a) throw new UnknownAgentError(`unknown actor '${id}'`);
  return a;
}

/** (lane, s, d) of an agent: its own for lane-bound agents, else the lane under it (or null). */
export function agentLanePosition(road: RoadNetwork, a: AgentState): { laneId: string; s: number; d: number } | null {
  if (a.motion.kind === 'lane') return { laneId: a.motion.laneId, s: a.motion.s, d: a.motion.d };
  return locate(road, a.pose.x, a.pose.y);
}

/**
 * Bumper-to-bumper gap from a to b measured along a's lane (b projected onto it), m: Infinity when
 * b is not ahead of a or a is off the lanes. Works across lanes, so a cut-in's gap is defined
 * before the cutter arrives.
 */
export function gapAlongLaneM(road: RoadNetwork, a: AgentState, b: AgentState): number {
  const pa = agentLanePosition(road, a);
  if (!pa) return Infinity;
  const lane = getLane(road, pa.laneId);
  const fb = projectOntoLane(road, lane.id, b.pose.x, b.pose.y);
  const gap = fb.s - pa.s - a.size.lengthM / 2 - b.size.lengthM / 2;
  return fb.s > pa.s ? gap : Infinity;
}

export function centreDistanceM(a: AgentState, b: AgentState): number {
  return Math.hypot(a.pose.x - b.pose.x, a.pose.y - b.pose.y);
}

export function ttcBetweenS(a: AgentState, b: AgentState): number {
  return timeToCollisionS(a.pose, a.size, a.speedMps, b.pose, b.size, b.speedMps, TRIGGER_TTC_HORIZON_S, TRIGGER_TTC_STEP_S);
}

/** Time headway of a behind b: gap / speed of a, s (Infinity when a stands still or b is not ahead). */
export function timeHeadwayS(road: RoadNetwork, a: AgentState, b: AgentState): number {
  const gap = gapAlongLaneM(road, a, b);
  return a.speedMps > 0 ? Math.max(0, gap) / a.speedMps : Infinity;
}
