/**
 * OpenSCENARIO positions -> world poses (of the entity's reference point, as the standard means
 * them) and, for entities, our starts: a lane position on the imported network when the pose lies
 * on a lane heading its way, else a world pose. Supported: WorldPosition, LanePosition, RoadPosition,
 * RelativeLanePosition, RelativeRoadPosition, RelativeWorldPosition, RelativeObjectPosition,
 * RoutePosition (osc-routes.ts).
 * Positions are evaluated at import (parameters that move an entity are baked in; a warning says so).
 */
import { wrapAngle } from '../../../sim/geometry/angle';
import { poseAt } from '../../../sim/geometry/polyline';
import { toWorld } from '../../../sim/geometry/se2';
import { locate, projectOntoLane } from '../../../sim/road/query';
import type { Pose2 } from '../../../sim/types';
import { networkLaneId } from '../opendrive/build-network';
import { sectionIndexAt } from '../opendrive/lane-offsets';
import { lanePositionToWorld, roadPositionToWorld } from '../opendrive/road-position';
import type { XmlElement } from '../opendrive/xml-dom';
import type { OscContext, OscEntity } from './osc-context';
import { routePosition } from './osc-routes';

export interface OscPosition {
  /** Pose of the reference point, rad. */
  readonly pose: Pose2;
  /** OpenDRIVE road coordinates when the position was given in them. */
  readonly road: { readonly roadId: string; readonly laneId: number | null; readonly s: number } | null;
}

/** Our start of an entity placed at `pos`: a lane position (s, d on our lane) or a pose. */
export type SpecStart = { readonly lane: string; readonly s: number; readonly d: number } | { readonly x: number; readonly y: number; readonly yaw: number };

/** Lanes whose heading differs from the entity's by more than this are not its lane (opposite traffic). */
const MAX_LANE_HEADING_DIFF_RAD = Math.PI / 3;
/** Positions are written with this many decimals (0.1 mm). */
const DECIMALS = 4;

const round = (v: number): number => Number(v.toFixed(DECIMALS));

/** Another entity's position as placed by Init (relative positions read it). */
export type EntityPositions = (entity: OscEntity) => OscPosition | null;

function orientation(ctx: OscContext, el: XmlElement, base: number): number {
  const o = ctx.child(el, 'Orientation');
  if (o === null) return base;
  const h = ctx.optNum(o, 'h', 0).value;
  return wrapAngle(ctx.optStr(o, 'type', 'relative') === 'absolute' ? h : base + h);
}

function attempt<T>(ctx: OscContext, el: XmlElement, f: () => T): T | null {
  try {
    return f();
  } catch (error) {
    ctx.sink.error(el, `<${el.name}>: ${(error as Error).message.replace(/^[^:]*\.xodr: /, '')}`);
    return null;
  }
}

function lanePosition(ctx: OscContext, el: XmlElement, roadId: string, laneId: number, s: number, offset: number): OscPosition | null {
  return attempt(ctx, el, () => {
    const at = lanePositionToWorld(ctx.od, roadId, laneId, s, offset);
    return { pose: { ...at.pose, yaw: orientation(ctx, el, at.pose.yaw) }, road: { roadId, laneId, s } };
  });
}

/** The OpenDRIVE lane id `delta` lanes from `laneId`, skipping the centre lane 0. */
function shiftLane(laneId: number, delta: number): number {
  const shifted = laneId + delta;
  return laneId > 0 && shifted <= 0 ? shifted - 1 : laneId < 0 && shifted >= 0 ? shifted + 1 : shifted;
}

