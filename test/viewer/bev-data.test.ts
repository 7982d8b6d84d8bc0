/** The map's binary layer data: triangle batches, road tiles near the view, trails in view. */
import { boundsContain, RoadTiles, trailPoints, TriangleBatch } from '../../viewer/src/bev-data';
import { growBounds } from '../../viewer/src/geometry';
import { Track } from '../../viewer/src/track';
import type { TrackJson } from '../../viewer/src/wire';

const RED = [200, 0, 0, 255] as [number, number, number, number];
const GREY = [90, 90, 90, 255] as [number, number, number, number];
const WHITE = [250, 250, 250, 255] as [number, number, number, number];
const EVERYWHERE = { minX: -1e9, minY: -1e9, maxX: 1e9, maxY: 1e9 };

/** Two agents over six steps of 0.5 s along x at 2 m a step; agent 1 is off the road at step 2. */
function track(): Track {
  const poses: number[] = [];
  const active: number[] = [];
  for (let k = 0; k < 6; k++) {
    poses.push(2 * k, 0, 0, 4, 100 + 2 * k, 3.5, 0, 4);
    active.push(1, k === 2 ? 0 : 1);
  }
  const json: TrackJson = {
    format: 'dreamdrive-track/1', id: 'r', scenario: 's', seed: 0, policy: 'idm', cameraSource: 'none', dtS: 0.5, stepCount: 6,
    verdict: 'pass', criteria: '', doneReason: 'time_limit',
    agents: [{ id: 'ego', cls: 'car', lengthM: 4, widthM: 2, behaviour: 'ego' }, { id: 'a', cls: 'truck', lengthM: 10, widthM: 2.5, behaviour: 'idm' }],
    poses: Buffer.from(new Float32Array(poses).buffer).toString('base64'),
    active: Buffer.from(active).toString('base64'),
    series: { timeS: [0, 0.5, 1, 1.5, 2, 2.5], speedMps: [4, 4, 4, 4, 4, 4], accelMps2: [0, 0, 0, 0, 0, 0], ttcS: [null, null, null, null, null, null], headwayM: [null, null, null, null, null, null], inCollision: [false, false, false, false, false, false] },
    events: [],
    scene: {} as TrackJson['scene'],
  };
  return new Track(json);
}

describe('TriangleBatch', () => {
  test('convex polygons become fans of triangles, coloured per vertex, with their agent', () => {
    const b = new TriangleBatch();
    b.begin();
    b.polygon([[0, 0], [1, 0], [1, 1], [0, 1]], RED, 7);
    b.polygon([[5, 5], [6, 5], [5, 6]], GREY);
    const d = b.data();
    expect(d.length).toBe(2);
    expect([...d.startIndices]).toEqual([0, 4]);
    expect([...d.attributes.indices]).toEqual([0, 1, 2, 0, 2, 3, 4, 5, 6]);
    expect([...d.attributes.getPolygon.value]).toEqual([0, 0, 1, 0, 1, 1, 0, 1, 5, 5, 6, 5, 5, 6]);
    expect([...d.attributes.getFillColor.value.subarray(0, 4)]).toEqual(RED);
    expect([...d.attributes.getFillColor.value.subarray(16, 20)]).toEqual(GREY);
    expect(d.attributes.getFillColor.normalized).toBe(true);
    expect([b.agentOf(0), b.agentOf(1), b.agentOf(2)]).toEqual([7, -1, -1]);
    expect(b.triangleCount).toBe(3);
  });

  test('a segment is a band of its width, square at both ends; a zero-length one draws nothing', () => {
    const b = new TriangleBatch();
    b.begin();
    b.segment(0, 0, 10, 0, 2, RED);
    b.segment(3, 3, 3, 3, 2, RED);
    expect([...b.data().attributes.getPolygon.value]).toEqual([0, 1, 10, 1, 10, -1, 0, -1]);
    expect(b.polygonCount).toBe(1);
  });

  test('the arrays grow past their first size and are reused after begin()', () => {
    const b = new TriangleBatch();
    b.begin();
    for (let i = 0; i < 600; i++) b.segment(i, 0, i + 1, 0, 1, RED);
    const d = b.data();
    expect(d.length).toBe(600);
    expect(d.attributes.indices.length).toBe(600 * 6);
    expect(d.attributes.getPolygon.value[599 * 8 + 2]).toBe(600);
    b.begin();
    b.polyline([0, 0, 1, 0, 1, 1], 1, GREY);
    expect(b.data().length).toBe(2);
    expect([...b.data().attributes.getFillColor.value.subarray(0, 4)]).toEqual(GREY);
  });
});

