import { stepBicycle, type BicycleState } from '../../../sim/dynamics/bicycle';
import { VEHICLE_PARAMS } from '../../../sim/dynamics/vehicle-params';
import {
  sampleTrajectory,
  trackTrajectory,
  validateTimedWaypoints,
  type TimedWaypoint,
} from '../../../sim/behaviours/trajectory-tracker';

const CAR = VEHICLE_PARAMS.car;

function waypoints(endS: number, stepS: number, at: (t: number) => [number, number]): TimedWaypoint[] {
  const out: TimedWaypoint[] = [];
  for (let i = 0; i * stepS <= endS + 1e-9; i++) {
    const tS = i * stepS;
    const [x, y] = at(tS);
    out.push({ tS, x, y });
  }
  return out;
}

const STRAIGHT = waypoints(10, 0.5, (t) => [15 * t * Math.cos(0.4), 15 * t * Math.sin(0.4)]);
const SPEED_UP = waypoints(10, 0.5, (t) => [5 * t + 0.5 * t * t, 0]);
const ARC_R = 40;
const ARC = waypoints(12, 0.2, (t) => {
  const a = (12 / ARC_R) * t; // 12 m/s around a 40 m circle, turning left
  return [ARC_R * Math.sin(a), ARC_R * (1 - Math.cos(a))];
});
// 3.5 m to the left over 5 s at 20 m/s, cubic (smoothstep) lateral profile, starting at t = 2 s.
const S_CURVE = waypoints(12, 0.25, (t) => {
  const x = Math.min(Math.max((t - 2) / 5, 0), 1);
  return [20 * t, 3.5 * x * x * (3 - 2 * x)];
});

/** Drives the tracker in closed loop; returns the largest position error after `settleS`. */
function maxTrackingErrorM(wps: readonly TimedWaypoint[], dtS: number, settleS: number): number {
  const start = sampleTrajectory(wps, wps[0].tS);
  let state: BicycleState = { pose: { x: start.x, y: start.y, yaw: start.yaw }, speedMps: start.speedMps, accelMps2: 0, steerRad: 0 };
  let worst = 0;
  const endS = wps[wps.length - 1].tS;
  for (let t = wps[0].tS; t < endS - 1e-9; t += dtS) {
    const action = trackTrajectory(state, wps, t, CAR, dtS);
    state = stepBicycle(state, action, CAR, dtS);
    const ref = sampleTrajectory(wps, t + dtS);
    if (t + dtS >= settleS) worst = Math.max(worst, Math.hypot(state.pose.x - ref.x, state.pose.y - ref.y));
  }
  return worst;
}

describe('trackTrajectory with stepBicycle in closed loop', () => {
  it.each<[string, readonly TimedWaypoint[], number]>([
    ['a straight line at constant speed', STRAIGHT, 0.3],
    ['a straight line while accelerating', SPEED_UP, 0.3],
    ['a circular arc', ARC, 0.3],
    ['a lane-change S curve', S_CURVE, 0.5],
  ])('stays close to %s after 1 s', (_name, wps, tolM) => {
    for (const dtS of [0.05, 0.1]) expect(maxTrackingErrorM(wps, dtS, 1)).toBeLessThan(tolM);
  });

  it('brings the vehicle to rest near the last waypoint after the trajectory ends', () => {
    const wps = waypoints(4, 0.5, (t) => [8 * t - t * t, 0]); // decelerates from 8 m/s to 0 at t = 4
    let state: BicycleState = { pose: { x: 0, y: 0, yaw: 0 }, speedMps: 8, accelMps2: 0, steerRad: 0 };
    for (let t = 0; t < 10; t += 0.1) state = stepBicycle(state, trackTrajectory(state, wps, t, CAR, 0.1), CAR, 0.1);
    expect(state.speedMps).toBeLessThan(0.05);
    expect(Math.abs(state.pose.x - 16)).toBeLessThan(0.2);
    expect(Math.abs(state.pose.y)).toBeLessThan(1e-9);
  });
});

