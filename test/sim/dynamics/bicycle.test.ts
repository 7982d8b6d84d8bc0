import { wrapAngle } from '../../../sim/geometry/angle';
import {
  centreTurningRadiusM,
  rearAxlePose,
  steerForCurvature,
  stepBicycle,
  turningRadiusM,
  type BicycleState,
} from '../../../sim/dynamics/bicycle';
import { VEHICLE_PARAMS, type VehicleParams } from '../../../sim/dynamics/vehicle-params';

const CAR = VEHICLE_PARAMS.car;

function state(over: Partial<BicycleState> = {}): BicycleState {
  return { pose: { x: 0, y: 0, yaw: 0 }, speedMps: 0, accelMps2: 0, steerRad: 0, ...over };
}

/** Algebraic (Kasa) circle fit: x^2 + y^2 + D x + E y + F = 0 in the least-squares sense. */
function fitCircle(points: { x: number; y: number }[]): { cx: number; cy: number; r: number } {
  // Normal equations A^T A [D E F]^T = A^T b with rows [x y 1] and b = -(x^2 + y^2).
  const m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const v = [0, 0, 0];
  for (const p of points) {
    const row = [p.x, p.y, 1];
    const b = -(p.x * p.x + p.y * p.y);
    for (let i = 0; i < 3; i++) {
      v[i] += row[i] * b;
      for (let j = 0; j < 3; j++) m[i][j] += row[i] * row[j];
    }
  }
  // Cramer's rule on the 3x3 system.
  const det = (a: number[][]) =>
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
    a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
    a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const d = det(m);
  const solve = (col: number) => det(m.map((row, i) => row.map((x, j) => (j === col ? v[i] : x)))) / d;
  const [D, E, F] = [solve(0), solve(1), solve(2)];
  const cx = -D / 2;
  const cy = -E / 2;
  return { cx, cy, r: Math.sqrt(cx * cx + cy * cy - F) };
}

