import { MATERIAL, type MeshChunk } from '../../../sim/render/mesh-chunk';
import { buildRoadMesh, KERB_HEIGHT_M, MARKING_Z_M, ROAD_Z_M, roadMesh, SHOULDER_Z_M } from '../../../sim/render/road-mesh';
import { buildRoad } from '../../../sim/road/build-road';
import { isOnDrivable } from '../../../sim/road/query';
import { makeWidthProfile } from '../../../sim/road/lane-width';
import { makeNetwork } from '../../../sim/road/make-network';
import { buildStraightRoad } from '../../../sim/road/straight-road';

const straight = buildStraightRoad({ lengthM: 100, laneCount: 2, laneWidthM: 3.5, speedLimitMps: 25 });
const junction = buildRoad({ type: 'intersection', armLengthM: 60, lanesPerDirection: 1, laneWidthM: 3.5, speedLimitMps: 14 });
const curve = buildRoad({ type: 'curve', radiusM: 40, angleDeg: 90, lengthBeforeM: 20, lengthAfterM: 20, laneCount: 2, laneWidthM: 3.5, speedLimitMps: 14 });

function triangles(chunks: readonly MeshChunk[], material: number): { x: number; y: number; z: number }[][] {
  const out: { x: number; y: number; z: number }[][] = [];
  for (const c of chunks) {
    for (let k = 0; k < c.materials.length; k++) {
      if (c.materials[k] !== material) continue;
      out.push([0, 1, 2].map((j) => {
        const v = 3 * c.triangles[3 * k + j];
        return { x: c.vertices[v], y: c.vertices[v + 1], z: c.vertices[v + 2] };
      }));
    }
  }
  return out;
}

const centroid = (t: { x: number; y: number }[]) => ({ x: (t[0].x + t[1].x + t[2].x) / 3, y: (t[0].y + t[1].y + t[2].y) / 3 });

describe('road mesh', () => {
  test('is built once per network and cached', () => {
    expect(roadMesh(straight)).toBe(roadMesh(straight));
    expect(roadMesh(straight)).not.toBe(buildRoadMesh(straight));
  });

  test('paints a 100 m two-lane road with 9 dashes (3 m every 12 m) and two solid edges (hand-counted)', () => {
    // Dashes start at s = 0, 12, ..., 96; solid edges run in 10 m quads, 10 per edge.
    const quads = triangles(roadMesh(straight).chunks, MATERIAL.marking).length / 2;
    expect(quads).toBe(9 + 2 * 10);
    const dashCentres = triangles(roadMesh(straight).chunks, MATERIAL.marking)
      .map(centroid)
      .filter((c) => Math.abs(c.y - 1.75) < 0.2);
    expect(dashCentres.every((c) => c.x % 12 <= 3)).toBe(true);
  });

  test('road triangles cover the lanes: their area equals lane length x total width', () => {
    const area = triangles(roadMesh(straight).chunks, MATERIAL.road).reduce((sum, [a, b, c]) => sum + Math.abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2, 0);
    expect(area).toBeCloseTo(100 * 7, 6);
  });

  test('draws a tapering lane at its width along s (area of a 3.5 m lane narrowing to 0 over s = 40..90)', () => {
    const lanes = [...straight.lanes.values()].map((l) => (l.id === 'lane0' ? { ...l, widthProfile: makeWidthProfile([0, 40, 90, 100], [3.5, 3.5, 0, 0]) } : l));
    const tapering = makeNetwork('straight', lanes);
    const area = triangles(roadMesh(tapering).chunks, MATERIAL.road).reduce((sum, [a, b, c]) => sum + Math.abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2, 0);
    // lane0: 40 x 3.5 + 50 x 3.5 / 2 + 0; lane1: 100 x 3.5
    expect(area).toBeCloseTo(140 + 87.5 + 350, 6);
    // Its right edge line follows the taper: at x = 70 it is 0.7 m right of the centre line.
    const edge = triangles(roadMesh(tapering).chunks, MATERIAL.marking).flat().filter((p) => Math.abs(p.x - 70) < 1e-6 && p.y < 0);
    expect(edge.length).toBeGreaterThan(0);
    for (const p of edge) expect(Math.abs(p.y + 0.7)).toBeLessThan(0.08);
  });

  test('follows curves within the chord tolerance: every road vertex lies on a lane edge of the curve', () => {
    // After 20 m straight, lane0 turns left about (20, 40) with radius 40: its edges at radii
    // 40 +- 1.75, lane1's (3.5 m to the left, inside) at 36.5 +- 1.75.
    const radii = [41.75, 38.25, 34.75];
    for (const tri of triangles(roadMesh(curve).chunks, MATERIAL.road)) {
      for (const p of tri) {
        if (p.x < 20 || p.y > 40) continue; // the arc's quadrant only
        const r = Math.hypot(p.x - 20, p.y - 40);
        expect(Math.min(...radii.map((e) => Math.abs(r - e)))).toBeLessThan(0.03);
      }
    }
  });

  test('puts shoulders only off the road, and kerbs only at a junction', () => {
    for (const net of [straight, junction, curve]) {
      for (const t of triangles(roadMesh(net).chunks, MATERIAL.shoulder)) {
        const c = centroid(t);
        expect(isOnDrivable(net, c.x, c.y)).toBe(false);
      }
    }
    expect(triangles(roadMesh(straight).chunks, MATERIAL.kerbTop)).toHaveLength(0);
    const kerbs = triangles(roadMesh(junction).chunks, MATERIAL.kerbTop);
    expect(kerbs.length).toBeGreaterThan(0);
    // Kerb tops sit at kerb height just outside the junction box |x|, |y| <= 3.5 + 8.
    for (const t of kerbs) {
      for (const p of t) {
        expect(p.z).toBe(KERB_HEIGHT_M);
        expect(Math.max(Math.abs(p.x), Math.abs(p.y))).toBeGreaterThanOrEqual(11.5 - 1e-9);
      }
    }
  });

  test.each([
    [MATERIAL.road, ROAD_Z_M],
    [MATERIAL.marking, MARKING_Z_M],
    [MATERIAL.shoulder, SHOULDER_Z_M],
  ])('stacks material %i at its own height %p m', (material, z) => {
    for (const net of [straight, junction]) {
      for (const t of triangles(roadMesh(net).chunks, material)) for (const p of t) expect(p.z).toBe(z);
    }
  });

  test('bounding spheres contain their chunks', () => {
    for (const c of roadMesh(junction).chunks) {
      for (let i = 0; i < c.vertices.length; i += 3) {
        const d = Math.hypot(c.vertices[i] - c.centreX, c.vertices[i + 1] - c.centreY, c.vertices[i + 2] - c.centreZ);
        expect(d).toBeLessThanOrEqual(c.radiusM + 1e-9);
      }
    }
  });
});
