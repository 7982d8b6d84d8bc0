/**
 * Trajectories given relative to an agent (OpenSCENARIO's RelativeLanePosition vertices of a
 * FollowTrajectoryAction mean "where that entity is when the event starts"): each point lies `dsM`
 * ahead of the agent along its lanes (its route, else first successors) and `dM` left of the centre
 * line of the lane it is in, and becomes a world point when the event fires.
 *
 * "Its lanes" run the agent's way: a lane-bound agent's own lane, else the nearest lane heading
 * within 90 degrees of the agent. An agent that has swerved into a lane of the other direction is
 * measured along the nearest lane of its own direction, its points shifted by the centre of the lane
 * it is in, so that d = 0 is still that lane's centre (as dLane = 0 means in the standard).
 */
import { chainPosition, laneChainAhead } from '../road/lane-chain';
import { lanePose, locate, nearestLaneHeading, projectOntoLane } from '../road/query';
import type { RoadNetwork } from '../road/types';
import type { RelativeTrajectory } from '../setup';
import type { AgentState } from '../types';

export class RelativeTrajectoryError extends Error {}

/** A lane whose centre line is further than this from the agent is not "its" lane, m. */
const MAX_FRAME_DISTANCE_M = 10;

/** The lane the points are measured along, where the agent is on it, and the lateral shift of the lane the agent is in. */
function laneFrame(road: RoadNetwork, a: AgentState): { laneId: string; s: number; shiftM: number } | null {
  if (a.motion.kind === 'lane') return { laneId: a.motion.laneId, s: a.motion.s, shiftM: 0 };
  const best = nearestLaneHeading(road, a.pose.x, a.pose.y, a.pose.yaw, Math.PI / 2, MAX_FRAME_DISTANCE_M);
  if (best === null) return null;
  const inside = locate(road, a.pose.x, a.pose.y, best.laneId);
  if (inside === null || inside.laneId === best.laneId) return { laneId: best.laneId, s: best.s, shiftM: 0 };
  const centre = lanePose(road, inside.laneId, inside.s, 0);
  return { laneId: best.laneId, s: best.s, shiftM: projectOntoLane(road, best.laneId, centre.x, centre.y).d };
}

/** Lane positions of points (dsM, dM) ahead of `ref` as it is now; `what` names them in the error. */
export function placeAhead(road: RoadNetwork, ref: AgentState, points: readonly { readonly dsM: number; readonly dM: number }[], what: string): { laneId: string; s: number; d: number }[] {
  const frame = laneFrame(road, ref);
  if (frame === null) throw new RelativeTrajectoryError(`${what} relative to '${ref.id}' cannot be placed: '${ref.id}' is off the lanes at (${ref.pose.x.toFixed(1)}, ${ref.pose.y.toFixed(1)}) when the event fires`);
  const furthest = points.reduce((m, p) => Math.max(m, p.dsM), 0);
  const route = ref.motion.kind === 'lane' ? ref.motion.route : [];
  const chain = laneChainAhead(road, frame.laneId, [frame.laneId, ...route], frame.s + furthest);
  return points.map((p) => {
    const on = chainPosition(road, chain, frame.s, p.dsM);
    return { laneId: on.lane, s: on.s, d: p.dM + frame.shiftM };
  });
}

/** World waypoints of `traj` for its reference agent in the state `ref`; times stay relative. */
export function placeRelativeTrajectory(road: RoadNetwork, traj: RelativeTrajectory, ref: AgentState): { tS: number; x: number; y: number }[] {
  return placeAhead(road, ref, traj.points, 'a trajectory').map((on, k) => {
    const pose = lanePose(road, on.laneId, on.s, on.d);
    return { tS: traj.points[k].tS, x: pose.x, y: pose.y };
  });
}