/** Reads the one position inside a `<Position>` element. */
export function readPosition(ctx: OscContext, positionEl: XmlElement, placed: EntityPositions): OscPosition | null {
  ctx.use(positionEl);
  const el = ctx.choice(positionEl);
  if (el === null) return null;
  const refOf = (): { entity: OscEntity; at: OscPosition } | null => {
    const entity = ctx.entity(el);
    if (entity === null) return null;
    const at = placed(entity);
    if (at === null) ctx.sink.error(el, `<${el.name}> is relative to '${entity.name}', whose position is not known here (place it first with a TeleportAction in Init)`);
    return at === null ? null : { entity, at };
  };
  switch (el.name) {
    case 'WorldPosition': {
      const x = ctx.num(el, 'x')?.value ?? 0;
      const y = ctx.num(el, 'y')?.value ?? 0;
      return { pose: { x, y, yaw: wrapAngle(ctx.optNum(el, 'h', 0).value) }, road: null };
    }
    case 'LanePosition': {
      const roadId = ctx.str(el, 'roadId');
      const laneId = ctx.str(el, 'laneId');
      const s = ctx.num(el, 's');
      if (roadId === null || laneId === null || s === null) return null;
      return lanePosition(ctx, el, roadId, Number(laneId), s.value, ctx.optNum(el, 'offset', 0).value);
    }
    case 'RoadPosition': {
      const roadId = ctx.str(el, 'roadId');
      const s = ctx.num(el, 's');
      const t = ctx.num(el, 't');
      if (roadId === null || s === null || t === null) return null;
      return attempt(ctx, el, () => {
        const pose = roadPositionToWorld(ctx.od, roadId, s.value, t.value);
        return { pose: { ...pose, yaw: orientation(ctx, el, pose.yaw) }, road: { roadId, laneId: null, s: s.value } };
      });
    }
    case 'RelativeLanePosition': {
      const ref = refOf();
      if (ref === null) return null;
      if (ref.at.road === null || ref.at.road.laneId === null) {
        ctx.sink.error(el, `<RelativeLanePosition> needs '${ref.entity.name}' placed by a LanePosition (its lane is not known otherwise)`);
        return null;
      }
      let ds = ctx.optNum(el, 'ds', 0).value;
      if (el.attrs.ds === undefined && el.attrs.dsLane !== undefined) {
        ds = ctx.optNum(el, 'dsLane', 0).value;
        ctx.sink.warn(el, 'dsLane (along the lane centre) is taken as ds along the reference line; they differ on curves by the lane\'s offset ratio');
      }
      // dLane is lane-id arithmetic (skipping 0); ds is along the reference line (standard 1.1, as esmini).
      const laneId = shiftLane(ref.at.road.laneId, Math.round(ctx.num(el, 'dLane')?.value ?? 0));
      return lanePosition(ctx, el, ref.at.road.roadId, laneId, ref.at.road.s + ds, ctx.optNum(el, 'offset', 0).value);
    }
    case 'RelativeRoadPosition': {
      const ref = refOf();
      if (ref === null) return null;
      if (ref.at.road === null) {
        ctx.sink.error(el, `<RelativeRoadPosition> needs '${ref.entity.name}' placed in road coordinates (LanePosition or RoadPosition)`);
        return null;
      }
      const s = ref.at.road.s + (ctx.num(el, 'ds')?.value ?? 0);
      const refT = roadPositionToWorld(ctx.od, ref.at.road.roadId, ref.at.road.s, 0);
      const t = (ref.at.pose.x - refT.x) * -Math.sin(refT.yaw) + (ref.at.pose.y - refT.y) * Math.cos(refT.yaw) + (ctx.num(el, 'dt')?.value ?? 0);
      const roadId = ref.at.road.roadId;
      return attempt(ctx, el, () => {
        const pose = roadPositionToWorld(ctx.od, roadId, s, t);
        return { pose: { ...pose, yaw: orientation(ctx, el, pose.yaw) }, road: { roadId, laneId: null, s } };
      });
    }
    case 'RelativeWorldPosition': {
      const ref = refOf();
      if (ref === null) return null;
      const pose = { x: ref.at.pose.x + (ctx.num(el, 'dx')?.value ?? 0), y: ref.at.pose.y + (ctx.num(el, 'dy')?.value ?? 0), yaw: ref.at.pose.yaw };
      return { pose: { ...pose, yaw: orientation(ctx, el, pose.yaw) }, road: null };
    }
    case 'RelativeObjectPosition': {
      const ref = refOf();
      if (ref === null) return null;
      // dx and dy are required by the schema; esmini reads a missing one as 0, and so do we.
      const p = toWorld(ref.at.pose, ctx.optNum(el, 'dx', 0).value, ctx.optNum(el, 'dy', 0).value);
      return { pose: { x: p.x, y: p.y, yaw: orientation(ctx, el, ref.at.pose.yaw) }, road: null };
    }
    case 'RoutePosition':
      return routePosition(ctx, el, placed);
    default:
      ctx.sink.error(el, `<${el.name}> is not supported (WorldPosition, LanePosition, RoadPosition, RoutePosition and the Relative{Lane,Road,World,Object}Position are)`);
      return null;
  }
}

/** The pose of the entity's box centre when its reference point is at `pose`. */
export function boxCentre(entity: OscEntity, pose: Pose2): Pose2 {
  const p = toWorld(pose, entity.centre.x, entity.centre.y);
  return { x: p.x, y: p.y, yaw: pose.yaw };
}

/** Our lane under a box centre, heading the entity's way, with (s, d) on it; null when none. */
export function laneUnder(ctx: OscContext, centre: Pose2, at: OscPosition | null): { lane: string; s: number; d: number } | null {
  const candidates: string[] = [];
  if (at?.road?.laneId !== undefined && at.road.laneId !== null) {
    const road = ctx.od.roads.get(at.road.roadId);
    if (road !== undefined) candidates.push(networkLaneId(road.id, sectionIndexAt(road, at.road.s), at.road.laneId));
  }
  const found = locate(ctx.network, centre.x, centre.y);
  if (found !== null) candidates.push(found.laneId);
  for (const id of candidates) {
    const lane = ctx.network.lanes.get(id);
    if (lane === undefined || lane.kind === 'sidewalk') continue;
    const f = projectOntoLane(ctx.network, id, centre.x, centre.y);
    if (f.s < 0 || f.s > lane.centerline.lengthM) continue;
    const laneYaw = poseAt(lane.centerline, f.s).yaw;
    if (Math.abs(wrapAngle(laneYaw - centre.yaw)) > MAX_LANE_HEADING_DIFF_RAD) continue;
    return { lane: id, s: round(f.s), d: round(f.d) };
  }
  return null;
}

/** The spec start of `entity` at `at`: its lane when it drives one, else a pose (yaw in degrees). */
export function specStart(ctx: OscContext, entity: OscEntity, at: OscPosition, laneBound: boolean): SpecStart {
  const centre = boxCentre(entity, at.pose);
  const lane = laneBound ? laneUnder(ctx, centre, at) : null;
  if (lane !== null) return lane;
  return { x: round(centre.x), y: round(centre.y), yaw: round((centre.yaw * 180) / Math.PI) };
}
