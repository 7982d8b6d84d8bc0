/**
 * The ego's plan: what the scenario tells the ego to do (start, speed changes, lane changes, lane
 * offsets, trajectories, a route), driven through on the imported lane graph and written as the
 * timed waypoints of its authored trajectory. That trajectory is what `--policy trajectory` tracks
 * and what the world model is conditioned on, so an imported ego manoeuvre shapes both.
 *
 * The plan is kinematic, as esmini's default controller is: speeds follow the SpeedAction's shape
 * exactly, lateral moves follow the shape in the Frenet frame of the lane driven, a lane change ends
 * on the neighbouring lane, a trajectory is followed point by point at its times and the ego then
 * drives on along the lane under its last point. Lane waypoints keep the lane geometry between
 * them (scenarios/trajectory-points.ts), so the written plan is exact on curves with few points.
 */
import { transitionValue, type TransitionShape } from '../../../sim/behaviours/transition-shape';
import { wrapAngle } from '../../../sim/geometry/angle';
import { frenetToWorld, poseAt } from '../../../sim/geometry/polyline';
import { getLane, lanePose, locate, nearestLaneHeading, projectOntoLane } from '../../../sim/road/query';
import type { RoadNetwork } from '../../../sim/road/types';
import type { Pose2 } from '../../../sim/types';
import { laneByOffset } from '../../../sim/world/lane-change';

/** Integration step of the plan, s (half the simulator's default step, so its grid is sampled). */
export const PLAN_DT_S = 0.05;
/** Written waypoints deviate from the plan by less than this between them, m. */
const SIMPLIFY_TOLERANCE_M = 1e-3;
/** A trajectory's end lies on a lane heading this close to its last segment, rad, to drive on along it. */
const MAX_HEADING_DIFF_RAD = Math.PI / 3;

type Shape = Exclude<TransitionShape, 'step'> | 'step';

export type Manoeuvre =
  | { readonly kind: 'speed'; readonly t0: number; readonly toMps: number; readonly shape: Shape; readonly durationS: number }
  | { readonly kind: 'lane_change'; readonly t0: number; readonly lanes: number; readonly durationS: number; readonly shape: Shape; readonly endOffsetM: number }
  | { readonly kind: 'lane_offset'; readonly t0: number; readonly offsetM: number; readonly durationS: number; readonly shape: Shape }
  /** Absolute times. */
  | { readonly kind: 'trajectory'; readonly t0: number; readonly points: readonly { readonly t: number; readonly x: number; readonly y: number }[] }
  /** Lane ids preferred at forks from t0 on. */
  | { readonly kind: 'route'; readonly t0: number; readonly lanes: readonly string[] };

export type PlanStart = { readonly laneId: string; readonly s: number; readonly d: number; readonly speedMps: number } | { readonly pose: Pose2; readonly speedMps: number };

/** The ego's box centre at one time of the plan; `laneId` null while it follows a trajectory. */
export interface PlanSample {
  readonly t: number;
  readonly laneId: string | null;
  readonly s: number;
  readonly d: number;
  readonly pose: Pose2;
  readonly speedMps: number;
}

export type PlanWaypoint = { readonly t: number; readonly lane: string; readonly s: number; readonly d: number } | { readonly t: number; readonly x: number; readonly y: number };

interface Lateral {
  readonly from: number;
  readonly to: number;
  readonly t0: number;
  readonly durationS: number;
  readonly shape: Shape;
  /** Lanes to move over when the profile ends (a lane change), else 0. */
  readonly lanes: number;
}

const r4 = (v: number): number => Number(v.toFixed(4));