describe('stepBicycle', () => {
  it('drives a full constant-steer circle whose rear-axle radius is L / tan(delta)', () => {
    const steerRad = 0.2;
    let s = state({ speedMps: 10, steerRad });
    const rear: { x: number; y: number }[] = [];
    const centre: { x: number; y: number }[] = [];
    let turnedRad = 0;
    while (turnedRad < 2 * Math.PI) {
      const next = stepBicycle(s, { accelMps2: 0, steerRad }, CAR, 0.1);
      turnedRad += wrapAngle(next.pose.yaw - s.pose.yaw);
      s = next;
      rear.push(rearAxlePose(s.pose, CAR.wheelbaseM));
      centre.push(s.pose);
    }
    const expectedR = CAR.wheelbaseM / Math.tan(steerRad);
    expect(turningRadiusM(CAR.wheelbaseM, steerRad)).toBeCloseTo(expectedR, 12);
    const rearFit = fitCircle(rear);
    expect(Math.abs(rearFit.r - expectedR) / expectedR).toBeLessThan(0.01);
    // The arc integration is exact, so the fit is far tighter than the 1% asked of it.
    expect(Math.abs(rearFit.r - expectedR) / expectedR).toBeLessThan(1e-9);
    const centreFit = fitCircle(centre);
    expect(centreFit.r).toBeCloseTo(centreTurningRadiusM(CAR.wheelbaseM, steerRad), 6);
    // Turning left from the origin heading +x puts the centre of the circle on +y.
    expect(rearFit.cy).toBeGreaterThan(0);
  });

  it('keeps a straight line and its heading under the zero action', () => {
    const yaw = 0.7;
    let s = state({ pose: { x: 3, y: -2, yaw }, speedMps: 12 });
    for (let i = 0; i < 200; i++) s = stepBicycle(s, { accelMps2: 0, steerRad: 0 }, CAR, 0.05);
    expect(s.pose.yaw).toBe(yaw);
    expect(s.speedMps).toBe(12);
    const travelled = 12 * 200 * 0.05;
    expect(s.pose.x).toBeCloseTo(3 + travelled * Math.cos(yaw), 9);
    expect(s.pose.y).toBeCloseTo(-2 + travelled * Math.sin(yaw), 9);
  });

  it('covers v0 dt + a dt^2 / 2 when accelerating straight (hand-computed)', () => {
    const s = stepBicycle(state({ speedMps: 0, accelMps2: 2 }), { accelMps2: 2, steerRad: 0 }, CAR, 0.5);
    expect(s.speedMps).toBeCloseTo(1, 12);
    expect(s.pose.x).toBeCloseTo(0.25, 12);
    expect(s.accelMps2).toBe(2);
  });

  it('stops exactly where a braking ramp reaches zero, never reverses, and releases the brake', () => {
    const braking = state({ speedMps: 1, accelMps2: -8 });
    const s = stepBicycle(braking, { accelMps2: -8, steerRad: 0 }, CAR, 0.5);
    expect(s.speedMps).toBe(0);
    expect(s.pose.x).toBeCloseTo(1 / 16, 12); // v0^2 / (2 a)
    expect(s.accelMps2).toBe(0);
    const later = stepBicycle(s, { accelMps2: -8, steerRad: 0 }, CAR, 0.5);
    expect(later.speedMps).toBe(0);
    expect(later.pose.x).toBe(s.pose.x);
  });

  it('respects acceleration, jerk, steering, steering-rate and speed limits at every step', () => {
    const dtS = 0.1;
    const requests = [
      { accelMps2: 100, steerRad: 3 },
      { accelMps2: -100, steerRad: -3 },
      { accelMps2: 100, steerRad: 0.01 },
    ];
    let s = state({ speedMps: 20 });
    for (let i = 0; i < 900; i++) {
      const req = requests[Math.floor(i / 300)];
      const next = stepBicycle(s, req, CAR, dtS);
      expect(Math.abs(next.steerRad)).toBeLessThanOrEqual(CAR.maxSteerRad + 1e-12);
      expect(Math.abs(next.steerRad - s.steerRad)).toBeLessThanOrEqual(CAR.maxSteerRateRadps * dtS + 1e-12);
      expect(next.accelMps2).toBeLessThanOrEqual(CAR.maxAccelMps2);
      expect(next.accelMps2).toBeGreaterThanOrEqual(-CAR.maxDecelMps2);
      // The jerk limit holds except where the stop/top-speed release zeroes the acceleration.
      if (next.accelMps2 !== 0) {
        expect(Math.abs(next.accelMps2 - s.accelMps2)).toBeLessThanOrEqual(CAR.maxJerkMps3 * dtS + 1e-12);
      }
      expect(next.speedMps).toBeGreaterThanOrEqual(0);
      expect(next.speedMps).toBeLessThanOrEqual(CAR.maxSpeedMps);
      s = next;
    }
  });

  it.each([
    ['full throttle saturates at maxAccel', { accelMps2: 50, steerRad: 0 }, 'accelMps2', CAR.maxAccelMps2],
    ['full brake saturates at -maxDecel', { accelMps2: -50, steerRad: 0 }, 'accelMps2', -CAR.maxDecelMps2],
    ['full left lock saturates at maxSteer', { accelMps2: 0, steerRad: 2 }, 'steerRad', CAR.maxSteerRad],
    ['full right lock saturates at -maxSteer', { accelMps2: 0, steerRad: -2 }, 'steerRad', -CAR.maxSteerRad],
  ] as const)('%s after enough steps', (_name, action, field, expected) => {
    let s = state({ speedMps: 30 });
    for (let i = 0; i < 30; i++) s = stepBicycle(s, action, CAR, 0.1);
    expect(s[field]).toBeCloseTo(expected, 12);
  });

  it('holds top speed and drops the acceleration there', () => {
    const fast: VehicleParams = { ...CAR, maxSpeedMps: 10 };
    let s = state({ speedMps: 9.9, accelMps2: 3 });
    s = stepBicycle(s, { accelMps2: 3, steerRad: 0 }, fast, 0.1);
    expect(s.speedMps).toBe(10);
    expect(s.accelMps2).toBe(0);
    // 0.0333 s ramp from 9.9 to 10, then 0.0667 s at 10.
    expect(s.pose.x).toBeCloseTo(0.5 * (9.9 + 10) * (0.1 / 3) + 10 * (0.2 / 3), 12);
  });

  it('rejects a non-positive time step with a message naming dtS', () => {
    expect(() => stepBicycle(state(), { accelMps2: 0, steerRad: 0 }, CAR, 0)).toThrow(/dtS/);
  });
});

describe('turning radius and its inverse', () => {
  it.each([-0.5, -0.05, 0.001, 0.02, 0.1, 0.3])('steerForCurvature undoes the model curvature for curvature %p 1/m', (k) => {
    const steer = steerForCurvature(k, 2.8);
    expect(1 / turningRadiusM(2.8, steer)).toBeCloseTo(k, 12);
  });

  it('drives straight at zero steering: infinite radius', () => {
    expect(turningRadiusM(2.8, 0)).toBe(Infinity);
    expect(steerForCurvature(0, 2.8)).toBe(0);
  });
});


