/**
 * Varied ego driving for the dataset: a longitudinal speed profile (cruise, accelerate, brake,
 * stop, stop-and-go) and a lateral manoeuvre (keep, lane change left/right, swerve left/right),
 * turned into timed lane waypoints {t, lane, s, d} along a chain of lanes, which the trajectory
 * policy tracks with the kinematic bicycle. The world model must see actions that matter, so the
 * ego does not only cruise.
 *
 * Speeds are given at knots every KNOT_S; distance integrates them with the trapezoid rule, so the
 * implied acceleration is piecewise constant between knots.
 */
import type { Rng } from '../../sim/rng';
import { chainPosition } from '../../sim/road/lane-chain';
import type { RoadNetwork } from '../../sim/road/types';

export const LONGITUDINAL_MODES = ['cruise', 'accelerate', 'brake', 'stop', 'stop_and_go'] as const;
export type LongitudinalManoeuvre = (typeof LONGITUDINAL_MODES)[number];
export const LATERAL_MODES = ['keep', 'lane_change_left', 'lane_change_right', 'swerve_left', 'swerve_right'] as const;
export type LateralManoeuvre = (typeof LATERAL_MODES)[number];

/** Waypoint spacing, s: fine enough that linear interpolation of d between knots looks smooth. */
export const KNOT_S = 0.5;
/** Comfortable-to-firm accelerations, m/s^2 (passenger cars: ~2-3 comfortable, 6-8 emergency). */
const ACCEL_RANGE_MPS2: readonly [number, number] = [1, 3];
const BRAKE_RANGE_MPS2: readonly [number, number] = [1.5, 5];
/** Lateral offset of a swerve, m: about half a lane, which keeps the ego on the road. */
const SWERVE_RANGE_M: readonly [number, number] = [0.6, 1.4];
/**
 * Shortest distance of a lateral manoeuvre, m: a lane change of 3.5 m over 20 m has a peak
 * curvature of about 6 * 3.5 / 20^2 = 0.05 1/m, well within a car's steering (radius ~5 m).
 */
const MIN_LATERAL_LENGTH_M = 20;

export interface EgoWaypoint {
  readonly t: number;
  readonly lane: string;
  readonly s: number;
  readonly d: number;
}

export interface EgoPlan {
  readonly longitudinal: LongitudinalManoeuvre;
  readonly lateral: LateralManoeuvre;
  readonly waypoints: readonly EgoWaypoint[];
}

export interface EgoPlanRequest {
  readonly road: RoadNetwork;
  /** Start lane, then the lanes the ego drives into. */
  readonly chain: readonly string[];
  readonly startS: number;
  readonly startSpeedMps: number;
  /** Waypoints cover [0, durationS]. */
  readonly durationS: number;
  /** Speed cap, m/s (e.g. the turn speed at an intersection). */
  readonly maxSpeedMps: number;
  /** Lateral manoeuvres allowed on this road (a lane change needs a lane on that side). */
  readonly lateralChoices: readonly LateralManoeuvre[];
  readonly laneWidthM: number;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** Speeds at the knots t = 0, KNOT_S, ... for a longitudinal manoeuvre. */
export function speedProfile(rng: Rng, mode: LongitudinalManoeuvre, v0: number, knots: number, maxSpeedMps: number): number[] {
  const startK = 1 + rng.int(Math.max(1, Math.floor(knots / 3)));
  const accel = rng.uniform(ACCEL_RANGE_MPS2[0], ACCEL_RANGE_MPS2[1]);
  const drawnDecel = rng.uniform(BRAKE_RANGE_MPS2[0], BRAKE_RANGE_MPS2[1]);
  // A stop must reach standstill with a fifth of the remaining time to spare.
  const stopDecel = v0 / Math.max(KNOT_S, 0.8 * (knots - 1 - startK) * KNOT_S);
  const decel = mode === 'stop' ? Math.max(drawnDecel, stopDecel) : drawnDecel;
  const resumeK = startK + Math.floor(knots / 3) + rng.int(Math.max(1, Math.floor(knots / 4)));
  const out: number[] = [];
  let v = v0;
  for (let k = 0; k < knots; k++) {
    if (k >= startK) {
      if (mode === 'accelerate') v += accel * KNOT_S;
      else if (mode === 'brake') v = Math.max(v0 * 0.3, v - decel * KNOT_S);
      else if (mode === 'stop') v -= decel * KNOT_S;
      else if (mode === 'stop_and_go') v += (k < resumeK ? -decel : accel) * KNOT_S;
    }
    v = Math.min(maxSpeedMps, Math.max(0, v));
    out.push(v);
  }
  return out;
}

/**
 * Lateral offset after travelling `distM`, for a manoeuvre over [d0, d0 + lengthM] of distance
 * (cubic smoothstep). Distance, not time, so that a slow or stopping ego never moves sideways
 * faster than a bicycle can steer.
 */
function lateralOffset(mode: LateralManoeuvre, distM: number, d0: number, lengthM: number, laneWidthM: number, swerveM: number): number {
  const u = Math.min(1, Math.max(0, (distM - d0) / lengthM));
  const smooth = u * u * (3 - 2 * u);
  switch (mode) {
    case 'keep':
      return 0;
    case 'lane_change_left':
      return laneWidthM * smooth;
    case 'lane_change_right':
      return -laneWidthM * smooth;
    case 'swerve_left':
    case 'swerve_right': {
      // Out and back: sin^2 bump, zero slope at both ends.
      const bump = Math.sin(Math.PI * u) ** 2;
      return (mode === 'swerve_left' ? 1 : -1) * swerveM * bump;
    }
  }
}

export function planEgo(rng: Rng, req: EgoPlanRequest): EgoPlan {
  const longitudinal = pick(rng, LONGITUDINAL_MODES);
  const lateral = pick(rng, req.lateralChoices);
  const knots = Math.ceil(req.durationS / KNOT_S) + 1;
  const speeds = speedProfile(rng, longitudinal, Math.min(req.startSpeedMps, req.maxSpeedMps), knots, req.maxSpeedMps);
  const dist: number[] = [0];
  for (let k = 1; k < knots; k++) dist.push(dist[k - 1] + ((speeds[k - 1] + speeds[k]) / 2) * KNOT_S);
  const lateralDurS = rng.uniform(2, 4);
  const lateralStartK = Math.round(rng.uniform(0.5, Math.max(0.6, req.durationS - lateralDurS)) / KNOT_S);
  const d0 = dist[Math.min(knots - 1, lateralStartK)];
  const startSpeed = speeds[Math.min(knots - 1, lateralStartK)];
  const lateralLengthM = Math.max(MIN_LATERAL_LENGTH_M, startSpeed * lateralDurS);
  const swerveM = rng.uniform(SWERVE_RANGE_M[0], SWERVE_RANGE_M[1]);
  const waypoints: EgoWaypoint[] = [];
  for (let k = 0; k < knots; k++) {
    const at = chainPosition(req.road, req.chain, req.startS, dist[k]);
    waypoints.push({ t: k * KNOT_S, lane: at.lane, s: at.s, d: lateralOffset(lateral, dist[k], d0, lateralLengthM, req.laneWidthM, swerveM) });
  }
  return { longitudinal, lateral, waypoints };
}