/** Drives the plan from t = 0 to `endS`; `notes` says where it could not do what it was told. */
export function drivePlan(network: RoadNetwork, start: PlanStart, manoeuvres: readonly Manoeuvre[], endS: number): { samples: PlanSample[]; notes: string[] } {
  const todo = [...manoeuvres].sort((a, b) => a.t0 - b.t0);
  const notes: string[] = [];
  const samples: PlanSample[] = [];
  let laneId: string | null = 'laneId' in start ? start.laneId : null;
  let s = 'laneId' in start ? start.s : 0;
  let pose: Pose2 = 'pose' in start ? start.pose : { x: 0, y: 0, yaw: 0 };
  let speed = start.speedMps;
  let longitudinal = { from: speed, to: speed, t0: 0, durationS: 0, shape: 'step' as Shape };
  let lateral: Lateral = { from: 'd' in start ? start.d : 0, to: 'd' in start ? start.d : 0, t0: 0, durationS: 0, shape: 'step', lanes: 0 };
  let route: readonly string[] = [];
  let trajectory: Extract<Manoeuvre, { kind: 'trajectory' }>['points'] | null = null;
  let stopped = false;
  const lateralAt = (t: number): number => transitionValue(lateral.shape, lateral.from, lateral.to, lateral.t0, lateral.durationS, t);
  if (laneId !== null) pose = lanePose(network, laneId, s, lateral.to);
  const steps = Math.ceil(endS / PLAN_DT_S - 1e-9);
  for (let k = 0; k <= steps; k++) {
    const t = k * PLAN_DT_S;
    while (todo.length > 0 && todo[0].t0 <= t + 1e-9) {
      const m = todo.shift() as Manoeuvre;
      if (m.kind === 'speed') longitudinal = { from: speed, to: m.toMps, t0: t, durationS: m.durationS, shape: m.shape };
      else if (m.kind === 'route') route = m.lanes;
      else if (m.kind === 'trajectory') trajectory = m.points;
      else if (laneId === null) notes.push(`the ${m.kind.replace('_', ' ')} at ${t.toFixed(2)} s is not planned: the ego does not drive on a lane then`);
      else if (m.kind === 'lane_offset') lateral = { from: lateralAt(t), to: m.offsetM, t0: t, durationS: m.durationS, shape: m.shape, lanes: 0 };
      else {
        const target = laneByOffset(network, laneId, m.lanes);
        if (target === null) {
          notes.push(`the lane change at ${t.toFixed(2)} s is not planned: lane '${laneId}' has no lane ${Math.abs(m.lanes)} to the ${m.lanes > 0 ? 'left' : 'right'}`);
          continue;
        }
        // The target lane's centre in the frame of the lane driven, where the change starts.
        const here = frenetToWorld(getLane(network, laneId).centerline, s, 0);
        const onTarget = projectOntoLane(network, target, here.x, here.y);
        const centre = frenetToWorld(getLane(network, target).centerline, onTarget.s, 0);
        const dTarget = projectOntoLane(network, laneId, centre.x, centre.y).d;
        lateral = { from: lateralAt(t), to: dTarget + m.endOffsetM, t0: t, durationS: Math.max(m.durationS, PLAN_DT_S), shape: m.shape === 'step' ? 'linear' : m.shape, lanes: m.lanes };
      }
    }
    if (trajectory !== null) {
      const pts = trajectory;
      const i = pts.findIndex((p) => p.t >= t - 1e-9);
      if (i < 0 || (i === pts.length - 1 && t > pts[i].t - 1e-9)) {
        // The trajectory is done: drive on along the lane under its end, at its last speed.
        const a = pts[Math.max(0, pts.length - 2)];
        const b = pts[pts.length - 1];
        const yaw = Math.atan2(b.y - a.y, b.x - a.x);
        speed = b.t > a.t ? Math.hypot(b.x - a.x, b.y - a.y) / (b.t - a.t) : 0;
        longitudinal = { from: speed, to: speed, t0: t, durationS: 0, shape: 'step' };
        pose = { x: b.x, y: b.y, yaw };
        trajectory = null;
        const under = laneHeading(network, b.x, b.y, yaw);
        if (under !== null) {
          laneId = under.laneId;
          s = under.s;
          lateral = { from: under.d, to: under.d, t0: t, durationS: 0, shape: 'step', lanes: 0 };
        } else {
          laneId = null;
          if (!stopped) notes.push(`after its trajectory (${t.toFixed(2)} s) no lane near the ego heads its way: the plan holds it there`);
          stopped = true;
          speed = 0;
          longitudinal = { from: 0, to: 0, t0: t, durationS: 0, shape: 'step' };
        }
      } else {
        const b = pts[i];
        const a = pts[Math.max(0, i - 1)];
        const u = b.t > a.t ? Math.min(1, Math.max(0, (t - a.t) / (b.t - a.t))) : 1;
        const yaw = Math.hypot(b.x - a.x, b.y - a.y) > 1e-6 ? Math.atan2(b.y - a.y, b.x - a.x) : pose.yaw;
        speed = b.t > a.t ? Math.hypot(b.x - a.x, b.y - a.y) / (b.t - a.t) : speed;
        pose = { x: a.x + (b.x - a.x) * u, y: a.y + (b.y - a.y) * u, yaw };
        laneId = null;
        samples.push({ t, laneId: null, s: 0, d: 0, pose, speedMps: speed });
        continue;
      }
    }
    const d = laneId === null ? 0 : lateralAt(t);
    if (laneId !== null) pose = lanePose(network, laneId, s, d);
    samples.push({ t, laneId, s, d, pose, speedMps: speed });
    if (laneId === null) continue;
    // Advance to the next step.
    const next = transitionValue(longitudinal.shape, longitudinal.from, longitudinal.to, longitudinal.t0, longitudinal.durationS, t + PLAN_DT_S);
    s += 0.5 * (speed + next) * PLAN_DT_S;
    speed = next;
    let lane = getLane(network, laneId);
    while (s > lane.centerline.lengthM) {
      const at = route.indexOf(lane.id);
      const preferred = lane.successorIds.find((id) => route.includes(id) && (at < 0 || route.indexOf(id) > at));
      const nextId = preferred ?? lane.successorIds[0];
      if (nextId === undefined) {
        notes.push(`the plan reaches the end of lane '${lane.id}' at ${(t + PLAN_DT_S).toFixed(2)} s and stops there`);
        s = lane.centerline.lengthM;
        speed = 0;
        longitudinal = { from: 0, to: 0, t0: t, durationS: 0, shape: 'step' };
        break;
      }
      s -= lane.centerline.lengthM;
      lane = getLane(network, nextId);
      laneId = nextId;
    }
    const tNext = t + PLAN_DT_S;
    if (lateral.lanes !== 0 && tNext >= lateral.t0 + lateral.durationS - 1e-9) {
      // The lane change is done: drive on in the lane it went to.
      const target = laneByOffset(network, laneId, lateral.lanes);
      if (target !== null) {
        const p = frenetToWorld(lane.centerline, s, lateral.to);
        const on = projectOntoLane(network, target, p.x, p.y);
        laneId = target;
        s = on.s;
        lateral = { from: on.d, to: on.d, t0: tNext, durationS: 0, shape: 'step', lanes: 0 };
      } else lateral = { ...lateral, lanes: 0 };
    }
  }
  return { samples, notes };
}

