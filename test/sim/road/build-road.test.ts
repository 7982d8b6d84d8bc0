import { buildRoad } from '../../../sim/road/build-road';
import type { RoadSpec } from '../../../sim/road/road-spec';
import { RoadSpecError } from '../../../sim/road/road-spec-error';

const lanes = { laneCount: 2, laneWidthM: 3.5, speedLimitMps: 20 };

const specs: RoadSpec[] = [
  { type: 'straight', lengthM: 200, ...lanes },
  { type: 'curve', radiusM: 50, angleDeg: -45, lengthBeforeM: 30, lengthAfterM: 30, ...lanes },
  { type: 's_bend', radiusM: 60, angleDeg: 30, clothoidLengthM: 20, lengthBeforeM: 30, lengthAfterM: 30, ...lanes },
  { type: 'merge', lengthM: 300, rampLengthM: 120, mergeStartM: 100, mergeLengthM: 120, ...lanes },
  { type: 'intersection', armLengthM: 50, lanesPerDirection: 1, laneWidthM: 3.5, speedLimitMps: 12 },
];

describe('buildRoad', () => {
  test.each(specs)('builds a $type road whose kind names it and whose links all resolve', (spec) => {
    const road = buildRoad(spec);
    expect(road.kind).toBe(spec.type);
    for (const lane of road.lanes.values()) {
      for (const id of [lane.leftId, lane.rightId, ...lane.successorIds, ...lane.predecessorIds]) {
        if (id !== null) expect(road.lanes.has(id)).toBe(true);
      }
      for (let i = 0; i < lane.centerline.xs.length; i++) {
        expect(lane.centerline.xs[i]).toBeGreaterThanOrEqual(road.bounds.minX + lane.widthM / 2 - 1e-9);
        expect(lane.centerline.ys[i]).toBeLessThanOrEqual(road.bounds.maxY - lane.widthM / 2 + 1e-9);
      }
    }
  });

  test('is deterministic: the same spec builds identical centrelines', () => {
    const a = buildRoad(specs[2]);
    const b = buildRoad(specs[2]);
    expect(Array.from(a.lanes.get('lane1')!.centerline.xs)).toEqual(Array.from(b.lanes.get('lane1')!.centerline.xs));
  });

  test('rejects an unknown road type, listing the known ones', () => {
    const bad = { type: 'roundabout', ...lanes } as unknown as RoadSpec;
    expect(() => buildRoad(bad)).toThrow(RoadSpecError);
    expect(() => buildRoad(bad)).toThrow(
      `road.type must be one of straight, curve, s_bend, merge, intersection (got "roundabout")`,
    );
  });
});
