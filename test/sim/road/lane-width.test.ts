import { laneWidthAt, makeWidthProfile, maxLaneWidthM } from '../../../sim/road/lane-width';
import { makeLane } from '../../../sim/road/make-lane';
import { makeNetwork } from '../../../sim/road/make-network';
import { isOnDrivable, locate } from '../../../sim/road/query';
import { sampleLine } from '../../../sim/geometry/sample-curves';

/** A straight 40 m lane along +x, sampled every 10 m (vertices at s = 0, 10, 20, 30, 40). */
const points = sampleLine({ x: 0, y: 0, yaw: 0 }, 40, 10);
const constant = makeLane({ id: 'main', kind: 'driving', points, widthM: 3.5, speedLimitMps: 20 });
// 3.5 m for 20 m, then closing linearly to 0 at the end (an acceleration lane's taper).
const taper = makeLane({
  id: 'taper',
  kind: 'driving',
  points: sampleLine({ x: 0, y: -3.5, yaw: 0 }, 40, 10),
  widthM: 2.625,
  pointWidthsM: [3.5, 3.5, 3.5, 1.75, 0],
  speedLimitMps: 20,
});

describe('laneWidthAt', () => {
  test('a lane without a profile has widthM everywhere, beyond its ends too', () => {
    for (const s of [-5, 0, 13.7, 40, 55]) expect(laneWidthAt(constant, s)).toBe(3.5);
    expect(constant.widthProfile).toBeUndefined();
    expect('widthProfile' in constant).toBe(false);
  });

  test.each([
    [0, 3.5],
    [20, 3.5],
    [25, 2.625],
    [30, 1.75],
    [37.5, 0.4375],
    [40, 0],
  ])('a profiled lane at s = %p is %p m wide (linear between samples)', (s, w) => {
    expect(laneWidthAt(taper, s)).toBeCloseTo(w, 12);
  });

  test('holds the end widths beyond the ends', () => {
    expect(laneWidthAt(taper, -3)).toBe(3.5);
    expect(laneWidthAt(taper, 41)).toBe(0);
  });

  test('maxLaneWidthM is the widest sample, or widthM without a profile', () => {
    expect(maxLaneWidthM(taper)).toBe(3.5);
    expect(maxLaneWidthM(constant)).toBe(3.5);
  });

  test('makeLane puts the profile on centreline arc length, and rejects a widths list of the wrong size', () => {
    expect(Array.from(taper.widthProfile?.s ?? [])).toEqual([0, 10, 20, 30, 40]);
    expect(() => makeLane({ id: 'bad', kind: 'driving', points, widthM: 3, pointWidthsM: [3, 3], speedLimitMps: 20 })).toThrow(
      "makeLane 'bad': 2 point widths for 5 points",
    );
  });

  test('makeWidthProfile rejects unsorted s and negative widths, naming the sample', () => {
    expect(() => makeWidthProfile([0, 5, 5], [1, 1, 1])).toThrow('s does not increase at sample 2 (5 then 5)');
    expect(() => makeWidthProfile([0, 5], [1, -0.5])).toThrow('width 1 is -0.5');
  });
});

describe('queries follow the width profile', () => {
  const network = makeNetwork('taper-test', [{ ...constant, rightId: 'taper' }, { ...taper, leftId: 'main' }]);

  test('a point 1.6 m right of the taper centre is on it where the lane is 3.5 m wide, off it where it has narrowed', () => {
    // The taper's centreline is y = -3.5; its right edge is at y = -3.5 - w(s) / 2.
    expect(locate(network, 10, -5.1)?.laneId).toBe('taper');
    expect(isOnDrivable(network, 10, -5.1)).toBe(true);
    // At s = 30 the lane is 1.75 m wide: 1.6 m from the centre is outside, and no other lane is there.
    expect(locate(network, 30, -5.1)).toBeNull();
    expect(isOnDrivable(network, 30, -5.1)).toBe(false);
    expect(locate(network, 30, -4.3)?.laneId).toBe('taper');
  });

  test('the network bounds cover the widest point of the lane', () => {
    expect(network.bounds.minY).toBeCloseTo(-3.5 - 1.75, 12);
  });
});
