import { boxesOverlap } from '../../../sim/collision/obb';
import {
  BoxEntry,
  CollisionGrid,
  DEFAULT_CELL_SIZE_M,
  overlappingPairs,
  overlapsAny,
} from '../../../sim/collision/spatial-grid';
import type { AgentSize, Pose2 } from '../../../sim/types';
import { mulberry32, uniform } from './mulberry32';

const CAR: AgentSize = { lengthM: 4.5, widthM: 1.9, heightM: 1.5 };

function box(x: number, y: number, yaw = 0, size: AgentSize = CAR): BoxEntry {
  return { pose: { x, y, yaw }, size };
}

function bruteForcePairs(boxes: readonly BoxEntry[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (boxesOverlap(boxes[i].pose, boxes[i].size, boxes[j].pose, boxes[j].size)) out.push([i, j]);
    }
  }
  return out;
}

/** A random scene: cars, pedestrians, trucks and a few boxes far larger than a cell, some touching exactly. */
function randomScene(seed: number): { boxes: BoxEntry[]; cellSizeM: number } {
  const rand = mulberry32(seed);
  const n = 1 + Math.floor(rand() * 80);
  const spreadM = uniform(rand, 10, 150);
  const centreX = uniform(rand, -500, 500);
  const centreY = uniform(rand, -500, 500);
  const boxes: BoxEntry[] = [];
  for (let i = 0; i < n; i++) {
    const kind = rand();
    const size: AgentSize =
      kind < 0.6 ? CAR
        : kind < 0.8 ? { lengthM: 0.6, widthM: 0.6, heightM: 1.8 }
          : kind < 0.95 ? { lengthM: 12, widthM: 2.5, heightM: 3.5 }
            : { lengthM: uniform(rand, 20, 60), widthM: uniform(rand, 0.1, 20), heightM: 3 };
    const yaw = rand() < 0.3 ? 0 : uniform(rand, -Math.PI, Math.PI);
    if (i > 0 && rand() < 0.1) {
      // Exactly bumper to bumper behind the previous box (touching counts as a collision).
      const prev = boxes[i - 1];
      const gapM = 0.5 * (prev.size.lengthM + size.lengthM);
      boxes.push({ pose: { x: prev.pose.x - gapM * Math.cos(prev.pose.yaw), y: prev.pose.y - gapM * Math.sin(prev.pose.yaw), yaw: prev.pose.yaw }, size });
    } else {
      boxes.push({ pose: { x: centreX + uniform(rand, -spreadM, spreadM), y: centreY + uniform(rand, -spreadM, spreadM), yaw }, size });
    }
  }
  const cellSizeM = [2, DEFAULT_CELL_SIZE_M, 8, 25][Math.floor(rand() * 4)];
  return { boxes, cellSizeM };
}

