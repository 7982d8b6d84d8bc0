import { appearanceFromSeed } from '../../../sim/render/appearance';
import { cameraFrame, DEFAULT_CAMERA_MODEL, projectPoint } from '../../../sim/render/camera-model';
import { createRenderer, renderWorld } from '../../../sim/render/renderer';
import { SEMANTIC_IDS } from '../../../sim/render/semantic-classes';
import { buildStraightRoad } from '../../../sim/road/straight-road';
import { agent, CAR, classExtent, LEVEL_CAMERA, TRUCK, world } from './scene';

const oneLane = buildStraightRoad({ lengthM: 400, laneCount: 1, laneWidthM: 3.5, speedLimitMps: 25 });
const twoLanes = buildStraightRoad({ lengthM: 400, laneCount: 2, laneWidthM: 3.5, speedLimitMps: 25 });
const ego = (y = 0) => agent('ego', 'car', 50, y);
/** The level camera sits 1 m ahead of the ego's centre, at x = 51. */
const CAMERA_X = 51;
const FOCAL_PX = 32;

describe('reference renderer', () => {
  test('a straight empty road seen from the lane centre is left-right symmetric', () => {
    for (const camera of [LEVEL_CAMERA, DEFAULT_CAMERA_MODEL]) {
      const frame = renderWorld(oneLane, world(ego()), { camera }, { semantic: true, depth: true });
      const w = camera.widthPx;
      let asymmetric = 0;
      for (let y = 0; y < camera.heightPx; y++) {
        for (let x = 0; x < w / 2; x++) {
          const a = y * w + x;
          const b = y * w + (w - 1 - x);
          for (let c = 0; c < 3; c++) if (frame.rgb[3 * a + c] !== frame.rgb[3 * b + c]) asymmetric++;
          if (frame.classes![a] !== frame.classes![b]) asymmetric++;
        }
      }
      expect(asymmetric).toBe(0);
      // And it is a road scene: sky on top, road at the bottom centre, markings somewhere.
      expect(frame.classes![0]).toBe(SEMANTIC_IDS.sky);
      expect(frame.classes![63 * w + 32]).toBe(SEMANTIC_IDS.road);
      expect(classExtent(frame.classes!, w, SEMANTIC_IDS.marking).count).toBeGreaterThan(10);
    }
  });

  // Rear face of a car whose back is N m ahead of the camera: u = 32 +- 32 * 0.9 / N,
  // bottom v = 32 + 32 * 1.4 / N (pinhole, pitch 0, f = 32 px).
  test.each([[6], [10], [15], [25]])('a car %p m ahead covers the columns and bottom row the pinhole model predicts', (n) => {
    const car = agent('lead', 'car', CAMERA_X + n + CAR.lengthM / 2, 0);
    const frame = renderWorld(oneLane, world(ego(), [car]), { camera: LEVEL_CAMERA }, { semantic: true });
    const e = classExtent(frame.classes!, 64, SEMANTIC_IDS.car);
    const widthPx = (FOCAL_PX * CAR.widthM) / n;
    const bottomV = 32 + (FOCAL_PX * LEVEL_CAMERA.mountHeightM) / n;
    const topV = 32 + (FOCAL_PX * (LEVEL_CAMERA.mountHeightM - CAR.heightM)) / n;
    expect(Math.abs(e.maxX - e.minX + 1 - widthPx)).toBeLessThanOrEqual(1);
    expect(Math.abs(e.maxY + 1 - bottomV)).toBeLessThanOrEqual(1);
    expect(Math.abs(e.minY - topV)).toBeLessThanOrEqual(1);
    expect(Math.abs((e.minX + e.maxX + 1) / 2 - 32)).toBeLessThanOrEqual(0.5);
  });

  test('the depth map reads the distance to the rear face of a truck ahead', () => {
    for (const n of [8, 20, 40]) {
      const truck = agent('truck', 'truck', CAMERA_X + n + TRUCK.lengthM / 2, 0, TRUCK);
      const frame = renderWorld(oneLane, world(ego(), [truck]), { camera: LEVEL_CAMERA }, { depth: true, semantic: true });
      // Row 31 is just above the optical axis, column 32 right of centre: on the rear face.
      expect(frame.classes![31 * 64 + 32]).toBe(SEMANTIC_IDS.truck);
      expect(frame.depthM![31 * 64 + 32]).toBeCloseTo(n, 3);
    }
  });

  test('depth of the ground follows the pinhole model and the sky is infinitely far', () => {
    const frame = renderWorld(oneLane, world(ego()), { camera: LEVEL_CAMERA, supersample: 1 }, { depth: true, semantic: true });
    // Row 36's centre is 4.5 px below the horizon: depth = f * h / 4.5 (column 0 is on the grass).
    expect(frame.classes![36 * 64]).toBe(SEMANTIC_IDS.ground);
    expect(frame.depthM![36 * 64]).toBeCloseTo((FOCAL_PX * 1.4) / 4.5, 4);
    expect(frame.depthM![10 * 64 + 5]).toBe(Infinity);
  });

  test('a car hidden behind a truck does not appear in the class map', () => {
    const car = agent('car', 'car', CAMERA_X + 40, 0);
    const truck = agent('truck', 'truck', CAMERA_X + 15, 0, TRUCK);
    const alone = renderWorld(oneLane, world(ego(), [car]), { camera: LEVEL_CAMERA }, { semantic: true });
    expect(classExtent(alone.classes!, 64, SEMANTIC_IDS.car).count).toBeGreaterThan(0);
    // Drawn in either order, the truck wins.
    for (const actors of [[car, truck], [truck, car]]) {
      const hidden = renderWorld(oneLane, world(ego(), actors), { camera: LEVEL_CAMERA }, { semantic: true });
      expect(classExtent(hidden.classes!, 64, SEMANTIC_IDS.car).count).toBe(0);
      expect(classExtent(hidden.classes!, 64, SEMANTIC_IDS.truck).count).toBeGreaterThan(50);
    }
  });

  test('lane markings appear where the pinhole model puts them and move right as the ego moves left', () => {
    // Ego at x = 58: 3 m ahead of the camera (x = 62) lies inside the dash painted over s in [60, 63].
    const lines = [-1.75, 1.75, 5.25];
    const columns = (egoY: number) => {
      const e = agent('ego', 'car', 58, egoY);
      const frame = renderWorld(twoLanes, world(e), { camera: DEFAULT_CAMERA_MODEL }, { semantic: true });
      const f = cameraFrame(e.pose, DEFAULT_CAMERA_MODEL);
      return lines.map((lineY) => {
        const p = projectPoint(f, f.x + 3, lineY, 0.02);
        if (p === null || p.u < 1 || p.u > 63) return null;
        const row = Math.floor(p.v);
        const hits = [-1, 0, 1].map((dx) => Math.floor(p.u) + dx).filter((x) => frame.classes![row * 64 + x] === SEMANTIC_IDS.marking);
        expect(hits.length).toBeGreaterThan(0);
        return p.u;
      });
    };
    const shifts = [0, 0.5, 1, 1.5, 3.5].map(columns);
    for (let i = 1; i < shifts.length; i++) {
      lines.forEach((_, j) => {
        const [before, after] = [shifts[i - 1][j], shifts[i][j]];
        if (before !== null && after !== null) expect(after).toBeGreaterThan(before);
      });
    }
    // The dashed line between the lanes is left of centre from lane0 and right of it from lane1.
    expect(shifts[0][1]).toBeLessThan(32);
    expect(shifts[4][1]).toBeGreaterThan(32);
  });

  test('a single-lane view shows both edge lines, each moving right as the ego moves left', () => {
    const row = 45;
    const runs = (egoY: number) => {
      const frame = renderWorld(oneLane, world(ego(egoY)), { camera: DEFAULT_CAMERA_MODEL }, { semantic: true });
      const centres: number[] = [];
      for (let x = 0; x < 64; x++) {
        if (frame.classes![row * 64 + x] !== SEMANTIC_IDS.marking) continue;
        let end = x;
        while (end + 1 < 64 && frame.classes![row * 64 + end + 1] === SEMANTIC_IDS.marking) end++;
        centres.push((x + end) / 2);
        x = end;
      }
      return centres;
    };
    const seen = [-0.5, -0.25, 0, 0.25, 0.5].map(runs);
    for (const r of seen) expect(r).toHaveLength(2);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i][0]).toBeGreaterThan(seen[i - 1][0]);
      expect(seen[i][1]).toBeGreaterThan(seen[i - 1][1]);
    }
  });

  test('the ego is never drawn from its own camera', () => {
    const frame = renderWorld(oneLane, world(ego()), { camera: DEFAULT_CAMERA_MODEL }, { semantic: true });
    expect(classExtent(frame.classes!, 64, SEMANTIC_IDS.car).count).toBe(0);
  });

  test.each([
    ['car', SEMANTIC_IDS.car],
    ['truck', SEMANTIC_IDS.truck],
    ['cyclist', SEMANTIC_IDS.cyclist],
    ['pedestrian', SEMANTIC_IDS.pedestrian],
  ] as const)('a %s ahead is labelled with its class id', (cls, id) => {
    const frame = renderWorld(oneLane, world(ego(), [agent('a', cls, CAMERA_X + 8, 0)]), { camera: LEVEL_CAMERA }, { semantic: true });
    expect(classExtent(frame.classes!, 64, id).count).toBeGreaterThan(20);
  });

  test('renders the same bytes for the same world, and reuses its buffers', () => {
    const w = world(ego(1), [agent('lead', 'car', 70, 2), agent('ped', 'pedestrian', 65, -3)]);
    const a = renderWorld(twoLanes, w, { camera: DEFAULT_CAMERA_MODEL }, { semantic: true, depth: true });
    const r = createRenderer(twoLanes, { camera: DEFAULT_CAMERA_MODEL });
    r.render(world(ego(3)));
    const b = r.render(w, { semantic: true, depth: true });
    expect(Buffer.from(b.rgb).equals(Buffer.from(a.rgb))).toBe(true);
    expect(Buffer.from(b.classes!).equals(Buffer.from(a.classes!))).toBe(true);
    expect(Buffer.from(b.depthM!.buffer).equals(Buffer.from(a.depthM!.buffer))).toBe(true);
    expect(r.render(w).rgb).toBe(b.rgb);
  });

  test.each([
    [64, 64, 1],
    [128, 128, 2],
    [128, 64, 3],
  ])('renders %ix%i with supersample %i into outputs of the right size', (w, h, ss) => {
    const frame = renderWorld(twoLanes, world(ego()), { camera: { ...DEFAULT_CAMERA_MODEL, widthPx: w, heightPx: h }, supersample: ss }, { semantic: true, depth: true });
    expect([frame.widthPx, frame.heightPx, frame.rgb.length, frame.classes!.length, frame.depthM!.length]).toEqual([w, h, w * h * 3, w * h, w * h]);
  });

  test('a seeded look changes the colours but not the classes', () => {
    const w = world(ego(), [agent('lead', 'car', 65, 0)]);
    const plain = renderWorld(twoLanes, w, { camera: DEFAULT_CAMERA_MODEL }, { semantic: true });
    const varied = renderWorld(twoLanes, w, { camera: DEFAULT_CAMERA_MODEL, appearance: appearanceFromSeed(7) }, { semantic: true });
    expect(Buffer.from(varied.rgb).equals(Buffer.from(plain.rgb))).toBe(false);
    expect(Buffer.from(varied.classes!).equals(Buffer.from(plain.classes!))).toBe(true);
  });

  test.each([
    [{ supersample: 0 }, /supersample must be an integer from 1 to 16 \(got 0\)/],
    [{ drawDistanceM: -5 }, /drawDistanceM must be a finite distance > 1 m \(got -5\)/],
    [{ camera: { ...DEFAULT_CAMERA_MODEL, widthPx: 0 } }, /camera\.widthPx must be an integer from 1 to 4096 \(got 0\)/],
    [{ camera: { ...DEFAULT_CAMERA_MODEL, fovRad: Math.PI } }, /camera\.fovRad must lie in \(0, pi\)/],
    [{ camera: { ...DEFAULT_CAMERA_MODEL, mountHeightM: 0 } }, /camera\.mountHeightM must be > 0/],
  ])('rejects bad options %p with a message naming the field', (patch, message) => {
    expect(() => createRenderer(oneLane, { camera: DEFAULT_CAMERA_MODEL, ...patch })).toThrow(message);
  });
});
