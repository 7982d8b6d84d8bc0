/**
 * Entities -> the spec's ego and actors. Vehicles on a lane drive it at their commanded speed
 * (`constant_speed`, esmini's default controller), or, when a route takes them through a fork,
 * along that route (`route`); a vehicle with a trajectory from the start follows it; a pedestrian
 * given a trajectory walks it (from the start, or from the event that starts it); anything left
 * standing off the lanes is parked. The ego's authored trajectory (for `--policy trajectory`) is
 * its plan when the scenario tells it what to do (osc-ego-story.ts), else its start lane at its
 * start speed; its route (for `--policy idm` and the progress metric) is the lanes the plan drives,
 * then the lane graph on (first successor at forks).
 */
import type { XmlElement } from '../opendrive/xml-dom';
import type { OscContext, OscEntity } from './osc-context';
import type { EntityInit } from './osc-init';
import { specStart } from './osc-positions';
import type { PlanWaypoint } from './ego-plan';
import type { StoryEvent } from './osc-story';
import { timesAtSpeed, type OscTrajectory } from './osc-trajectory';

/** The ego route stops after this many lanes or this length, whichever comes first. */
const ROUTE_MAX_LANES = 60;
const ROUTE_MAX_LENGTH_M = 5000;
/** Trajectory points closer than this are one point (times must increase). */
const MIN_POINT_SPACING_M = 1e-3;

export type SpecObject = Record<string, unknown>;

export interface BuiltAgents {
  readonly ego: SpecObject | null;
  readonly actors: { readonly spec: SpecObject; readonly el: XmlElement }[];
  /** Events that start speeds given with dynamics in Init. */
  readonly initEvents: { readonly spec: SpecObject; readonly el: XmlElement }[];
}

const r4 = (v: number): number => Number(v.toFixed(4));

function sizeOf(e: OscEntity): SpecObject {
  return { length: e.size.length, width: e.size.width, height: e.size.height };
}

function laneRoute(ctx: OscContext, start: string): string[] {
  const route = [start];
  let length = ctx.network.lanes.get(start)?.centerline.lengthM ?? 0;
  while (route.length < ROUTE_MAX_LANES && length < ROUTE_MAX_LENGTH_M) {
    const next = ctx.network.lanes.get(route[route.length - 1])?.successorIds[0];
    if (next === undefined || route.includes(next)) break;
    route.push(next);
    length += ctx.network.lanes.get(next)?.centerline.lengthM ?? 0;
  }
  return route;
}

/** Distinct points and their times (from the file, else at `speedMps`); null when they cannot be timed. */
export function timedPoints(ctx: OscContext, t: OscTrajectory, speedMps: number, t0: number, at: XmlElement): { x: number; y: number; t: number }[] | null {
  const keep: number[] = [];
  t.points.forEach((p, i) => {
    const last = keep.length === 0 ? null : t.points[keep[keep.length - 1]];
    if (last === null || Math.hypot(p.x - last.x, p.y - last.y) > MIN_POINT_SPACING_M) keep.push(i);
  });
  const points = keep.map((i) => t.points[i]);
  let times: number[];
  if (t.times !== null) {
    times = keep.map((i) => (t.times as number[])[i]);
    const base = times[0];
    if (t.timing === 'absolute' && t0 > 0 && base > 0) ctx.sink.warn(t.el, 'absolute trajectory times in an event are counted from the event\'s start (its first vertex at the trigger time)');
    times = times.map((v) => v - base + t0);
  } else {
    if (!(speedMps > 0)) {
      ctx.sink.error(at, 'a trajectory without times is followed at the entity\'s speed, which is 0 here: set a speed first or give the vertices times');
      return null;
    }
    times = timesAtSpeed(points, speedMps, t0);
  }
  for (let i = 1; i < times.length; i++) {
    if (!(times[i] > times[i - 1])) {
      ctx.sink.error(t.el, `trajectory times must increase (point ${i}: ${times[i]} s after ${times[i - 1]} s)`);
      return null;
    }
  }
  return points.map((p, i) => ({ t: r4(times[i]), x: r4(p.x), y: r4(p.y) }));
}

function pathSpeed(points: readonly { x: number; y: number; t: number }[]): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) length += Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
  const span = points[points.length - 1].t - points[0].t;
  return span > 0 ? length / span : 0;
}

/** The ego's plan from the storyboard (osc-ego-story.ts), when it has one. */
export interface EgoPlanSpec {
  readonly waypoints: readonly PlanWaypoint[];
  readonly lanes: readonly string[];
}

function egoSpec(ctx: OscContext, ego: OscEntity, init: EntityInit, plan: EgoPlanSpec | null): SpecObject | null {
  if (init.position === null) {
    ctx.sink.error(ego.el, `the ego '${ego.name}' has no initial position (a TeleportAction in Init)`);
    return null;
  }
  const start = specStart(ctx, ego, init.position, true);
  if (plan !== null && plan.waypoints.length > 1) {
    const spec: SpecObject = { class: ego.cls, size: sizeOf(ego), start: { ...start, speed: init.startSpeed.expr }, trajectory: plan.waypoints };
    const last = plan.lanes[plan.lanes.length - 1];
    if (last !== undefined) spec.route = [...plan.lanes, ...laneRoute(ctx, last).slice(1)];
    return spec;
  }
  let speed = init.startSpeed.expr;
  if (init.startSpeedChange !== null) {
    speed = init.startSpeedChange.target_speed as number | string;
    ctx.sink.warn(init.el ?? ego.el, `the ego starts at its target speed ${String(speed)} m/s: its authored trajectory has no acceleration phase`);
  }
  if (init.trajectory !== null) ctx.sink.warn(init.trajectory.el, 'the ego\'s trajectory is not imported: its authored trajectory keeps the start lane and speed');
  const spec: SpecObject = { class: ego.cls, size: sizeOf(ego), start: { ...start, speed } };
  if ('lane' in start) {
    spec.route = laneRoute(ctx, start.lane);
    spec.trajectory = { type: 'constant_speed', speed };
  } else ctx.sink.warn(ego.el, 'the ego does not start on a lane heading its way: it has no route or authored trajectory (use --policy idm with a route, or edit the spec)');
  return spec;
}