describe('CollisionGrid.pairs', () => {
  it('finds the one overlapping pair among three hand-placed cars', () => {
    // Cars 0 and 1 overlap by 0.5 m end to end; car 2 is a lane away (3.5 m, widths 1.9 m).
    expect(overlappingPairs([box(0, 0), box(4, 0), box(0, 3.5)])).toEqual([[0, 1]]);
  });

  const table: [string, BoxEntry[], [number, number][]][] = [
    ['no boxes give no pairs', [], []],
    ['a single box gives no pairs', [box(1, 1)], []],
    ['cars touching end to end form a pair', [box(0, 0), box(4.5, 0)], [[0, 1]]],
    ['a queue of touching cars pairs each with its neighbours only', [box(0, 0), box(4.5, 0), box(9, 0), box(13.5, 0)], [[0, 1], [1, 2], [2, 3]]],
    ['pairs are sorted whatever the insertion order', [box(20, 0), box(0, 0), box(21, 0), box(1, 0)], [[0, 2], [1, 3]]],
    ['a 100 m box (many cells long) meets a car at its far end', [box(0, 0, 0, { lengthM: 100, widthM: 2, heightM: 4 }), box(51, 0)], [[0, 1]]],
    ['cars touching across the cell boundary at x = -8 in negative coordinates pair', [box(-8 - 2.25, -20), box(-8 + 2.25, -20)], [[0, 1]]],
    ['cars 0.4 um apart on either side of a cell boundary still pair (touching within COLLISION_EPS_M)', [box(-8 - 2.25 - 4e-7, -20), box(-8 + 2.25, -20)], [[0, 1]]],
    ['cars far apart in negative coordinates do not pair', [box(-1000.5, -2000.3), box(-1010.5, -2000.3)], []],
  ];

  it.each(table)('%s', (_name, boxes, expected) => {
    expect(overlappingPairs(boxes)).toEqual(expected);
  });

  it('agrees exactly with the O(N^2) brute-force check on 500 random seeded scenes', () => {
    let totalPairs = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const { boxes, cellSizeM } = randomScene(seed);
      const expected = bruteForcePairs(boxes);
      expect({ seed, pairs: overlappingPairs(boxes, cellSizeM) }).toEqual({ seed, pairs: expected });
      totalPairs += expected.length;
    }
    expect(totalPairs).toBeGreaterThan(500); // the scenes are dense enough to exercise overlaps
  });

  it('gives the same answer when one grid is cleared and reused as a fresh grid gives', () => {
    const grid = new CollisionGrid(6);
    for (let seed = 1000; seed < 1100; seed++) {
      const { boxes } = randomScene(seed);
      grid.clear();
      boxes.forEach((b, i) => expect(grid.insert(b.pose, b.size)).toBe(i));
      expect(grid.size).toBe(boxes.length);
      expect(grid.pairs()).toEqual(overlappingPairs(boxes, 6));
    }
  });

  it('stays correct after traffic has moved through more cells than it keeps between steps', () => {
    const grid = new CollisionGrid(1);
    for (let step = 0; step < 3000; step++) {
      grid.clear();
      const x = step * 5;
      grid.insert({ x, y: 0, yaw: 0 }, CAR);
      grid.insert({ x: x + 4, y: 0, yaw: 0 }, CAR);
      grid.insert({ x: x + 20, y: 0, yaw: 0 }, CAR);
      expect(grid.pairs()).toEqual([[0, 1]]);
    }
  });

  it('rejects a bad cell size, a non-finite pose, a negative size and a box beyond its range', () => {
    expect(() => new CollisionGrid(0)).toThrow(/cellSizeM must be a positive finite number, got 0/);
    const grid = new CollisionGrid();
    grid.insert({ x: 0, y: 0, yaw: 0 }, CAR);
    expect(() => grid.insert({ x: NaN, y: 0, yaw: 0 }, CAR)).toThrow(/box 1 has a non-finite pose/);
    expect(() => grid.insert({ x: 0, y: 0, yaw: 0 }, { lengthM: -1, widthM: 1, heightM: 1 })).toThrow(/box 1 has an invalid size/);
    expect(() => grid.insert({ x: 1e11, y: 0, yaw: 0 }, CAR)).toThrow(/beyond the grid's range/);
  });
});

describe('overlapsAny and CollisionGrid.overlapping', () => {
  const actors = [box(10, 0), box(-10, 0), box(0, 3.5), box(2, 0.5, 0.4)];

  function gridOf(boxes: readonly BoxEntry[]): CollisionGrid {
    const grid = new CollisionGrid();
    for (const b of boxes) grid.insert(b.pose, b.size);
    return grid;
  }

  const table: [string, Pose2, number, boolean, number[]][] = [
    ['an ego in free space overlaps nothing', { x: 0, y: -20, yaw: 0 }, -1, false, []],
    ['an ego over a car overlaps it', { x: 2, y: 0, yaw: 0 }, -1, true, [3]],
    ['an ego touching the car behind bumper to bumper overlaps it', { x: -5.5, y: 0, yaw: 0 }, -1, true, [1]],
    ['an ego spanning two cars lists both, ascending', { x: 1, y: 2, yaw: Math.PI / 2 }, -1, true, [2, 3]],
    ['the excepted index (the ego itself) is skipped', { x: 2, y: 0.5, yaw: 0.4 }, 3, false, []],
  ];

  it.each(table)('%s', (_name, egoPose, exceptIndex, any, indices) => {
    const grid = gridOf(actors);
    expect(overlapsAny(grid, egoPose, CAR, exceptIndex)).toBe(any);
    expect(grid.overlapping(egoPose, CAR, exceptIndex)).toEqual(indices);
  });

  it('agrees with brute force for a random ego against 300 random scenes, the ego inserted at index 0', () => {
    for (let seed = 2000; seed < 2300; seed++) {
      const { boxes, cellSizeM } = randomScene(seed);
      const grid = new CollisionGrid(cellSizeM);
      for (const b of boxes) grid.insert(b.pose, b.size);
      const ego = boxes[0];
      const expected: number[] = [];
      for (let i = 1; i < boxes.length; i++) {
        if (boxesOverlap(ego.pose, ego.size, boxes[i].pose, boxes[i].size)) expected.push(i);
      }
      expect({ seed, hits: grid.overlapping(ego.pose, ego.size, 0) }).toEqual({ seed, hits: expected });
      expect(overlapsAny(grid, ego.pose, ego.size, 0)).toBe(expected.length > 0);
    }
  });

  it('rejects a non-finite query pose with a clear message', () => {
    expect(() => gridOf(actors).overlapsAny({ x: 0, y: Infinity, yaw: 0 }, CAR)).toThrow(/query box has a non-finite pose/);
  });
});
