/**
 * Ego and actors: positions (lane or pose, yaw degrees -> radians), sizes (class defaults), timed
 * waypoints (times must increase), behaviours with their defaults, and the checks that need the
 * whole spec: unique ids, known lanes, behaviours that suit the class, a start for every actor.
 */
import type { AgentClass, AgentSize } from '../sim/types';
import type { PathSegment } from './errors';
import { checkLane, DEG_TO_RAD, LANE_BOUND_BEHAVIOURS, type Evaluated, type EvaluatedSpec, type ResolveContext } from './resolve-context';
import type { EgoClass, Point2, ResolvedActor, ResolvedBehaviour, ResolvedEgo, ResolvedStart, ResolvedWaypoint } from './resolved-types';
import * as D from './spec-defaults';
import type { ActorSpec, SizeSpec, StartSpec, WaypointSpec } from './spec-types';
import { wrapAngle } from '../sim/geometry/angle';

/** Two waypoints closer in time than this cannot give a meaningful speed (s). */
const MIN_WAYPOINT_INTERVAL_S = 1e-6;

function resolveSize(cls: AgentClass, size: Evaluated<SizeSpec> | undefined): AgentSize {
  const base = D.DEFAULT_SIZES[cls];
  return { lengthM: size?.length ?? base.length, widthM: size?.width ?? base.width, heightM: size?.height ?? base.height };
}

function resolveStart(ctx: ResolveContext, start: Evaluated<StartSpec>, path: readonly PathSegment[]): ResolvedStart {
  const speedMps = start.speed ?? 0;
  if ('lane' in start) {
    checkLane(ctx, start.lane, [...path, 'lane']);
    return { position: { kind: 'lane', laneId: start.lane, s: start.s, d: start.d ?? 0 }, speedMps };
  }
  return { position: { kind: 'pose', pose: { x: start.x, y: start.y, yaw: wrapAngle((start.yaw ?? 0) * DEG_TO_RAD) } }, speedMps };
}

export function resolveWaypoints(ctx: ResolveContext, waypoints: readonly Evaluated<WaypointSpec>[], path: readonly PathSegment[]): ResolvedWaypoint[] {
  return waypoints.map((w, i) => {
    const previous = waypoints[i - 1];
    if (previous !== undefined && w.t <= previous.t) {
      ctx.sink.error([...path, i, 't'], `waypoint times must increase: t = ${w.t} comes after t = ${previous.t}`);
    }
    if ('lane' in w) {
      checkLane(ctx, w.lane, [...path, i, 'lane']);
      return { kind: 'lane', tS: w.t, laneId: w.lane, s: w.s, d: w.d ?? 0 };
    }
    return { kind: 'point', tS: w.t, x: w.x, y: w.y };
  });
}

/** Start at the first waypoint, heading to the second, at the speed of the first leg. */
function startFromWaypoints(waypoints: readonly ResolvedWaypoint[]): ResolvedStart {
  const [first, second] = waypoints;
  const dt = second === undefined ? 0 : second.tS - first.tS;
  if (first.kind === 'lane') {
    const sameLane = second?.kind === 'lane' && second.laneId === first.laneId && dt > MIN_WAYPOINT_INTERVAL_S;
    const speedMps = sameLane ? Math.max(0, (second.s - first.s) / dt) : 0;
    return { position: { kind: 'lane', laneId: first.laneId, s: first.s, d: first.d }, speedMps };
  }
  const toPoint = second?.kind === 'point' && dt > MIN_WAYPOINT_INTERVAL_S ? second : undefined;
  const yaw = toPoint === undefined ? 0 : Math.atan2(toPoint.y - first.y, toPoint.x - first.x);
  const speedMps = toPoint === undefined ? 0 : Math.hypot(toPoint.x - first.x, toPoint.y - first.y) / dt;
  return { position: { kind: 'pose', pose: { x: first.x, y: first.y, yaw } }, speedMps };
}

function startFromPath(path: readonly Point2[], speedMps: number): ResolvedStart {
  const [first, second] = path;
  return { position: { kind: 'pose', pose: { x: first.x, y: first.y, yaw: Math.atan2(second.y - first.y, second.x - first.x) } }, speedMps };
}

