/**
 * The ego's own storyboard actions -> its plan (ego-plan.ts). The ego is driven by the policy under
 * test, so its actions are not events of ours; what it is told to do becomes its authored
 * trajectory instead: SpeedAction, LaneChangeAction, LaneOffsetAction, FollowTrajectoryAction and
 * route actions, each at the time its Event starts. Those times are found in time order
 * (osc-event-times.ts): the earliest event that can be timed goes into the plan first, so that a
 * later condition on the ego's motion (reach a position, travel a distance) reads the plan with it.
 * Positions relative to the ego in a trajectory are taken where the plan has the ego at that time.
 * Actions whose time cannot be known, and actions of other kinds, are reported with their line.
 */
import { toWorld } from '../../../sim/geometry/se2';
import type { XmlElement } from '../opendrive/xml-dom';
import { DEFAULT_DT_S } from '../../spec-defaults';
import { drivePlan, planLanes, planWaypoints, poseForRelative, sampleAt, type Manoeuvre, type PlanSample, type PlanStart, type PlanWaypoint } from './ego-plan';
import { laneChangeAction, laneOffsetAction, speedAction, type EntityTrack } from './osc-actions';
import type { OscContext, OscEntity } from './osc-context';
import { EventTimes, isKnown } from './osc-event-times';
import { odLaneOf, type EntityInit } from './osc-init';
import { specStart, type EntityPositions, type OscPosition, type SpecStart } from './osc-positions';
import type { StoryEvent } from './osc-story';
import { readTrajectory } from './osc-trajectory';
import { timedPoints } from './build-actors';
import { routeAction } from './osc-routes';

export interface EgoPlanInput {
  readonly start: PlanStart;
  readonly manoeuvres: Manoeuvre[];
  /** Lanes the plan prefers at forks from the start (an AssignRouteAction in Init). */
  readonly route: readonly string[];
}

/** Where the ego's reference point is at a sample (the plan holds box centres). */
function referencePose(ego: OscEntity, p: PlanSample): OscPosition {
  const at = toWorld(p.pose, -ego.centre.x, -ego.centre.y);
  return { pose: { x: at.x, y: at.y, yaw: p.pose.yaw }, road: null };
}

/** The ego's track (lane, road s) as the plan has it at `t`, for actions relative to its lane. */
function trackAt(ctx: OscContext, ego: OscEntity, tracks: Map<string, EntityTrack>, at: OscPosition): void {
  const track = tracks.get(ego.name) as EntityTrack;
  const lane = odLaneOf(ctx, ego, at);
  tracks.set(ego.name, { ...track, road: lane === null ? null : { roadId: lane.roadId, s: lane.s }, boundLane: lane?.laneId ?? null, drivenLane: lane?.laneId ?? null });
}

/** Reads one ego action started at `t0` into manoeuvres; returns how long it runs, s, or null when it is not planned. */
function readEgoAction(ctx: OscContext, el: XmlElement, ego: OscEntity, tracks: Map<string, EntityTrack>, t0: number, samples: readonly PlanSample[], placed: EntityPositions, out: Manoeuvre[]): number | null {
  const here = sampleAt(samples, t0);
  const egoAt = referencePose(ego, poseForRelative(samples, t0));
  switch (el.name) {
    case 'SpeedAction': {
      const r = speedAction(ctx, el, ego, tracks);
      if (r.action === null) return null;
      const toMps = (tracks.get(ego.name) as EntityTrack).speed.value;
      out.push({ kind: 'speed', t0, toMps, shape: r.action.shape as Extract<Manoeuvre, { kind: 'speed' }>['shape'], durationS: r.durationS });
      return r.durationS;
    }
    case 'LaneChangeAction': {
      trackAt(ctx, ego, tracks, egoAt);
      const r = laneChangeAction(ctx, el, ego, tracks);
      const a = r.action;
      if (a === null) return null;
      const shape = (a.shape ?? 'step') as Extract<Manoeuvre, { kind: 'lane_change' }>['shape'];
      const durationS = Number(a.duration ?? 0);
      if (a.type === 'lane_change') out.push({ kind: 'lane_change', t0, lanes: Number(a.target_lane_offset), durationS, shape, endOffsetM: ctx.optNum(el, 'targetLaneOffset', 0).value });
      else out.push({ kind: 'lane_offset', t0, offsetM: typeof a.offset === 'number' ? a.offset : ctx.optNum(el, 'targetLaneOffset', 0).value, durationS, shape });
      return r.durationS;
    }
    case 'LaneOffsetAction': {
      const r = laneOffsetAction(ctx, el, ego);
      const a = r.action;
      if (a === null) return null;
      const target = el.children.find((c) => c.name === 'LaneOffsetTarget')?.children[0];
      const offsetM = target === undefined ? 0 : (ctx.params.num(target, 'value')?.value ?? 0);
      out.push({ kind: 'lane_offset', t0, offsetM, durationS: Number(a.duration ?? 0), shape: (a.shape ?? 'step') as Extract<Manoeuvre, { kind: 'lane_offset' }>['shape'] });
      return r.durationS;
    }
    case 'FollowTrajectoryAction': {
      const atT0: EntityPositions = (e) => (e === ego ? egoAt : placed(e));
      const trajectory = readTrajectory(ctx, el, ego, atT0);
      const pts = trajectory === null ? null : timedPoints(ctx, trajectory, here.speedMps, t0, el);
      if (pts === null || pts.length < 2) return null;
      out.push({ kind: 'trajectory', t0, points: pts });
      return pts[pts.length - 1].t - t0;
    }
    case 'AssignRouteAction':
    case 'AcquirePositionAction': {
      const lanes = routeAction(ctx, el, ego, egoAt, placed);
      if (lanes === null) return null;
      out.push({ kind: 'route', t0, lanes });
      return 0;
    }
    default:
      ctx.useTree(el);
      ctx.sink.warn(el, `<${el.name}> on the ego ('${ego.name}') is not in its plan: SpeedAction, LaneChangeAction, LaneOffsetAction, FollowTrajectoryAction and route actions are`);
      return null;
  }
}

