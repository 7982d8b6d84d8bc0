/**
 * MOBIL on the lane graph: finds an agent's leaders and followers in its own and the neighbouring
 * lanes (from the per-step occupancy) and asks the pure MOBIL law whether to change lanes.
 * Decisions are taken at most every MOBIL_INTERVAL_S per agent, staggered by actor index so that
 * the cost is spread over steps and not every driver decides in the same instant.
 */
import { DEFAULT_IDM } from '../behaviours/idm';
import { DEFAULT_MOBIL, mobilDecision, type MobilLane } from '../behaviours/mobil';
import { segmentAt, worldToFrenet } from '../geometry/polyline';
import { getLane } from '../road/query';
import type { AgentState, World } from '../types';
import { EGO_INDEX, followerBehind, leaderAhead, routeAfter, type LaneOccupancy } from './lane-occupancy';
import { startLaneChange } from './lane-change';
import type { SimRuntime } from './runtime';
import { idmWithSpeed } from './step-lane-agent';

/** How often one driver reconsiders its lane, s (HighwayEnv decides once per policy period of 1 s). */
export const MOBIL_INTERVAL_S = 1;
/** Minimum time between two lane changes of one actor, s. */
export const LANE_CHANGE_COOLDOWN_S = 5;
/** Duration of a MOBIL lane change, s (typical manoeuvres take 3-6 s; Toledo & Zohar 2007). */
export const MOBIL_LANE_CHANGE_DURATION_S = 4;

/** A side lane counts as adjacent while the agent is within this many of its widths of its centre. */
const SIDE_LANE_REACH = 1.6;

/**
 * Beyond twice IDM's desired gap (s0 + v T) the leader's term in IDM is under a quarter of the
 * free-road term: the driver is not held up and MOBIL is not asked. This skips the rare courtesy
 * change MOBIL (p > 0) would make only to let a faster follower by; we trade it for a step that
 * costs a third less with 200 agents (measured with bench/sim-throughput.ts).
 */
function freeDrivingGapM(speedMps: number): number {
  return 2 * (DEFAULT_IDM.minGapM + speedMps * DEFAULT_IDM.timeHeadwayS);
}


/** Leader and follower around an agent in `laneId`, where the agent stands at `s` of that lane. */
function neighbours(rt: SimRuntime, occ: LaneOccupancy, laneId: string, s: number, self: number, halfLengthM: number, route: readonly string[]): MobilLane {
  const road = rt.setup.road;
  const leader = leaderAhead(occ, road, laneId, s, self, halfLengthM, route);
  const f = followerBehind(occ, laneId, s, self, halfLengthM);
  const followerIdm = f === null ? DEFAULT_IDM : idmWithSpeed(f.index === EGO_INDEX ? getLane(road, laneId).speedLimitMps : desiredOf(rt, f.index));
  return {
    leader: leader && { gapM: leader.gapM, speedMps: leader.speedMps },
    follower: f && { gapM: f.gapM, speedMps: f.speedMps, idm: followerIdm },
  };
}

function desiredOf(rt: SimRuntime, index: number): number {
  const b = rt.setup.actors[index].behaviour;
  return b.type === 'idm' ? b.desiredSpeedMps : DEFAULT_IDM.desiredSpeedMps;
}

/** The side lane's neighbours, measuring the agent's station in that lane's own frame. */
function sideLane(rt: SimRuntime, occ: LaneOccupancy, sideId: string | null, agent: AgentState, self: number, s: number, ownLengthM: number): MobilLane | null {
  if (sideId === null) return null;
  const side = getLane(rt.setup.road, sideId);
  if (side.kind !== 'driving') return null;
  const half = agent.size.lengthM / 2;
  // Parallel lanes are sampled alike, so the same fraction of length is the right neighbourhood.
  const hint = segmentAt(side.centerline, (s / ownLengthM) * side.centerline.lengthM);
  const f = worldToFrenet(side.centerline, agent.pose.x, agent.pose.y, hint);
  // Only alongside the neighbour (an acceleration lane is someone's right neighbour for a stretch).
  const alongside = f.s > half && f.s < side.centerline.lengthM - half && Math.abs(f.d) < SIDE_LANE_REACH * side.widthM;
  if (!alongside) return null;
  return neighbours(rt, occ, sideId, f.s, self, agent.size.lengthM / 2, []);
}

function decide(rt: SimRuntime, occ: LaneOccupancy, agent: AgentState, self: number, laneId: string, s: number, route: readonly string[], desiredSpeedMps: number): string | null {
  const lane = getLane(rt.setup.road, laneId);
  const half = agent.size.lengthM / 2;
  const current = neighbours(rt, occ, laneId, s, self, half, route);
  if (current.leader === null || current.leader.gapM > freeDrivingGapM(agent.speedMps)) return null;
  const side = mobilDecision(
    {
      ego: { speedMps: agent.speedMps, lengthM: agent.size.lengthM, idm: idmWithSpeed(desiredSpeedMps) },
      current,
      left: sideLane(rt, occ, lane.leftId, agent, self, s, lane.centerline.lengthM),
      right: sideLane(rt, occ, lane.rightId, agent, self, s, lane.centerline.lengthM),
    },
    DEFAULT_MOBIL,
  );
  return side === 'left' ? lane.leftId : side === 'right' ? lane.rightId : null;
}

/** The actor after this step's MOBIL decision (a started lane change), or unchanged. */
export function mobilLaneChoice(rt: SimRuntime, occ: LaneOccupancy, a: AgentState, index: number, timeS: number): AgentState {
  const m = a.motion;
  if (m.kind !== 'lane' || m.lateral.kind !== 'keep' || !m.lateral.mobil) return a;
  const period = Math.max(1, Math.round(MOBIL_INTERVAL_S / rt.setup.dtS));
  const stepIndex = Math.round(timeS / rt.setup.dtS);
  if ((stepIndex + index) % period !== 0 || timeS - m.lastLaneChangeS < LANE_CHANGE_COOLDOWN_S) return a;
  const target = decide(rt, occ, a, index, m.laneId, m.s, m.route, desiredOf(rt, index));
  if (target === null) return a;
  return startLaneChange(rt.setup.road, a, target, MOBIL_LANE_CHANGE_DURATION_S, 'sinusoidal', timeS);
}

/** For the IDM ego policy: the lane MOBIL would move the ego to, or null. */
export function egoMobilChoice(rt: SimRuntime, occ: LaneOccupancy, world: World, laneId: string, s: number): string | null {
  const desired = rt.setup.ego.desiredSpeedMps ?? getLane(rt.setup.road, laneId).speedLimitMps;
  return decide(rt, occ, world.ego, EGO_INDEX, laneId, s, routeAfter(rt.setup.ego.route, laneId), desired);
}
