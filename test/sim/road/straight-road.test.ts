import { buildStraightRoad } from '../../../sim/road/straight-road';
import { poseAt } from '../../../sim/geometry/polyline';
import { RoadSpecError } from '../../../sim/road/road-spec-error';

const options = { lengthM: 100, laneCount: 3, laneWidthM: 3.5, speedLimitMps: 25 };

describe('buildStraightRoad', () => {
  const road = buildStraightRoad(options);

  test('lays lane0 on the x axis and lane i at y = i * width, all 100 m long', () => {
    expect([...road.lanes.keys()]).toEqual(['lane0', 'lane1', 'lane2']);
    road.lanes.forEach((lane, id) => {
      const i = Number(id.slice(4));
      expect(lane.centerline.lengthM).toBeCloseTo(100, 12);
      expect(poseAt(lane.centerline, 0)).toEqual({ x: 0, y: 3.5 * i, yaw: 0 });
      expect(poseAt(lane.centerline, 42).x).toBeCloseTo(42, 12);
      expect(poseAt(lane.centerline, 42).y).toBeCloseTo(3.5 * i, 12);
      expect(lane.widthM).toBe(3.5);
      expect(lane.speedLimitMps).toBe(25);
      expect(lane.kind).toBe('driving');
    });
  });

  test('links neighbours right to left with dashed lines between lanes and solid edges', () => {
    const summary = [...road.lanes.values()].map((l) => [l.id, l.rightId, l.leftId, l.markingRight, l.markingLeft]);
    expect(summary).toEqual([
      ['lane0', null, 'lane1', 'solid', 'dashed'],
      ['lane1', 'lane0', 'lane2', 'dashed', 'dashed'],
      ['lane2', 'lane1', null, 'dashed', 'solid'],
    ]);
  });

  test('bounds cover every lane surface including half a lane width beyond the outer centres', () => {
    expect(road.bounds).toEqual({ minX: -1.75, minY: -1.75, maxX: 101.75, maxY: 8.75 });
    expect(road.kind).toBe('straight');
  });

  test.each([
    ['lengthM', { lengthM: 0 }, /road\.lengthM must be a finite number > 0 \(got 0\)/],
    ['laneCount', { laneCount: 1.5 }, /road\.laneCount must be an integer from 1 to 8 \(got 1\.5\)/],
    ['laneCount', { laneCount: 0 }, /road\.laneCount/],
    ['laneWidthM', { laneWidthM: -3 }, /road\.laneWidthM must be a finite number > 0/],
    ['speedLimitMps', { speedLimitMps: NaN }, /road\.speedLimitMps/],
  ])('rejects a bad %s with a RoadSpecError naming it', (field, patch, message) => {
    const build = () => buildStraightRoad({ ...options, ...patch });
    expect(build).toThrow(RoadSpecError);
    expect(build).toThrow(message);
    try {
      build();
    } catch (e) {
      expect((e as RoadSpecError).field).toBe(field);
    }
  });
});
