/**
 * Counterfactual ego plans for the controllability test: from one state of an episode, two plans
 * that differ in one command (brake vs accelerate; keep lane vs change lane), as timed world
 * waypoints that the trajectory policy (pure pursuit + speed feedback on the kinematic bicycle)
 * tracks, exactly as the dataset's procedural egos are driven (model/dataset/ego-plan.ts, whose
 * knot spacing and lane-chain walk are reused here).
 *
 * The manoeuvre starts at once (at the state's time) so that the two futures part within the
 * judged horizon; rates lie inside the dataset's ranges (accelerate 1-3 m/s^2, brake 1.5-5 m/s^2)
 * so the model is asked about commands it was trained on. Lateral offsets follow a cubic
 * smoothstep over a distance (as ego-plan.ts, so a slow ego never steers faster than a bicycle can).
 */
import { KNOT_S } from '../dataset/ego-plan';
import { chainPosition } from '../../sim/road/lane-chain';
import { frenetToWorld } from '../../sim/geometry/polyline';
import { getLane, laneChangeTarget } from '../../sim/road/query';
import type { RoadNetwork } from '../../sim/road/types';
import type { TimedPoint } from '../../sim/setup';
import type { AgentState } from '../../sim/types';
import { agentLanePosition } from '../../sim/world/query';

export const PLAN_NAMES = ['brake', 'accelerate', 'keep_lane', 'lane_change_left', 'lane_change_right'] as const;
export type PlanName = (typeof PLAN_NAMES)[number];

/** Firm braking, m/s^2: inside the dataset's 1.5-5 range, and unmistakable within a second. */
export const BRAKE_MPS2 = 4;
/** Brisk acceleration, m/s^2: the top of the dataset's 1-3 range. */
export const ACCEL_MPS2 = 3;
/** Speed the accelerating plan stops at, m/s (the dataset's procedural ego cap). */
const MAX_SPEED_MPS = 25;
/** Shortest lane change, m, and its duration at speed, s (ego-plan.ts: 20 m, 2-4 s). */
const MIN_LATERAL_LENGTH_M = 20;
const LANE_CHANGE_S = 2.5;

/** Where the ego is on the lanes when the plan starts, and the lanes ahead of it. */
export interface PlanStart {
  readonly timeS: number;
  readonly speedMps: number;
  readonly laneId: string;
  readonly s: number;
  readonly d: number;
  /** The ego's lane, then the lanes it drives into. */
  readonly chain: readonly string[];
}

/** The ego's lane position and the lanes ahead (its route from that lane, else first successors). */
export function planStart(road: RoadNetwork, ego: AgentState, timeS: number, route: readonly string[]): PlanStart | null {
  const at = agentLanePosition(road, ego);
  if (at === null) return null;
  const fromRoute = route.indexOf(at.laneId);
  const chain = fromRoute >= 0 ? route.slice(fromRoute) : [at.laneId];
  while (chain.length < 4) {
    const next = getLane(road, chain[chain.length - 1]).successorIds;
    if (next.length === 0) break;
    chain.push(next[0]);
  }
  return { timeS, speedMps: ego.speedMps, laneId: at.laneId, s: at.s, d: at.d, chain };
}

/** Lateral offset of a lane change to `side` (centre to centre), or null when there is no such lane here. */
export function laneChangeOffsetM(road: RoadNetwork, start: PlanStart, side: 'left' | 'right'): number | null {
  const target = laneChangeTarget(road, start.laneId, side, start.s);
  if (target === null || getLane(road, target).kind !== 'driving') return null;
  const half = (getLane(road, start.laneId).widthM + getLane(road, target).widthM) / 2;
  return side === 'left' ? half : -half;
}

/** Distance travelled in t seconds from speed v0 at a constant rate, the speed clamped to [0, max(v0, MAX_SPEED_MPS)]. */
export function travelM(v0: number, rateMps2: number, t: number): number {
  if (rateMps2 === 0) return v0 * t;
  const bound = rateMps2 < 0 ? 0 : Math.max(v0, MAX_SPEED_MPS);
  const tc = Math.max(0, Math.min(t, (bound - v0) / rateMps2));
  const vEnd = v0 + rateMps2 * tc;
  return v0 * tc + 0.5 * rateMps2 * tc * tc + vEnd * (t - tc);
}

/**
 * Timed world waypoints of `plan` from `start`, every KNOT_S over `durationS`. Throws when a lane
 * change has no lane on that side (ask laneChangeOffsetM first).
 */
export function planWaypoints(road: RoadNetwork, start: PlanStart, plan: PlanName, durationS: number): TimedPoint[] {
  const rate = plan === 'brake' ? -BRAKE_MPS2 : plan === 'accelerate' ? ACCEL_MPS2 : 0;
  let offsetM = 0;
  if (plan === 'lane_change_left' || plan === 'lane_change_right') {
    const side = plan === 'lane_change_left' ? 'left' : 'right';
    const o = laneChangeOffsetM(road, start, side);
    if (o === null) throw new RangeError(`planWaypoints: no driving lane to the ${side} of '${start.laneId}' at s = ${start.s.toFixed(1)} m`);
    offsetM = o;
  }
  const lateralLengthM = Math.max(MIN_LATERAL_LENGTH_M, start.speedMps * LANE_CHANGE_S);
  const knots = Math.ceil(durationS / KNOT_S) + 1;
  const out: TimedPoint[] = [];
  for (let k = 0; k < knots; k++) {
    const t = k * KNOT_S;
    const distM = travelM(start.speedMps, rate, t);
    const u = Math.min(1, distM / lateralLengthM);
    const d = start.d + offsetM * u * u * (3 - 2 * u);
    const at = chainPosition(road, start.chain, start.s, distM);
    const p = frenetToWorld(getLane(road, at.lane).centerline, at.s, d);
    out.push({ tS: start.timeS + t, x: p.x, y: p.y });
  }
  return out;
}