export function resolveEgo(ctx: ResolveContext, ego: EvaluatedSpec['ego']): ResolvedEgo {
  const cls: EgoClass = ego.class ?? 'car';
  const routeLaneIds = ego.route ?? [];
  routeLaneIds.forEach((laneId, i) => checkLane(ctx, laneId, ['ego', 'route', i]));
  let trajectory: ResolvedEgo['trajectory'] = null;
  if (Array.isArray(ego.trajectory)) {
    trajectory = { type: 'waypoints', waypoints: resolveWaypoints(ctx, ego.trajectory, ['ego', 'trajectory']) };
  } else if (ego.trajectory !== undefined && !Array.isArray(ego.trajectory)) {
    const generator = ego.trajectory as { readonly type: 'constant_speed'; readonly speed: number };
    trajectory = { type: 'constant_speed', speedMps: generator.speed };
  }
  return { cls, size: resolveSize(cls, ego.size), start: resolveStart(ctx, ego.start, ['ego', 'start']), routeLaneIds, trajectory };
}

function resolveBehaviour(ctx: ResolveContext, actor: Evaluated<ActorSpec>, path: readonly PathSegment[]): ResolvedBehaviour {
  const b = actor.behaviour;
  const cls = actor.class ?? 'car';
  if (cls === 'pedestrian' && LANE_BOUND_BEHAVIOURS.has(b.type)) {
    ctx.sink.error([...path, 'type'], `a pedestrian cannot drive '${b.type}' in a lane; use 'walk', 'follow_trajectory' or 'parked'`);
  }
  if (b.type === 'walk' && cls !== 'pedestrian' && cls !== 'cyclist') {
    ctx.sink.error([...path, 'type'], `'walk' is for pedestrians and cyclists, not a ${cls}`);
  }
  switch (b.type) {
    case 'idm':
      return { type: 'idm', desiredSpeedMps: b.desired_speed ?? ctx.speedLimitMps, mobil: b.mobil ?? false };
    case 'constant_speed':
    case 'parked':
      return { type: b.type };
    case 'follow_trajectory':
      return { type: 'follow_trajectory', waypoints: resolveWaypoints(ctx, b.waypoints, [...path, 'waypoints']) };
    case 'walk':
      return { type: 'walk', path: b.path.map(([x, y]) => ({ x, y })), speedMps: b.speed ?? D.DEFAULT_WALK_SPEED_MPS, startWalking: b.start_walking ?? true };
    case 'route':
      b.lanes.forEach((laneId, i) => checkLane(ctx, laneId, [...path, 'lanes', i]));
      return { type: 'route', laneIds: b.lanes, desiredSpeedMps: b.desired_speed ?? ctx.speedLimitMps };
  }
}

export function resolveActors(ctx: ResolveContext, actors: EvaluatedSpec['actors']): ResolvedActor[] {
  const firstIndex = new Map<string, number>();
  const out: ResolvedActor[] = [];
  (actors ?? []).forEach((actor, index) => {
    const path = ['actors', index];
    const seen = firstIndex.get(actor.id);
    if (actor.id === 'ego') ctx.sink.error([...path, 'id'], "'ego' is the ego vehicle's id; choose another actor id");
    else if (seen !== undefined) ctx.sink.error([...path, 'id'], `duplicate actor id '${actor.id}' (first used by actors[${seen}])`);
    else firstIndex.set(actor.id, index);
    const cls = actor.class ?? 'car';
    const behaviour = resolveBehaviour(ctx, actor, [...path, 'behaviour']);
    let start: ResolvedStart | undefined;
    if (actor.start !== undefined) start = resolveStart(ctx, actor.start, [...path, 'start']);
    else if (behaviour.type === 'follow_trajectory') start = startFromWaypoints(behaviour.waypoints);
    else if (behaviour.type === 'walk') start = startFromPath(behaviour.path, behaviour.startWalking ? behaviour.speedMps : 0);
    if (start === undefined) {
      ctx.sink.error(path, `actor '${actor.id}' needs a 'start' ({ lane, s } or { x, y }); only follow_trajectory and walk can go without`);
      return;
    }
    out.push({ id: actor.id, cls, size: resolveSize(cls, actor.size), start, behaviour });
  });
  return out;
}
