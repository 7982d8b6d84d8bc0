/**
 * Timed-waypoint trajectories: sampling and a tracking controller for a kinematic bicycle.
 *
 * Interpolation: a cubic Hermite spline in time (the time-knotted Catmull-Rom family). The
 * velocity at an inner waypoint is the derivative of the parabola through it and its two
 * neighbours, m_i = (h_{i-1} d_i + h_i d_{i-1}) / (h_{i-1} + h_i) with d the chord velocities and
 * h the time steps; at the ends it is the one-sided derivative of the parabola through the
 * first (last) three waypoints, so constant acceleration is reproduced exactly everywhere. It is
 * zero next to a zero-length chord, so that a vehicle waiting at a waypoint does not creep
 * backwards, and at an end where the parabola would point against the end chord. Position and
 * velocity are continuous, so speed and yaw (the direction of travel) are too. Before the first waypoint the sample holds the first point at the start
 * velocity; after the last it holds the last point with speed 0 (the vehicle stops there).
 * The spline's speed is what the waypoints say: on a tight curve sampled coarsely (a 20 m
 * radius at 15 m/s with waypoints 1 s apart) it wobbles by +-7%, which a jerk-limited vehicle
 * cannot follow; author curves with waypoints 0.5 s apart or closer.
 *
 * Tracking (`trackTrajectory`):
 *   steering: pure pursuit (pure-pursuit.ts) on the first point of the path, searched forward
 *     from the reference at timeS, that is ahead of the rear axle and at least
 *     l_d = max(4 m, 0.5 s * v) away; past the end of the path the final direction is extended.
 *   acceleration: a = (v_ref(t + dt) - v_ref(t)) / dt + K_VEL [ v_ref(t) + K_POS e_s - v ]:
 *     the feed-forward is the reference's mean acceleration over the coming step (so a vehicle
 *     on the reference stays on it, exactly for constant acceleration), and e_s is the
 *     along-track position error to the reference at t. The error dynamics
 *     s^2 + K_VEL s + K_VEL K_POS are well damped (zeta ~ 0.87). When the trajectory ends
 *     moving, v_ref drops to 0 and the request is a hard stop (stepBicycle limits it).
 */
import type { Pose2, VehicleAction } from '../types';
import type { BicycleState } from '../dynamics/bicycle';
import type { VehicleParams } from '../dynamics/vehicle-params';
import { rearAxleOffsetM } from '../dynamics/bicycle';
import { purePursuitSteerRad } from './pure-pursuit';

export interface TimedWaypoint {
  /** Time, s; strictly increasing along the list. */
  readonly tS: number;
  /** Box-centre position in the world frame, m. */
  readonly x: number;
  readonly y: number;
}

export interface TrajectorySample {
  readonly x: number;
  readonly y: number;
  /** Direction of travel, rad (-pi, pi]. */
  readonly yaw: number;
  readonly speedMps: number;
}

/** Lookahead: l_d = max(MIN_LOOKAHEAD_M, LOOKAHEAD_TIME_S * v). 4 m keeps low-speed steering calm. */
const MIN_LOOKAHEAD_M = 4.0;
const LOOKAHEAD_TIME_S = 0.5;
/** Speed loop gain, 1/s, and position-to-speed gain, 1/s (see the file comment). */
const K_VEL = 1.5;
const K_POS = 0.5;
/** Speeds below this (m/s) have no reliable direction; yaw falls back to the chords. */
const MIN_DIRECTION_SPEED_MPS = 1e-6;
/** Bisection steps for the lookahead point: segment time / 2^20, far below a millimetre. */
const LOOKAHEAD_BISECTIONS = 20;

/** Checks a trajectory once at the boundary; throws naming the bad waypoint. */
export function validateTimedWaypoints(wps: readonly TimedWaypoint[], where = 'trajectory'): void {
  if (wps.length === 0) throw new Error(`${where}: needs at least one waypoint`);
  wps.forEach((w, i) => {
    if (!Number.isFinite(w.tS) || !Number.isFinite(w.x) || !Number.isFinite(w.y)) {
      throw new Error(`${where}[${i}]: tS, x and y must be finite numbers`);
    }
    if (i > 0 && !(w.tS > wps[i - 1].tS)) {
      throw new Error(`${where}[${i}]: tS ${w.tS} must be greater than the previous waypoint's ${wps[i - 1].tS}`);
    }
  });
}

