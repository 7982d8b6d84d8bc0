/**
 * The road of an imported scenario against analytic geometry: curved.xodr is a 50 m line, a
 * clothoid (curvature 0 -> 1/50 over 60 m) and an arc of radius 50 m. The centre of lane -1 lies
 * 1.75 m right of the reference line; every analytic point must be within 1 cm of the lane's
 * centreline in the network the scenario runs on.
 */
import { worldToFrenet } from '../../../../sim/geometry/polyline';
import { instantiate } from '../../../../scenarios/instantiate';
import { loadFixture } from './osc-fixtures';

const LINE_M = 50;
const SPIRAL_M = 60;
const K1 = 0.02;
const ARC_M = 80;
const T = -1.75;

/** Reference-line pose at s by Simpson integration of the heading (error far below 1 mm). */
function reference(s: number): { x: number; y: number; hdg: number } {
  if (s <= LINE_M) return { x: s, y: 0, hdg: 0 };
  const heading = (u: number): number => (0.5 * K1 * Math.min(u, SPIRAL_M) ** 2) / SPIRAL_M;
  if (s <= LINE_M + SPIRAL_M) {
    const u = s - LINE_M;
    const n = 20000;
    const h = u / n;
    let cx = 0;
    let cy = 0;
    for (let j = 0; j <= n; j++) {
      const w = j === 0 || j === n ? 1 : j % 2 === 1 ? 4 : 2;
      cx += w * Math.cos(heading(j * h));
      cy += w * Math.sin(heading(j * h));
    }
    return { x: LINE_M + (cx * h) / 3, y: (cy * h) / 3, hdg: heading(u) };
  }
  // The arc: centre 50 m left of its start pose.
  const start = reference(LINE_M + SPIRAL_M);
  const r = 1 / K1;
  const cx = start.x - r * Math.sin(start.hdg);
  const cy = start.y + r * Math.cos(start.hdg);
  const hdg = start.hdg + (s - LINE_M - SPIRAL_M) * K1;
  return { x: cx + r * Math.sin(hdg), y: cy - r * Math.cos(hdg), hdg };
}

describe('the road of an imported scenario', () => {
  const { setup } = instantiate(loadFixture('trajectory.xosc').spec);
  const lane = setup.road.lanes.get('r5_s0_l-1');

  it('has the lanes the .xodr declares, by our lane ids', () => {
    expect([...setup.road.lanes.keys()].sort()).toEqual(['r5_s0_l-1', 'r5_s0_l-2', 'r5_s0_l1']);
  });

  it.each([
    ['the line', [10, 25, 49]],
    ['the clothoid', [55, 70, 85, 100, 109]],
    ['the arc', [115, 140, 165, 189]],
  ])('follows %s to within 1 cm at road s = %p', (_part, stations) => {
    for (const s of stations as number[]) {
      const ref = reference(s);
      const x = ref.x - T * Math.sin(ref.hdg);
      const y = ref.y + T * Math.cos(ref.hdg);
      const f = worldToFrenet(lane!.centerline, x, y);
      expect(Math.abs(f.d)).toBeLessThan(0.01);
    }
  });

  it('ends where the analytic arc ends (the lane is as long as its offset curve)', () => {
    const end = reference(LINE_M + SPIRAL_M + ARC_M);
    const n = lane!.centerline.xs.length - 1;
    const x = end.x - T * Math.sin(end.hdg);
    const y = end.y + T * Math.cos(end.hdg);
    expect(Math.hypot(lane!.centerline.xs[n] - x, lane!.centerline.ys[n] - y)).toBeLessThan(0.01);
  });
});
