/**
 * Which lane of its route a driver is on, followed from step to step: the lane under the ego
 * (preferring the one it was on, so a lane boundary does not flicker), and past a lane's end (the
 * seam at a junction, where the point lies on neither lane's surface) the next lane of the route.
 */
import { locate } from '../road/query';
import type { LanePosition, RoadNetwork } from '../road/types';
import type { Pose2 } from '../types';
import { nextLaneOnRoute } from './idm-policy';

export interface LaneTracker {
  /** The lane position of the pose, or null when it is off every lane (the tracker keeps its last lane). */
  locate(pose: Pose2): LanePosition | null;
}

export function createLaneTracker(road: RoadNetwork, route: readonly string[]): LaneTracker {
  let laneId: string | null = null;
  return {
    locate(pose) {
      let pos = locate(road, pose.x, pose.y, laneId ?? route[0]);
      if (pos === null && laneId !== null) {
        const next = nextLaneOnRoute(road, laneId, route);
        if (next !== null) pos = locate(road, pose.x, pose.y, next);
      }
      if (pos !== null) laneId = pos.laneId;
      return pos;
    },
  };
}