/** Index i of the segment [t_i, t_{i+1}] holding tS, clamped to [0, n - 2]; n >= 2. */
function segmentIndex(wps: readonly TimedWaypoint[], tS: number): number {
  let lo = 0;
  let hi = wps.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (wps[mid].tS <= tS) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Spline velocity at waypoint i, written into out[0], out[1] (m/s). */
function knotVelocity(wps: readonly TimedWaypoint[], i: number, out: number[]): void {
  const n = wps.length;
  if (n === 2) {
    out[0] = (wps[1].x - wps[0].x) / (wps[1].tS - wps[0].tS);
    out[1] = (wps[1].y - wps[0].y) / (wps[1].tS - wps[0].tS);
    return;
  }
  // The parabola through three consecutive waypoints: centred on i inside, one-sided at the ends.
  const j = i === 0 ? 1 : i === n - 1 ? n - 2 : i;
  const a = wps[j - 1];
  const p = wps[j];
  const c = wps[j + 1];
  const h0 = p.tS - a.tS;
  const h1 = c.tS - p.tS;
  const d0x = (p.x - a.x) / h0, d0y = (p.y - a.y) / h0;
  const d1x = (c.x - p.x) / h1, d1y = (c.y - p.y) / h1;
  // The chord next to i: a zero one means the vehicle waits there.
  const ex = i === 0 ? d0x : i === n - 1 ? d1x : 0;
  const ey = i === 0 ? d0y : i === n - 1 ? d1y : 0;
  if ((d0x === 0 && d0y === 0 && i <= j) || (d1x === 0 && d1y === 0 && i >= j)) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  if (i === j) {
    out[0] = (h1 * d0x + h0 * d1x) / (h0 + h1);
    out[1] = (h1 * d0y + h0 * d1y) / (h0 + h1);
    return;
  }
  const sign = i === 0 ? -1 : 1;
  const w = (i === 0 ? h0 : h1) / (h0 + h1);
  out[0] = ex + sign * w * (d1x - d0x);
  out[1] = ey + sign * w * (d1y - d0y);
  // A quadratic end extrapolated past a stop would point backwards; stop instead.
  if (out[0] * ex + out[1] * ey < 0) {
    out[0] = 0;
    out[1] = 0;
  }
}

/** Hermite evaluation scratch: [x, y, vx, vy]; reused to keep the hot path allocation-free. */
const EVAL = [0, 0, 0, 0];
const M0 = [0, 0];
const M1 = [0, 0];

/** Evaluates position and velocity at tS (clamped to the segment) into EVAL. */
function evalSpline(wps: readonly TimedWaypoint[], tS: number): void {
  const n = wps.length;
  if (n === 1 || tS >= wps[n - 1].tS) {
    const last = wps[n - 1];
    EVAL[0] = last.x; EVAL[1] = last.y;
    EVAL[2] = 0; EVAL[3] = 0;
    return;
  }
  const i = segmentIndex(wps, tS);
  const p0 = wps[i];
  const p1 = wps[i + 1];
  knotVelocity(wps, i, M0);
  knotVelocity(wps, i + 1, M1);
  const h = p1.tS - p0.tS;
  const u = tS <= p0.tS ? 0 : (tS - p0.tS) / h;
  const u2 = u * u;
  const u3 = u2 * u;
  const h00 = 2 * u3 - 3 * u2 + 1, h10 = u3 - 2 * u2 + u, h01 = 3 * u2 - 2 * u3, h11 = u3 - u2;
  const d00 = 6 * u2 - 6 * u, d10 = 3 * u2 - 4 * u + 1, d11 = 3 * u2 - 2 * u;
  EVAL[0] = h00 * p0.x + h10 * h * M0[0] + h01 * p1.x + h11 * h * M1[0];
  EVAL[1] = h00 * p0.y + h10 * h * M0[1] + h01 * p1.y + h11 * h * M1[1];
  EVAL[2] = (d00 * (p0.x - p1.x) + h * (d10 * M0[0] + d11 * M1[0])) / h;
  EVAL[3] = (d00 * (p0.y - p1.y) + h * (d10 * M0[1] + d11 * M1[1])) / h;
}

/** Direction of the nearest non-degenerate chord to segment i (forward first), or 0. */
function chordYaw(wps: readonly TimedWaypoint[], i: number): number {
  for (let j = i; j < wps.length - 1; j++) {
    const dx = wps[j + 1].x - wps[j].x, dy = wps[j + 1].y - wps[j].y;
    if (dx !== 0 || dy !== 0) return Math.atan2(dy, dx);
  }
  for (let j = Math.min(i, wps.length - 1) - 1; j >= 0; j--) {
    const dx = wps[j + 1].x - wps[j].x, dy = wps[j + 1].y - wps[j].y;
    if (dx !== 0 || dy !== 0) return Math.atan2(dy, dx);
  }
  return 0;
}

/** Yaw from the velocity in EVAL, or from the chords when (nearly) stopped. */
function evalYaw(wps: readonly TimedWaypoint[], tS: number, speedMps: number): number {
  if (speedMps > MIN_DIRECTION_SPEED_MPS) return Math.atan2(EVAL[3], EVAL[2]);
  if (wps.length < 2) return 0;
  if (tS >= wps[wps.length - 1].tS) {
    knotVelocity(wps, wps.length - 1, M0);
    if (M0[0] !== 0 || M0[1] !== 0) return Math.atan2(M0[1], M0[0]);
  }
  return chordYaw(wps, segmentIndex(wps, tS));
}

/** Reference position, direction of travel and speed at time tS (see the file comment). */
export function sampleTrajectory(wps: readonly TimedWaypoint[], tS: number): TrajectorySample {
  evalSpline(wps, tS);
  const speedMps = Math.hypot(EVAL[2], EVAL[3]);
  const x = EVAL[0];
  const y = EVAL[1];
  return { x, y, yaw: evalYaw(wps, tS, speedMps), speedMps };
}

/**
 * Lookahead target for pure pursuit, written into out[0], out[1]: the first path point after the
 * reference at timeS that is ahead of the rear axle (rx, ry, heading c, s) and >= ldM away.
 */
function lookaheadTarget(
  wps: readonly TimedWaypoint[], timeS: number, rx: number, ry: number, c: number, s: number, ldM: number, out: number[],
): void {
  const reaches = (x: number, y: number): boolean => {
    const dx = x - rx, dy = y - ry;
    return dx * c + dy * s > 0 && dx * dx + dy * dy >= ldM * ldM;
  };
  const n = wps.length;
  const lastT = wps[n - 1].tS;
  let loT = Math.min(Math.max(timeS, wps[0].tS), lastT);
  evalSpline(wps, loT);
  if (reaches(EVAL[0], EVAL[1])) {
    out[0] = EVAL[0]; out[1] = EVAL[1];
    return;
  }
  for (let j = n > 1 ? segmentIndex(wps, loT) + 1 : n; j < n; j++) {
    if (wps[j].tS <= loT || !reaches(wps[j].x, wps[j].y)) {
      loT = Math.max(loT, wps[j].tS);
      continue;
    }
    let hiT = wps[j].tS;
    for (let k = 0; k < LOOKAHEAD_BISECTIONS; k++) {
      const midT = 0.5 * (loT + hiT);
      evalSpline(wps, midT);
      if (reaches(EVAL[0], EVAL[1])) hiT = midT;
      else loT = midT;
    }
    evalSpline(wps, hiT);
    out[0] = EVAL[0]; out[1] = EVAL[1];
    return;
  }
  // The path ends within the lookahead: extend its final direction.
  const last = wps[n - 1];
  const endYaw = n > 1 ? sampleTrajectory(wps, lastT).yaw : Math.atan2(s, c);
  out[0] = last.x + ldM * Math.cos(endYaw);
  out[1] = last.y + ldM * Math.sin(endYaw);
}

const TARGET = [0, 0];

/**
 * Action that makes a bicycle follow the timed waypoints: pure pursuit steering and
 * feed-forward plus feedback acceleration (see the file comment). The result is a request;
 * stepBicycle applies the vehicle's limits. `wps` must be valid (validateTimedWaypoints).
 */
export function trackTrajectory(
  state: BicycleState,
  wps: readonly TimedWaypoint[],
  timeS: number,
  params: VehicleParams,
  dtS: number,
): VehicleAction {
  if (!(dtS > 0) || !Number.isFinite(dtS)) {
    throw new Error(`trackTrajectory: dtS must be a finite number > 0, got ${dtS}`);
  }
  const pose: Pose2 = state.pose;
  // Longitudinal: feed-forward is the reference's mean acceleration over the coming step;
  // feedback acts on the speed and along-track errors to the reference now.
  const ref = sampleTrajectory(wps, timeS);
  const alongErrM = (ref.x - pose.x) * Math.cos(ref.yaw) + (ref.y - pose.y) * Math.sin(ref.yaw);
  evalSpline(wps, timeS + dtS);
  const vRefNextMps = Math.hypot(EVAL[2], EVAL[3]);
  const feedForwardMps2 = (vRefNextMps - ref.speedMps) / dtS;
  const accelMps2 = feedForwardMps2 + K_VEL * (ref.speedMps + K_POS * alongErrM - state.speedMps);

  // Lateral: pure pursuit towards the lookahead point, seen from the rear axle.
  const c = Math.cos(pose.yaw);
  const s = Math.sin(pose.yaw);
  const b = rearAxleOffsetM(params.wheelbaseM);
  const ldM = Math.max(MIN_LOOKAHEAD_M, LOOKAHEAD_TIME_S * state.speedMps);
  lookaheadTarget(wps, timeS, pose.x - b * c, pose.y - b * s, c, s, ldM, TARGET);
  const steerRad = purePursuitSteerRad(pose, TARGET[0], TARGET[1], params.wheelbaseM);
  return { accelMps2, steerRad };
}