describe('sampleTrajectory', () => {
  it('interpolates constant-speed straight motion exactly (hand-computed)', () => {
    const s = sampleTrajectory(STRAIGHT, 2.3);
    expect(s.x).toBeCloseTo(15 * 2.3 * Math.cos(0.4), 9);
    expect(s.y).toBeCloseTo(15 * 2.3 * Math.sin(0.4), 9);
    expect(s.yaw).toBeCloseTo(0.4, 12);
    expect(s.speedMps).toBeCloseTo(15, 9);
  });

  it('reproduces constant acceleration between inner waypoints', () => {
    // x = 5 t + t^2 / 2: speed 5 + t.
    for (const t of [1.2, 3.75, 6.1]) {
      const s = sampleTrajectory(SPEED_UP, t);
      expect(s.x).toBeCloseTo(5 * t + 0.5 * t * t, 9);
      expect(s.speedMps).toBeCloseTo(5 + t, 9);
    }
  });

  it('passes through every waypoint (round trip)', () => {
    for (const w of S_CURVE) {
      const s = sampleTrajectory(S_CURVE, w.tS);
      expect(s.x).toBeCloseTo(w.x, 9);
      expect(s.y).toBeCloseTo(w.y, 9);
    }
  });

  it('follows the circle it was sampled from to within a centimetre', () => {
    for (let t = 0.05; t < 12; t += 0.3) {
      const s = sampleTrajectory(ARC, t);
      expect(Math.abs(Math.hypot(s.x, s.y - ARC_R) - ARC_R)).toBeLessThan(0.01);
      expect(s.speedMps).toBeCloseTo(12, 1);
    }
  });

  it.each<[string, number, { x: number; y: number; speedMps: number }]>([
    ['before the start holds the first point at the start speed', -1, { x: 0, y: 0, speedMps: 5 }],
    ['after the end holds the last point at rest', 11, { x: 100, y: 0, speedMps: 0 }],
  ])('%s', (_name, t, expected) => {
    const s = sampleTrajectory(SPEED_UP, t);
    expect(s.x).toBeCloseTo(expected.x, 9);
    expect(s.y).toBeCloseTo(expected.y, 9);
    expect(s.speedMps).toBeCloseTo(expected.speedMps, 9);
    expect(s.yaw).toBeCloseTo(0, 12);
  });

  it('keeps the direction of travel while waiting at a waypoint, without creeping backwards', () => {
    const wps: TimedWaypoint[] = [
      { tS: 0, x: 0, y: 0 },
      { tS: 1, x: 0, y: 5 },
      { tS: 3, x: 0, y: 5 },
      { tS: 4, x: 0, y: 10 },
    ];
    for (const t of [1, 1.5, 2.9, 3]) {
      const s = sampleTrajectory(wps, t);
      expect(s.y).toBeCloseTo(5, 9);
      expect(s.yaw).toBeCloseTo(Math.PI / 2, 12);
    }
    for (let t = 0; t <= 4; t += 0.05) expect(sampleTrajectory(wps, t + 0.05).y).toBeGreaterThanOrEqual(sampleTrajectory(wps, t).y - 1e-12);
  });
});

describe('validateTimedWaypoints', () => {
  it.each<[string, TimedWaypoint[], RegExp]>([
    ['an empty list', [], /at least one/],
    ['repeated times', [{ tS: 0, x: 0, y: 0 }, { tS: 0, x: 1, y: 0 }], /\[1\].*greater/],
    ['a NaN coordinate', [{ tS: 0, x: NaN, y: 0 }], /\[0\]/],
  ])('rejects %s', (_name, wps, message) => {
    expect(() => validateTimedWaypoints(wps)).toThrow(message);
  });

  it('accepts the test trajectories', () => {
    for (const wps of [STRAIGHT, SPEED_UP, ARC, S_CURVE]) expect(() => validateTimedWaypoints(wps)).not.toThrow();
  });
});
