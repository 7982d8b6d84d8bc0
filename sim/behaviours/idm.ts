/**
 * Intelligent Driver Model (Treiber, Hennecke, Helbing, "Congested traffic states in empirical
 * observations and microscopic simulations", Phys. Rev. E 62, 2000):
 *
 *   a = a_max [ 1 - (v / v0)^delta - (s* / s)^2 ]
 *   s* = s0 + max(0, v T + v dv / (2 sqrt(a_max b)))      dv = v - v_leader (closing speed)
 *
 * v: own speed, s: bumper-to-bumper gap to the leader, v0 desired speed, T time headway,
 * s0 jam distance, b comfortable deceleration, delta the free-road exponent. Without a leader the
 * interaction term is dropped. The max(0, .) keeps s* >= s0 when the leader pulls away (as in
 * Treiber & Kesting, "Traffic Flow Dynamics", 2013, eq. 11.5), and the result is clamped to
 * [-IDM_EMERGENCY_DECEL_MPS2, maxAccel]: the raw model can ask for any deceleration when the gap
 * is tiny, which no tyre can deliver.
 */

export interface IdmParams {
  /** v0: speed on a free road, m/s (> 0). */
  readonly desiredSpeedMps: number;
  /** T: desired time gap to the leader, s (>= 0). */
  readonly timeHeadwayS: number;
  /** s0: bumper-to-bumper gap kept at standstill, m (>= 0). */
  readonly minGapM: number;
  /** a_max: acceleration from standstill on a free road, m/s^2 (> 0). */
  readonly maxAccelMps2: number;
  /** b: comfortable deceleration, m/s^2, positive (> 0). */
  readonly comfortDecelMps2: number;
  /** delta: free-road acceleration exponent (> 0; 4 in the paper). */
  readonly delta: number;
}

/**
 * HighwayEnv's IDMVehicle values (vehicle/behavior.py): COMFORT_ACC_MAX = 3, COMFORT_ACC_MIN = -5,
 * TIME_WANTED = 1.5, DELTA = 4, DISTANCE_WANTED = 5 m + length measured centre to centre, i.e. a
 * 5 m bumper gap. Treiber & Kesting's highway set (a = 1, b = 1.5, T = 1, s0 = 2) is gentler.
 * The desired speed is a per-agent setting; 30 m/s (108 km/h) is only the fallback.
 */
export const DEFAULT_IDM: IdmParams = Object.freeze({
  desiredSpeedMps: 30.0,
  timeHeadwayS: 1.5,
  minGapM: 5.0,
  maxAccelMps2: 3.0,
  comfortDecelMps2: 5.0,
  delta: 4.0,
});

/** Output floor, m/s^2: ~0.9 g, about what dry asphalt allows; vehicle dynamics may cap lower. */
export const IDM_EMERGENCY_DECEL_MPS2 = 9.0;

/** Gaps below this (m) are treated as this in the division: keeps s* / s finite at contact. */
const MIN_DIVISOR_GAP_M = 0.01;
/** v0 below this (m/s) is treated as this: (v / v0) stays finite, and the clamp takes over. */
const MIN_DESIRED_SPEED_MPS = 0.01;

/** Checks IDM parameters once at the boundary; throws naming the bad field. */
export function validateIdmParams(p: IdmParams, where = 'idm params'): void {
  const checks: [keyof IdmParams, boolean][] = [
    ['desiredSpeedMps', p.desiredSpeedMps > 0],
    ['timeHeadwayS', p.timeHeadwayS >= 0],
    ['minGapM', p.minGapM >= 0],
    ['maxAccelMps2', p.maxAccelMps2 > 0],
    ['comfortDecelMps2', p.comfortDecelMps2 > 0],
    ['delta', p.delta > 0],
  ];
  for (const [key, ok] of checks) {
    if (!ok || !Number.isFinite(p[key])) {
      const range = key === 'timeHeadwayS' || key === 'minGapM' ? '>= 0' : '> 0';
      throw new Error(`${where}: ${key} must be a finite number ${range}, got ${p[key]}`);
    }
  }
}

/** (v / v0)^delta; the paper's delta = 4 is squared twice, several times faster than Math.pow. */
function freeRoadPower(vRatio: number, delta: number): number {
  if (delta === 4) {
    const sq = vRatio * vRatio;
    return sq * sq;
  }
  return Math.pow(vRatio, delta);
}

/**
 * Desired dynamic gap s*, m, for own speed `speedMps` closing on a leader at `leaderSpeedMps`.
 */
export function idmDesiredGapM(speedMps: number, leaderSpeedMps: number, p: IdmParams): number {
  const closingMps = speedMps - leaderSpeedMps;
  const sqrtAb = Math.sqrt(p.maxAccelMps2 * p.comfortDecelMps2);
  const dynamicM = speedMps * p.timeHeadwayS + (speedMps * closingMps) / (2 * sqrtAb);
  return p.minGapM + Math.max(0, dynamicM);
}

/**
 * IDM acceleration, m/s^2, in [-IDM_EMERGENCY_DECEL_MPS2, maxAccelMps2].
 * `leader` is null on a free road; its `gapM` is bumper to bumper (negative = overlapping).
 */
export function idmAccelMps2(
  speedMps: number,
  leader: { readonly gapM: number; readonly speedMps: number } | null,
  p: IdmParams,
): number {
  const v0 = Math.max(p.desiredSpeedMps, MIN_DESIRED_SPEED_MPS);
  const vRatio = Math.max(speedMps, 0) / v0;
  let accel = p.maxAccelMps2 * (1 - freeRoadPower(vRatio, p.delta));
  if (leader !== null) {
    const ratio = idmDesiredGapM(speedMps, leader.speedMps, p) / Math.max(leader.gapM, MIN_DIVISOR_GAP_M);
    accel -= p.maxAccelMps2 * ratio * ratio;
  }
  if (accel < -IDM_EMERGENCY_DECEL_MPS2) return -IDM_EMERGENCY_DECEL_MPS2;
  return accel > p.maxAccelMps2 ? p.maxAccelMps2 : accel;
}

/**
 * Equilibrium gap, m: the gap at which following a leader at the same speed gives a = 0,
 *   s_e(v) = (s0 + v T) / sqrt(1 - (v / v0)^delta);
 * Infinity when v >= v0 (no finite gap holds a car at or above its desired speed).
 */
export function idmEquilibriumGapM(speedMps: number, p: IdmParams): number {
  const v0 = Math.max(p.desiredSpeedMps, MIN_DESIRED_SPEED_MPS);
  const free = 1 - freeRoadPower(Math.max(speedMps, 0) / v0, p.delta);
  if (free <= 0) return Infinity;
  return idmDesiredGapM(speedMps, speedMps, p) / Math.sqrt(free);
}
