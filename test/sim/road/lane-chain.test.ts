import { chainPosition, laneChainAhead } from '../../../sim/road/lane-chain';
import { getLane } from '../../../sim/road/query';
import { mergeRoad, straightRoad } from '../../helpers/world-fixtures';

const road = mergeRoad();
const rampM = getLane(road, 'ramp').centerline.lengthM;
const mergeM = getLane(road, 'merge').centerline.lengthM;

describe('chainPosition', () => {
  test('measures along the lane, clamped to the end of the last lane', () => {
    const straight = straightRoad(2, 400);
    expect(chainPosition(straight, ['lane0'], 390, 50)).toEqual({ lane: 'lane0', s: 400 });
    expect(chainPosition(straight, ['lane0'], 10, 5)).toEqual({ lane: 'lane0', s: 15 });
  });

  test('carries on into the next lane of the chain', () => {
    const at = chainPosition(road, ['ramp', 'merge'], rampM - 10, 30);
    expect(at.lane).toBe('merge');
    expect(at.s).toBeCloseTo(20, 9);
  });

  test('a negative distance walks back into the predecessor, and stops at the start of the first lane', () => {
    const back = chainPosition(road, ['merge'], 5, -15);
    expect(back.lane).toBe('ramp');
    expect(back.s).toBeCloseTo(rampM - 10, 9);
    expect(chainPosition(road, ['merge'], 5, -(rampM + 100))).toEqual({ lane: 'ramp', s: 0 });
  });
});

describe('laneChainAhead', () => {
  test('adds first successors until the chain is long enough', () => {
    expect(laneChainAhead(road, 'ramp', [], rampM - 1)).toEqual(['ramp']);
    expect(laneChainAhead(road, 'ramp', [], rampM + 1)).toEqual(['ramp', 'merge']);
    expect(laneChainAhead(road, 'ramp', [], rampM + mergeM + 50)).toEqual(['ramp', 'merge']);
  });

  test('follows the route from the lane when the lane is on it', () => {
    expect(laneChainAhead(road, 'ramp', ['lane1', 'ramp', 'merge'], 0)).toEqual(['ramp', 'merge']);
  });
});
