/**
 * Routes: `<Route>` with `<Waypoint>`s (inline, or an entry of a RouteCatalog) -> a chain of our
 * lanes along successors through the waypoints; RoutePosition (RouteRef + InRoutePosition) -> a
 * position along such a chain; AssignRouteAction / AcquirePositionAction -> the lanes an entity
 * takes at forks (for the ego its route in the spec and its plan; for lane traffic a `route`).
 *
 * Routing is road-level, as in esmini: between two waypoints the chain follows successors to the
 * waypoint's lane, or, when that lane cannot be reached without a lane change, to any lane of the
 * waypoint's road heading the same way. pathS is measured along the chain's lane centrelines from
 * the first waypoint (the standard measures it along the roads' reference lines; the two agree on
 * straight roads and differ on curves by the lane's offset ratio, as dsLane does).
 */
import { chainPosition } from '../../../sim/road/lane-chain';
import { getLane, lanePose, locate, projectOntoLane } from '../../../sim/road/query';
import { networkLaneId, parseNetworkLaneId, roadSOfLaneS } from '../opendrive/build-network';
import { roadPositionToWorld } from '../opendrive/road-position';
import type { XmlElement } from '../opendrive/xml-dom';
import type { OscContext, OscEntity } from './osc-context';
import { boxCentre, laneUnder, readPosition, type EntityPositions, type OscPosition } from './osc-positions';

/** Successor hops searched between two waypoints. */
const MAX_HOPS = 60;

export interface OscRoute {
  readonly name: string;
  readonly waypoints: readonly OscPosition[];
  readonly el: XmlElement;
}

/** A Route element, or a CatalogReference to one, with its waypoints read. */
export function readRoute(ctx: OscContext, holder: XmlElement, placed: EntityPositions): OscRoute | null {
  const inline = ctx.child(holder, 'Route');
  const ref = inline === null ? ctx.child(holder, 'CatalogReference') : null;
  if (inline === null && ref === null) {
    ctx.sink.error(holder, `<${holder.name}> has no Route (inline or a CatalogReference)`);
    return null;
  }
  const found = ref === null ? null : ctx.catalogs.resolve(ref);
  if (ref !== null) ref.children.filter((c) => c.name === 'ParameterAssignments').forEach((c) => ctx.useTree(c));
  if (ref !== null && found === null) return null;
  const el = inline ?? (found?.entry as XmlElement);
  const decls = el.children.filter((c) => c.name === 'ParameterDeclarations').flatMap((d) => d.children.filter((c) => c.name === 'ParameterDeclaration'));
  return ctx.params.withScope(decls, found?.assignments ?? new Map(), () => {
    ctx.use(el);
    ctx.children(el, 'ParameterDeclarations').forEach((d) => ctx.useTree(d));
    if (ctx.optStr(el, 'closed', 'false').toLowerCase() === 'true') ctx.sink.warn(el, 'a closed route is driven once (no loop back to its start)');
    const waypoints: OscPosition[] = [];
    for (const w of ctx.children(el, 'Waypoint')) {
      const pos = ctx.child(w, 'Position');
      const at = pos === null ? null : readPosition(ctx, pos, placed);
      if (pos === null) ctx.sink.error(w, '<Waypoint> has no Position');
      if (at !== null) waypoints.push(at);
    }
    if (waypoints.length === 0) ctx.sink.error(el, `route '${el.attrs.name ?? ''}' has no waypoints`);
    return waypoints.length === 0 ? null : { name: el.attrs.name ?? '', waypoints, el };
  });
}

/** Our lane under a position: its own lane when given in lane coordinates, else the lane under it heading its way. */
export function laneOfPosition(ctx: OscContext, at: OscPosition): string | null {
  if (at.road !== null && at.road.laneId !== null) {
    const road = ctx.od.roads.get(at.road.roadId);
    const section = road === undefined ? -1 : road.sections.findIndex((sec) => at.road !== null && at.road.s >= sec.s - 1e-9 && at.road.s <= sec.sEnd + 1e-9);
    const id = road === undefined || section < 0 ? null : networkLaneId(road.id, section, at.road.laneId);
    if (id !== null && ctx.network.lanes.has(id)) return id;
  }
  return laneUnder(ctx, at.pose, at)?.lane ?? locate(ctx.network, at.pose.x, at.pose.y)?.laneId ?? null;
}

const roadOf = (laneId: string): string => parseNetworkLaneId(laneId)?.roadId ?? '';

/** Lanes from `from` along successors to `to` (exact), else to any lane of `to`'s road; null when neither is reachable. */
function chainTo(ctx: OscContext, from: string, to: string): string[] | null {
  for (const reached of [(id: string) => id === to, (id: string) => roadOf(id) === roadOf(to)]) {
    const queue: string[][] = [[from]];
    const seen = new Set([from]);
    while (queue.length > 0) {
      const chain = queue.shift() as string[];
      const last = chain[chain.length - 1];
      if (reached(last)) return chain;
      if (chain.length > MAX_HOPS) continue;
      for (const next of getLane(ctx.network, last).successorIds) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push([...chain, next]);
      }
    }
  }
  return null;
}

