/**
 * Storyboard/Init: where each entity starts (TeleportAction), at what speed (SpeedAction; a speed
 * reached over time becomes a speed change at t = 0) and whether it follows a trajectory from the
 * start (FollowTrajectoryAction), and which route it takes (AssignRouteAction, AcquirePositionAction;
 * osc-routes.ts). Global Init actions (environment) do not affect our world and are
 * reported; controller actions are reported (our actors follow their lanes, the ego its policy).
 */
import { parseNetworkLaneId, roadSOfLaneS } from '../opendrive/build-network';
import type { XmlElement } from '../opendrive/xml-dom';
import type { EntityTrack } from './osc-actions';
import { speedAction } from './osc-actions';
import type { OscContext, OscEntity } from './osc-context';
import { boxCentre, laneUnder, readPosition, type OscPosition } from './osc-positions';
import type { GapKeeping } from './osc-distance';
import { routeAction } from './osc-routes';
import { readTrajectory, type OscTrajectory } from './osc-trajectory';

export interface EntityInit {
  position: OscPosition | null;
  /** Init speed (step) as value and spec expression. */
  startSpeed: { value: number; expr: number | string };
  /** A speed change to run from t = 0 (an Init SpeedAction with dynamics). */
  startSpeedChange: Record<string, unknown> | null;
  /** The same change as the ego's plan reads it: target, duration and shape. */
  startSpeedPlan: { toMps: number; durationS: number; shape: string } | null;
  /** A trajectory followed from t = 0 (absolute times when it has them). */
  trajectory: OscTrajectory | null;
  /** Lanes an AssignRouteAction / AcquirePositionAction in Init sends it along, and that action. */
  route: { readonly lanes: readonly string[]; readonly el: XmlElement } | null;
  /** A LongitudinalDistanceAction of the storyboard: it drives as IDM traffic (osc-distance.ts). */
  gapKeeping: GapKeeping | null;
  readonly el: XmlElement | null;
}

const COSMETIC = new Set(['VisibilityAction', 'AppearanceAction']);
const CONTROLLER = new Set(['ActivateControllerAction', 'ControllerAction', 'AssignControllerAction', 'OverrideControllerValueAction']);

/** Reports an action that changes nothing in our world; true when `name` is one. */
export function reportInert(ctx: OscContext, el: XmlElement, entity: OscEntity | null): boolean {
  if (COSMETIC.has(el.name)) {
    ctx.useTree(el);
    ctx.sink.warn(el, `<${el.name}> ignored: it changes how an entity looks or is seen, not how it moves`);
    return true;
  }
  if (CONTROLLER.has(el.name)) {
    ctx.useTree(el);
    ctx.sink.warn(el, entity?.isEgo
      ? `<${el.name}> ignored: the ego is driven by the policy under test (run with --policy idm for a car-following ego)`
      : `<${el.name}> ignored: our actors follow their lanes at the commanded speed`);
    return true;
  }
  return false;
}

/** The OpenDRIVE road, lane and road s an entity is in at `at`: as given, or from our lane under it. */
export function odLaneOf(ctx: OscContext, entity: OscEntity, at: OscPosition): { roadId: string; laneId: number; s: number } | null {
  if (at.road !== null && at.road.laneId !== null) return { roadId: at.road.roadId, laneId: at.road.laneId, s: at.road.s };
  const under = laneUnder(ctx, boxCentre(entity, at.pose), at);
  const m = under === null ? null : parseNetworkLaneId(under.lane);
  const road = m === null ? undefined : ctx.od.roads.get(m.roadId);
  if (m === null || road === undefined || under === null) return null;
  // Road s: given, else from the lane's own s.
  const s = at.road === null ? roadSOfLaneS(road, road.sections[m.sectionIndex], m.laneId, under.s) : Math.min(Math.max(at.road.s, 0), road.length);
  return { roadId: road.id, laneId: m.laneId, s };
}