/** Lanes whose centre is farther than this from a trajectory's end are not driven on from there, m. */
const MAX_DRIVE_ON_OFFSET_M = 8;

/**
 * The lane to drive on along after a trajectory ends at (x, y) heading `yaw`: the lane under it
 * when that heads the same way, else the nearest lane that does (a trajectory into the oncoming
 * lane goes on there as an offset from the ego's own lane, as our lane traffic does).
 */
function laneHeading(network: RoadNetwork, x: number, y: number, yaw: number): { laneId: string; s: number; d: number } | null {
  const under = locate(network, x, y);
  if (under !== null && Math.abs(wrapAngle(poseAt(getLane(network, under.laneId).centerline, under.s).yaw - yaw)) < MAX_HEADING_DIFF_RAD) return under;
  return nearestLaneHeading(network, x, y, yaw, MAX_HEADING_DIFF_RAD, MAX_DRIVE_ON_OFFSET_M);
}

/**
 * Where the plan has the ego at `t` for positions relative to it: the sample there, or, just after
 * a trajectory, that trajectory's end carried on along its heading (the lane frame has the lane's
 * heading, not the one the ego drives at when the next trajectory joins on).
 */
export function poseForRelative(samples: readonly PlanSample[], t: number): PlanSample {
  const here = sampleAt(samples, t);
  if (here.laneId === null) return here;
  const recent = samples.filter((p) => p.laneId === null && p.t <= t + 1e-9 && p.t >= t - 2 * 0.1 - 1e-9).pop();
  if (recent === undefined) return here;
  const ahead = recent.speedMps * (t - recent.t);
  return { ...here, pose: { x: recent.pose.x + ahead * Math.cos(recent.pose.yaw), y: recent.pose.y + ahead * Math.sin(recent.pose.yaw), yaw: recent.pose.yaw } };
}

/** The sample at time `t` (the last one at or before it). */
export function sampleAt(samples: readonly PlanSample[], t: number): PlanSample {
  const k = Math.min(samples.length - 1, Math.max(0, Math.floor(t / PLAN_DT_S + 1e-6)));
  return samples[k];
}

function waypointOf(p: PlanSample): PlanWaypoint {
  return p.laneId === null ? { t: r4(p.t), x: r4(p.pose.x), y: r4(p.pose.y) } : { t: r4(p.t), lane: p.laneId, s: r4(p.s), d: r4(p.d) };
}

/** Whether the samples between a and b lie on the straight (t -> value) line from a to b. */
function linear(samples: readonly PlanSample[], a: number, b: number): boolean {
  const pa = samples[a];
  const pb = samples[b];
  if (pa.laneId !== pb.laneId) return false;
  for (let i = a + 1; i < b; i++) {
    const p = samples[i];
    if (p.laneId !== pa.laneId) return false;
    const u = (p.t - pa.t) / (pb.t - pa.t);
    const lerp = (f: (q: PlanSample) => number): number => f(pa) + (f(pb) - f(pa)) * u;
    const off =
      pa.laneId === null
        ? Math.hypot(lerp((q) => q.pose.x) - p.pose.x, lerp((q) => q.pose.y) - p.pose.y)
        : Math.hypot(lerp((q) => q.s) - p.s, lerp((q) => q.d) - p.d);
    if (off > SIMPLIFY_TOLERANCE_M) return false;
  }
  return true;
}

/** The plan as spec waypoints: samples on the simulator's grid, dropping those the interpolation restores. */
export function planWaypoints(samples: readonly PlanSample[], gridS: number): PlanWaypoint[] {
  const every = Math.max(1, Math.round(gridS / PLAN_DT_S));
  const grid = samples.filter((_, i) => i % every === 0 || i === samples.length - 1);
  const kept = [0];
  let anchor = 0;
  for (let i = 1; i < grid.length; i++) {
    if (i + 1 < grid.length && linear(grid, anchor, i + 1)) continue;
    kept.push(i);
    anchor = i;
  }
  return kept.map((i) => waypointOf(grid[i]));
}

/** The lanes the plan drives, in order. */
export function planLanes(samples: readonly PlanSample[]): string[] {
  const lanes: string[] = [];
  for (const p of samples) if (p.laneId !== null && lanes[lanes.length - 1] !== p.laneId) lanes.push(p.laneId);
  return lanes;
}
