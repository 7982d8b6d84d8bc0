/**
 * OpenDRIVE road and lane coordinates -> world poses, for the OpenSCENARIO importer's RoadPosition
 * (road id, s, t) and LanePosition (road id, lane id, s, offset). `offset` is measured along t
 * (left of the reference line), as in OpenSCENARIO 1.x. Yaw: a RoadPosition faces along the
 * reference line; a LanePosition faces the lane's direction of travel (against s for left lanes,
 * as esmini does). Elevation is ignored (z = 0).
 */
import { wrapAngle } from '../../../sim/geometry/angle';
import type { Pose2 } from '../../../sim/types';
import { laneT, sectionIndexAt } from './lane-offsets';
import type { OdRoad, OpenDrive } from './od-types';
import { referencePose } from './reference-line';
import { networkLaneId } from './build-network';

function roadOf(od: OpenDrive, roadId: string): OdRoad {
  const road = od.roads.get(roadId);
  if (road === undefined) throw new Error(`${od.file}: unknown road '${roadId}' (roads: ${[...od.roads.keys()].join(', ')})`);
  return road;
}

function requireS(od: OpenDrive, road: OdRoad, s: number): void {
  if (!(s >= 0 && s <= road.length)) throw new Error(`${od.file}: s=${s} is outside road '${road.id}' (0..${road.length})`);
}

/** World pose at road (s, t); yaw along the reference line. */
export function roadPositionToWorld(od: OpenDrive, roadId: string, s: number, t: number): Pose2 {
  const road = roadOf(od, roadId);
  requireS(od, road, s);
  const ref = referencePose(road, s);
  return { x: ref.x - t * Math.sin(ref.yaw), y: ref.y + t * Math.cos(ref.yaw), yaw: ref.yaw };
}

/** Where a LanePosition lies: world pose plus our network lane id. */
export interface LaneWorldPosition {
  readonly pose: Pose2;
  /** `r{road}_s{section}_l{lane}` (see build-network.ts); may be a lane type we did not import. */
  readonly networkLaneId: string;
}

/** World pose at lane `laneId` centre + `offset` (along t) at road s; yaw in the direction of travel. */
export function lanePositionToWorld(od: OpenDrive, roadId: string, laneId: number, s: number, offset: number): LaneWorldPosition {
  const road = roadOf(od, roadId);
  requireS(od, road, s);
  const si = sectionIndexAt(road, s);
  const section = road.sections[si];
  if (laneId === 0 || !section.lanes.some((l) => l.id === laneId)) {
    throw new Error(`${od.file}: road '${roadId}' has no lane ${laneId} at s=${s} (lanes: ${section.lanes.filter((l) => l.id !== 0).map((l) => l.id).join(', ')})`);
  }
  const ref = referencePose(road, s);
  const t = laneT(road, section, laneId, s, 0.5).value + offset;
  const yaw = laneId < 0 ? ref.yaw : wrapAngle(ref.yaw + Math.PI);
  return { pose: { x: ref.x - t * Math.sin(ref.yaw), y: ref.y + t * Math.cos(ref.yaw), yaw }, networkLaneId: networkLaneId(roadId, si, laneId) };
}