/**
 * Times the ego's events and reads their actions into `input.manoeuvres`; warns about the rest.
 * Returns the plan's samples up to `durationS` (with every manoeuvre placed).
 */
export function planEgoStory(
  ctx: OscContext,
  ego: OscEntity,
  input: EgoPlanInput,
  events: readonly StoryEvent[],
  tracks: Map<string, EntityTrack>,
  placed: EntityPositions,
  durationS: number,
): { samples: PlanSample[]; notes: string[] } {
  const withRoute = (): Manoeuvre[] => (input.route.length > 0 ? [{ kind: 'route', t0: 0, lanes: input.route }, ...input.manoeuvres] : input.manoeuvres);
  const unplanned = new Set(events.filter((e) => e.egoActions.length > 0));
  let plan = drivePlan(ctx.network, input.start, withRoute(), durationS + 1);
  for (;;) {
    const times = new EventTimes(ctx, events, placed, durationS, { ego, samples: plan.samples, unplanned });
    let next: { ev: StoryEvent; t: number } | null = null;
    for (const ev of unplanned) {
      const k = times.start(ev);
      if (isKnown(k) && k.t <= durationS && (next === null || k.t < next.t)) next = { ev, t: k.t };
    }
    if (next === null) {
      for (const ev of unplanned) {
        const k = times.start(ev);
        const why = isKnown(k) ? `it starts after the end of the run (${k.t.toFixed(2)} s)` : k.why;
        for (const el of ev.egoActions) {
          ctx.useTree(el);
          ctx.sink.warn(el, `<${el.name}> on the ego ('${ego.name}') is not in its plan: the start of event '${ev.name}' cannot be known at import (${why}); the ego's authored trajectory goes on without it`);
        }
      }
      return plan;
    }
    const { ev, t } = next;
    unplanned.delete(ev);
    ev.within(() => {
      for (const el of ev.egoActions) {
        const d = readEgoAction(ctx, el, ego, tracks, t, plan.samples, placed, input.manoeuvres);
        if (d !== null) ev.durationS = Math.max(ev.durationS, d);
      }
    });
    plan = drivePlan(ctx.network, input.start, withRoute(), durationS + 1);
  }
}

/** The ego's plan start: its lane, or its pose when a trajectory drives it from the start; else null. */
function egoPlanStart(init: EntityInit, start: SpecStart): PlanStart | null {
  if ('lane' in start) return { laneId: start.lane, s: start.s, d: start.d, speedMps: init.startSpeed.value };
  if (init.trajectory !== null) return { pose: { x: start.x, y: start.y, yaw: (start.yaw * Math.PI) / 180 }, speedMps: init.startSpeed.value };
  return null;
}

/** The ego's plan as spec waypoints and the lanes it drives; null when the ego is told nothing to plan. */
export function planEgo(
  ctx: OscContext,
  inits: ReadonlyMap<string, EntityInit>,
  events: readonly StoryEvent[],
  tracks: Map<string, EntityTrack>,
  durationS: number,
): { waypoints: PlanWaypoint[]; lanes: string[] } | null {
  const ego = [...ctx.entities.values()].find((e) => e.isEgo);
  const init = ego === undefined ? undefined : inits.get(ego.name);
  if (ego === undefined || init === undefined || init.position === null) return null;
  const told = events.some((e) => e.egoActions.length > 0);
  if (!told && init.startSpeedPlan === null && init.trajectory === null && init.route === null) return null;
  const placed: EntityPositions = (e) => inits.get(e.name)?.position ?? null;
  const start = egoPlanStart(init, specStart(ctx, ego, init.position, true));
  if (start === null) {
    for (const el of events.flatMap((e) => e.egoActions)) {
      ctx.useTree(el);
      ctx.sink.warn(el, `<${el.name}> on the ego ('${ego.name}') is not in its plan: the ego does not start on a lane heading its way`);
    }
    return null;
  }
  const manoeuvres: Manoeuvre[] = [];
  if (init.startSpeedPlan !== null) {
    const p = init.startSpeedPlan;
    manoeuvres.push({ kind: 'speed', t0: 0, toMps: p.toMps, durationS: p.durationS, shape: p.shape as Extract<Manoeuvre, { kind: 'speed' }>['shape'] });
  }
  if (init.trajectory !== null) {
    const pts = timedPoints(ctx, init.trajectory, init.startSpeedPlan?.toMps ?? init.startSpeed.value, 0, init.trajectory.el);
    if (pts !== null) manoeuvres.push({ kind: 'trajectory', t0: 0, points: pts });
  }
  const plan = planEgoStory(ctx, ego, { start, manoeuvres, route: init.route?.lanes ?? [] }, events, tracks, placed, durationS);
  for (const note of [...new Set(plan.notes)]) ctx.sink.warn(ego.el, `the ego's plan: ${note}`);
  if (ctx.params.specParameters.size > 0) {
    ctx.sink.warn(ego.el, "the ego's plan (its authored trajectory) is computed at import from the file's parameter values: --param changes the actors and triggers, not the ego's plan");
  }
  return { waypoints: planWaypoints(plan.samples, DEFAULT_DT_S), lanes: planLanes(plan.samples) };
}
