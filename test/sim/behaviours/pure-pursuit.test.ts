import { rearAxlePose, stepBicycle, type BicycleState } from '../../../sim/dynamics/bicycle';
import { VEHICLE_PARAMS } from '../../../sim/dynamics/vehicle-params';
import { purePursuitCurvature, purePursuitSteerRad } from '../../../sim/behaviours/pure-pursuit';

const L = 2.8;
const B = L / 2;

describe('purePursuitSteerRad', () => {
  it('steers straight at a target dead ahead', () => {
    expect(purePursuitSteerRad({ x: 0, y: 0, yaw: 0 }, 10, 0, L)).toBe(0);
  });

  it('matches the hand-computed chord geometry', () => {
    // Rear axle at (-1.4, 0); target at (8.6, 5): l_d^2 = 125, lateral 5, kappa = 10 / 125.
    expect(purePursuitCurvature({ x: 0, y: 0, yaw: 0 }, 10 - B, 5, L)).toBeCloseTo(0.08, 12);
    expect(purePursuitSteerRad({ x: 0, y: 0, yaw: 0 }, 10 - B, 5, L)).toBeCloseTo(Math.atan(L * 0.08), 12);
  });

  it.each([0.1, 0.5, 1.0, 2.0])('recovers the radius of a circle through the rear axle for a target %p rad along it', (arcRad) => {
    // Rear axle on a circle of radius 25 about (0, 25), heading +x: target on the same circle.
    const R = 25;
    const pose = { x: B, y: 0, yaw: 0 };
    const kappa = purePursuitCurvature(pose, R * Math.sin(arcRad), R - R * Math.cos(arcRad), L);
    expect(kappa).toBeCloseTo(1 / R, 12);
  });

  it.each<[string, number, number, number]>([
    ['left', 5, 5, 1],
    ['right', 5, -5, -1],
    ['behind-left', -5, 1, 1],
  ])('turns towards a target to the %s', (_name, x, y, sign) => {
    expect(Math.sign(purePursuitSteerRad({ x: 0, y: 0, yaw: 0 }, x, y, L))).toBe(sign);
  });

  it('is invariant to rotating and translating the whole scene', () => {
    const base = purePursuitSteerRad({ x: 0, y: 0, yaw: 0 }, 12, 3, L);
    const th = 2.1;
    const c = Math.cos(th);
    const s = Math.sin(th);
    const moved = purePursuitSteerRad({ x: 7, y: -4, yaw: th }, 7 + 12 * c - 3 * s, -4 + 12 * s + 3 * c, L);
    expect(moved).toBeCloseTo(base, 12);
  });

  it('drives the rear axle onto a target circle with the bicycle model', () => {
    const car = VEHICLE_PARAMS.car;
    const R = 30;
    let st: BicycleState = { pose: { x: 0, y: 0, yaw: 0 }, speedMps: 10, accelMps2: 0, steerRad: 0 };
    for (let i = 0; i < 300; i++) {
      const rear = rearAxlePose(st.pose, car.wheelbaseM);
      const a = Math.atan2(rear.x, R - rear.y) + 8 / R; // 8 m further along the circle about (0, R)
      const steer = purePursuitSteerRad(st.pose, R * Math.sin(a), R - R * Math.cos(a), car.wheelbaseM);
      st = stepBicycle(st, { accelMps2: 0, steerRad: steer }, car, 0.05);
    }
    const rear = rearAxlePose(st.pose, car.wheelbaseM);
    expect(Math.abs(Math.hypot(rear.x, rear.y - R) - R)).toBeLessThan(0.01);
  });
});