export function readInit(ctx: OscContext, init: XmlElement | null, tracks: Map<string, EntityTrack>): Map<string, EntityInit> {
  const out = new Map<string, EntityInit>();
  for (const e of ctx.entities.values()) out.set(e.name, { position: null, startSpeed: { value: 0, expr: 0 }, startSpeedChange: null, startSpeedPlan: null, trajectory: null, route: null, gapKeeping: null, el: null });
  const placed = (e: OscEntity): OscPosition | null => out.get(e.name)?.position ?? null;
  const actions = init === null ? null : ctx.child(init, 'Actions');
  const routes: { entity: OscEntity; el: XmlElement }[] = [];
  if (init !== null) ctx.use(init);
  for (const g of actions === null ? [] : ctx.children(actions, 'GlobalAction')) {
    ctx.useTree(g);
    ctx.sink.warn(g, `<${g.children[0]?.name ?? 'GlobalAction'}> in Init ignored: weather, time of day, traffic signals and parameters are not part of our world`);
  }
  for (const u of actions === null ? [] : ctx.children(actions, 'UserDefinedAction')) {
    ctx.useTree(u);
    ctx.sink.warn(u, '<UserDefinedAction> ignored: its meaning is up to the simulator it was written for');
  }
  for (const priv of actions === null ? [] : ctx.children(actions, 'Private')) {
    const entity = ctx.entity(priv);
    if (entity === null) continue;
    const state = out.get(entity.name) as EntityInit;
    for (const pa of ctx.children(priv, 'PrivateAction')) {
      const a = ctx.choice(pa);
      if (a === null || reportInert(ctx, a, entity)) continue;
      const inner = a.name === 'TeleportAction' ? a : ctx.choice(a);
      if (inner === null) continue;
      if (inner.name === 'TeleportAction') {
        const pos = ctx.child(inner, 'Position');
        if (pos === null) ctx.sink.error(inner, '<TeleportAction> has no Position');
        else state.position = readPosition(ctx, pos, placed);
        const lane = state.position === null ? null : odLaneOf(ctx, entity, state.position);
        tracks.set(entity.name, { speed: state.startSpeed, road: lane === null ? null : { roadId: lane.roadId, s: lane.s }, boundLane: lane?.laneId ?? null, drivenLane: lane?.laneId ?? null });
      } else if (inner.name === 'SpeedAction') {
        const track = tracks.get(entity.name) ?? { speed: state.startSpeed, road: null, boundLane: null, drivenLane: null };
        tracks.set(entity.name, track);
        const result = speedAction(ctx, inner, entity, tracks);
        if (result.action === null) continue;
        if (result.action.shape === 'step') state.startSpeed = track.speed;
        else {
          state.startSpeedChange = result.action;
          state.startSpeedPlan = { toMps: track.speed.value, durationS: result.durationS, shape: result.action.shape as string };
        }
      } else if (inner.name === 'FollowTrajectoryAction') {
        state.trajectory = readTrajectory(ctx, inner, entity, placed);
      } else if (inner.name === 'AssignRouteAction' || inner.name === 'AcquirePositionAction') {
        routes.push({ entity, el: inner });
      } else {
        ctx.sink.error(inner, `<${inner.name}> in Init is not supported (TeleportAction, SpeedAction, FollowTrajectoryAction, AssignRouteAction and AcquirePositionAction are)`);
      }
    }
  }
  // Routes start where the entity is placed, whichever order Init gives the actions in.
  for (const { entity, el } of routes) {
    const state = out.get(entity.name) as EntityInit;
    if (state.position === null) {
      ctx.useTree(el);
      ctx.sink.error(el, `<${el.name}> for '${entity.name}' needs its position (a TeleportAction in Init)`);
      continue;
    }
    const lanes = routeAction(ctx, el, entity, state.position, placed);
    if (lanes !== null) state.route = { lanes, el };
  }
  for (const [name, state] of out) {
    if (!tracks.has(name)) tracks.set(name, { speed: state.startSpeed, road: null, boundLane: null, drivenLane: null });
  }
  return out;
}