/** Whether a route takes a lane through a fork (else lane traffic follows it anyway). */
function forks(ctx: OscContext, lanes: readonly string[]): boolean {
  return lanes.slice(0, -1).some((id) => (ctx.network.lanes.get(id)?.successorIds.length ?? 0) > 1);
}

export function buildAgents(
  ctx: OscContext,
  inits: ReadonlyMap<string, EntityInit>,
  events: readonly StoryEvent[],
  egoPlan: EgoPlanSpec | null,
  startsWalking: ReadonlyMap<OscEntity, number>,
): BuiltAgents {
  let ego: SpecObject | null = null;
  const actors: BuiltAgents['actors'] = [];
  const initEvents: BuiltAgents['initEvents'] = [];
  const acted = new Set(events.flatMap((e) => e.actions.map((a) => a.actor)));
  for (const entity of ctx.entities.values()) {
    const init = inits.get(entity.name) as EntityInit;
    if (entity.isEgo) {
      ego = egoSpec(ctx, entity, init, egoPlan);
      continue;
    }
    const base: SpecObject = { id: entity.id, class: entity.cls, size: sizeOf(entity) };
    const walk = events.flatMap((e) => e.walks.filter((w) => w.entity === entity).map((w) => ({ ...w, event: e })));
    if (walk.length > 1) ctx.sink.error(walk[1].trajectory.el, `'${entity.name}' is given a second trajectory; a pedestrian walks one path`);
    const initTraj = init.trajectory;
    if (entity.cls === 'pedestrian' && (walk.length > 0 || initTraj !== null)) {
      const later = startsWalking.get(entity);
      const w = initTraj !== null ? { trajectory: initTraj, speedMps: later ?? init.startSpeed.value } : walk[0];
      const pts = timedPoints(ctx, w.trajectory, w.speedMps, 0, w.trajectory.el);
      if (pts === null) continue;
      const speed = w.trajectory.times !== null ? pathSpeed(pts) : w.speedMps;
      if (w.trajectory.times !== null) ctx.sink.warn(w.trajectory.el, `'${entity.name}' walks the path at its mean speed ${speed.toFixed(2)} m/s (pedestrians walk at one speed)`);
      const behaviour = { type: 'walk', path: pts.map((p) => [p.x, p.y]), speed: r4(speed), start_walking: initTraj !== null && later === undefined };
      actors.push({ spec: { ...base, behaviour }, el: entity.el });
      continue;
    }
    if (initTraj !== null) {
      const pts = timedPoints(ctx, initTraj, init.startSpeed.value, 0, initTraj.el);
      if (pts !== null) actors.push({ spec: { ...base, behaviour: { type: 'follow_trajectory', waypoints: pts } }, el: entity.el });
      continue;
    }
    if (init.position === null) {
      ctx.sink.error(entity.el, `'${entity.name}' has no initial position (a TeleportAction in Init)`);
      continue;
    }
    const moves = init.startSpeed.value > 0 || init.startSpeedChange !== null || init.gapKeeping !== null || acted.has(entity.id);
    const laneBound = entity.cls !== 'pedestrian' && entity.el.children.every((c) => c.name !== 'MiscObject');
    const start = specStart(ctx, entity, init.position, laneBound && moves);
    if ('lane' in start) {
      let behaviour: SpecObject = { type: 'constant_speed' };
      const gap = init.gapKeeping;
      // A gap to keep (LongitudinalDistanceAction) makes it IDM traffic: it follows the vehicle ahead.
      if (gap !== null) behaviour = gap.desiredSpeed === null ? { type: 'idm' } : { type: 'idm', desired_speed: gap.desiredSpeed };
      if (init.route !== null && forks(ctx, init.route.lanes)) {
        // Only a route behaviour keeps its lanes at forks; it is IDM traffic (it keeps a gap to a leader).
        const desired = gap?.desiredSpeed ?? init.startSpeedChange?.target_speed ?? init.startSpeed.expr;
        behaviour = { type: 'route', lanes: init.route.lanes, desired_speed: desired };
        ctx.sink.warn(init.route.el, `'${entity.name}' follows its route as IDM traffic at its commanded speed: it keeps a gap to vehicles ahead instead of holding its speed whatever is ahead`);
      }
      actors.push({ spec: { ...base, start: { ...start, speed: init.startSpeed.expr }, behaviour }, el: entity.el });
      if (init.startSpeedChange !== null) initEvents.push({ spec: { id: `init_${entity.id}_speed`, when: 'time >= 0', actions: [init.startSpeedChange] }, el: init.el ?? entity.el });
      continue;
    }
    if (moves) {
      ctx.sink.error(entity.el, `'${entity.name}' is told to move but does not start on a lane heading its way (${laneBound ? 'give it a LanePosition on a driving lane, or a trajectory' : 'a pedestrian moves along a trajectory'})`);
      continue;
    }
    actors.push({ spec: { ...base, start, behaviour: { type: 'parked' } }, el: entity.el });
  }
  return { ego, actors, initEvents };
}
