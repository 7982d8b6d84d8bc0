import { laneConflicts } from '../../../sim/road/conflicts';
import { buildRoad } from '../../../sim/road/build-road';
import { frenetToWorld } from '../../../sim/geometry/polyline';
import { getLane } from '../../../sim/road/query';

const road = buildRoad({ type: 'intersection', armLengthM: 60, lanesPerDirection: 1, laneWidthM: 3.5, speedLimitMps: 13.9 });
const LEFT_FROM_SOUTH = 'south_in_0>west_out_0';

describe('laneConflicts', () => {
  test('an unprotected left turn yields to oncoming traffic going straight', () => {
    const c = laneConflicts(road, LEFT_FROM_SOUTH).find((x) => x.otherLaneId === 'north_in_0>south_out_0');
    expect(c?.yieldToOther).toBe(true);
    const back = laneConflicts(road, 'north_in_0>south_out_0').find((x) => x.otherLaneId === LEFT_FROM_SOUTH);
    expect(back?.yieldToOther).toBe(false);
  });

  test('two straight crossings: the one coming from the right goes first', () => {
    // Northbound meets eastbound: eastbound comes from the northbound car's left.
    const north = laneConflicts(road, 'south_in_0>north_out_0').find((x) => x.otherLaneId === 'west_in_0>east_out_0');
    const east = laneConflicts(road, 'west_in_0>east_out_0').find((x) => x.otherLaneId === 'south_in_0>north_out_0');
    expect(north?.yieldToOther).toBe(false);
    expect(east?.yieldToOther).toBe(true);
  });

  test('the crossing point lies on both centrelines (within 1 cm)', () => {
    for (const c of laneConflicts(road, LEFT_FROM_SOUTH)) {
      const p = frenetToWorld(getLane(road, LEFT_FROM_SOUTH).centerline, c.s, 0);
      const q = frenetToWorld(getLane(road, c.otherLaneId).centerline, c.sOther, 0);
      expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeLessThan(0.01);
    }
  });

  test('paths from the same lane or into the same lane do not count as crossings; plain lanes have none', () => {
    const ids = laneConflicts(road, LEFT_FROM_SOUTH).map((c) => c.otherLaneId);
    expect(ids).not.toContain('south_in_0>north_out_0');
    expect(ids).not.toContain('north_in_0>west_out_0');
    expect(laneConflicts(road, 'south_in_0')).toEqual([]);
  });

  test('is symmetric: every crossing is seen from both sides, exactly one side yields', () => {
    for (const lane of road.lanes.values()) {
      for (const c of laneConflicts(road, lane.id)) {
        const back = laneConflicts(road, c.otherLaneId).find((x) => x.otherLaneId === lane.id);
        expect(back).toBeDefined();
        expect(back!.yieldToOther).toBe(!c.yieldToOther);
      }
    }
  });
});
