/**
 * Starting a lane change: the vehicle is re-expressed in the target lane's Frenet frame (so curved,
 * non-parallel lanes are handled) and its lateral offset is then driven from where it is to the target
 * lane's centre by the lateral profile.
 */
import { getLane, projectOntoLane } from '../road/query';
import type { RoadNetwork } from '../road/types';
import type { AgentState, LateralMode, Motion } from '../types';
import { laneMotion, updateAgent } from './agent-update';

type LaneMotion = Extract<Motion, { kind: 'lane' }>;

export function startLaneChange(
  road: RoadNetwork,
  agent: AgentState,
  targetLaneId: string,
  durationS: number,
  shape: Extract<LateralMode, { kind: 'lane_change' }>['shape'],
  timeS: number,
  endOffsetM = 0,
): AgentState {
  const m = agent.motion as LaneMotion;
  const target = getLane(road, targetLaneId);
  const f = projectOntoLane(road, target.id, agent.pose.x, agent.pose.y);
  const motion = laneMotion(m, {
    laneId: targetLaneId,
    s: f.s,
    d: f.d,
    route: [],
    lateral: { kind: 'lane_change', targetLaneId, shape, fromD: f.d, toD: endOffsetM, startS: timeS, durationS },
    lastLaneChangeS: timeS,
  });
  return updateAgent(agent, { motion });
}

/** The lane `offset` lanes to the left (positive) or right (negative) of `laneId`, or null. */
export function laneByOffset(road: RoadNetwork, laneId: string, offset: number): string | null {
  let id: string | null = laneId;
  for (let k = 0; k < Math.abs(offset) && id !== null; k++) {
    const lane = getLane(road, id);
    id = offset > 0 ? lane.leftId : lane.rightId;
  }
  return id;
}