/** The lanes a route takes from lane `from` through its waypoints (reported when a waypoint cannot be reached). */
export function routeLanes(ctx: OscContext, route: OscRoute, from: string): string[] | null {
  const lanes = [from];
  for (const w of route.waypoints) {
    const target = laneOfPosition(ctx, w);
    if (target === null) {
      ctx.sink.error(route.el, `a waypoint of route '${route.name}' at (${w.pose.x.toFixed(1)}, ${w.pose.y.toFixed(1)}) is on no lane of the road`);
      return null;
    }
    const last = lanes[lanes.length - 1];
    if (roadOf(last) === roadOf(target) && (last === target || getLane(ctx.network, last).leftId === target || getLane(ctx.network, last).rightId === target)) continue;
    const chain = chainTo(ctx, last, target);
    if (chain === null) {
      ctx.sink.error(route.el, `route '${route.name}': waypoint lane '${target}' cannot be reached from lane '${last}' along the road's links`);
      return null;
    }
    lanes.push(...chain.slice(1));
  }
  return lanes;
}

/** The position `pathS` along the route's lanes from its first waypoint. */
function alongRoute(ctx: OscContext, route: OscRoute, pathS: number): { laneId: string; s: number } | null {
  const first = laneOfPosition(ctx, route.waypoints[0]);
  if (first === null) return null;
  const lanes = routeLanes(ctx, route, first);
  if (lanes === null) return null;
  const s = projectOntoLane(ctx.network, first, route.waypoints[0].pose.x, route.waypoints[0].pose.y).s + pathS;
  // clamped to the route's start: pathS never reaches back before the first waypoint's lane
  const at = chainPosition(ctx.network, lanes, Math.max(s, 0), 0);
  return { laneId: at.lane, s: at.s };
}

/** A RoutePosition: FromCurrentEntity, FromRoadCoordinates (pathS, t) or FromLaneCoordinates (pathS, laneId, laneOffset). */
export function routePosition(ctx: OscContext, el: XmlElement, placed: EntityPositions): OscPosition | null {
  const refEl = ctx.child(el, 'RouteRef');
  const inRoute = ctx.child(el, 'InRoutePosition');
  const how = inRoute === null ? null : ctx.choice(inRoute);
  if (refEl === null || how === null) {
    ctx.sink.error(el, '<RoutePosition> needs a RouteRef and an InRoutePosition');
    return null;
  }
  const route = readRoute(ctx, refEl, placed);
  if (route === null) return null;
  if (how.name === 'FromCurrentEntity') {
    const entity = ctx.entity(how);
    const at = entity === null ? null : placed(entity);
    if (entity !== null && at === null) ctx.sink.error(how, `<FromCurrentEntity> names '${entity.name}', whose position is not known here`);
    return at;
  }
  if (how.name !== 'FromRoadCoordinates' && how.name !== 'FromLaneCoordinates') {
    ctx.sink.error(how, `<${how.name}> is not an in-route position (FromCurrentEntity, FromRoadCoordinates, FromLaneCoordinates)`);
    return null;
  }
  const along = alongRoute(ctx, route, ctx.num(how, 'pathS')?.value ?? 0);
  const m = along === null ? null : parseNetworkLaneId(along.laneId);
  const road = m === null ? undefined : ctx.od.roads.get(m.roadId);
  if (along === null || m === null || road === undefined) {
    if (along !== null) ctx.sink.error(how, `the route '${route.name}' runs on lane '${along.laneId}', which is not a lane of the OpenDRIVE road`);
    return null;
  }
  const section = road.sections[m.sectionIndex];
  const here = lanePose(ctx.network, along.laneId, along.s, 0);
  if (how.name === 'FromRoadCoordinates') {
    const roadS = roadSOfLaneS(road, section, m.laneId, along.s);
    const t = ctx.num(how, 't')?.value ?? 0;
    const pose = roadPositionToWorld(ctx.od, road.id, roadS, t);
    return { pose, road: { roadId: road.id, laneId: null, s: roadS } };
  }
  const laneId = Math.round(ctx.num(how, 'laneId')?.value ?? 0);
  const target = networkLaneId(road.id, m.sectionIndex, laneId);
  if (!ctx.network.lanes.has(target)) {
    ctx.sink.error(how, `lane ${laneId} is not a lane of road '${road.id}' where the route runs at pathS (lanes there: ${section.lanes.filter((l) => l.id !== 0).map((l) => l.id).join(', ')})`);
    return null;
  }
  const on = projectOntoLane(ctx.network, target, here.x, here.y);
  // laneOffset is along t like a LanePosition's offset; our d is left of the lane's direction of travel.
  const offset = ctx.optNum(how, 'laneOffset', 0).value;
  const pose = lanePose(ctx.network, target, on.s, laneId < 0 ? offset : -offset);
  return { pose, road: { roadId: road.id, laneId, s: roadSOfLaneS(road, section, laneId, on.s) } };
}

/**
 * AssignRouteAction (a Route) or AcquirePositionAction (one position) for `entity` at `at`: the
 * lanes it takes from its lane there; null when it is on no lane or the route cannot be followed.
 */
export function routeAction(ctx: OscContext, el: XmlElement, entity: OscEntity, at: OscPosition, placed: EntityPositions): string[] | null {
  ctx.use(el);
  let route: OscRoute | null;
  if (el.name === 'AcquirePositionAction') {
    const pos = ctx.child(el, 'Position');
    const target = pos === null ? null : readPosition(ctx, pos, placed);
    if (pos === null) ctx.sink.error(el, '<AcquirePositionAction> has no Position');
    route = target === null ? null : { name: 'AcquirePosition', waypoints: [target], el };
  } else route = readRoute(ctx, el, placed);
  if (route === null) return null;
  const from = laneUnder(ctx, boxCentre(entity, at.pose), at)?.lane ?? null;
  if (from === null) {
    ctx.sink.warn(el, `<${el.name}> for '${entity.name}' ignored: it is on no lane heading its way where the route starts`);
    return null;
  }
  return routeLanes(ctx, route, from);
}