describe('RoadTiles', () => {
  // A 100 m road strip along x in two materials: a road triangle and a marking triangle every 10 m.
  const road: number[] = [];
  const marking: number[] = [];
  for (let x = 0; x < 100; x += 10) {
    road.push(x, -3, x + 10, -3, x + 10, 3);
    marking.push(x + 2, -0.1, x + 5, -0.1, x + 5, 0.1);
  }
  const tiles = new RoadTiles([{ triangles: road, colour: GREY }, { triangles: marking, colour: WHITE }], 25);

  test('only the tiles that meet the view are selected, each material after the one before', () => {
    expect(tiles.tileCount).toBe(4);
    const d = tiles.select({ minX: 30, minY: -10, maxX: 45, maxY: 10 });
    // Tile 1 (x 25..50): road triangles starting at 20 (centroid 26.7), 30 and 40; markings at 30 and 40.
    expect(d.length).toBe(5);
    const colours = d.attributes.getFillColor.value;
    expect([0, 1, 2, 3, 4].map((p) => colours[d.startIndices[p] * 4])).toEqual([GREY[0], GREY[0], GREY[0], WHITE[0], WHITE[0]]);
    const xs = [...d.attributes.getPolygon.value].filter((_, i) => i % 2 === 0);
    expect(Math.min(...xs)).toBe(20);
    expect(Math.max(...xs)).toBe(50);
  });

  test('the same tiles give the same object (nothing to upload); other tiles a new one', () => {
    const a = tiles.select({ minX: 30, minY: -10, maxX: 45, maxY: 10 });
    expect(tiles.select({ minX: 31, minY: -10, maxX: 44, maxY: 10 })).toBe(a);
    const b = tiles.select({ minX: 60, minY: -10, maxX: 99, maxY: 10 });
    expect(b).not.toBe(a);
    expect(tiles.select({ minX: 500, minY: 500, maxX: 600, maxY: 600 }).length).toBe(0);
  });
});

describe('trailPoints', () => {
  test('the logged positions over the trail length, then the interpolated pose now', () => {
    // t = 2.25 s: steps 1..4 within 1.5 s (3 steps) of step 4, then x = 9 between steps 4 and 5.
    expect(trailPoints(track(), 0, 2.25, 1.5, EVERYWHERE)).toEqual([2, 0, 4, 0, 6, 0, 8, 0, 9, 0]);
    // On a logged step the pose is the last point, not repeated.
    expect(trailPoints(track(), 0, 2, 1, EVERYWHERE)).toEqual([4, 0, 6, 0, 8, 0]);
  });

  test('a stretch off the road ends the trail: it restarts after it', () => {
    expect(trailPoints(track(), 1, 2, 10, EVERYWHERE)).toEqual([106, 3.5, 108, 3.5]);
    expect(trailPoints(track(), 1, 1, 10, EVERYWHERE)).toEqual([]);
  });

  test('only the stretch in view is kept, with one point on either side of it', () => {
    expect(trailPoints(track(), 0, 2.5, 10, { minX: 3.5, minY: -1, maxX: 6.5, maxY: 1 })).toEqual([2, 0, 4, 0, 6, 0, 8, 0]);
    expect(trailPoints(track(), 0, 2.5, 10, { minX: 50, minY: -1, maxX: 60, maxY: 1 })).toEqual([]);
  });
});

describe('bounds', () => {
  test('grown bounds contain the original, and not the other way round', () => {
    const b = { minX: 0, minY: 0, maxX: 10, maxY: 5 };
    const g = growBounds(b, 2);
    expect(g).toEqual({ minX: -2, minY: -2, maxX: 12, maxY: 7 });
    expect(boundsContain(g, b)).toBe(true);
    expect(boundsContain(b, g)).toBe(false);
  });
});
