/** The decoded track: typed views over base64, step lookups, trails; and the chart ranges. */
import { sampleAt, seriesRange } from '../../viewer/src/chart-scales';
import { fieldForError, pathString } from '../../viewer/src/spec-paths';
import { Track } from '../../viewer/src/track';
import type { TrackJson } from '../../viewer/src/wire';

/** Two agents, three steps; agent 1 leaves the road at step 2. */
function trackJson(): TrackJson {
  const poses = new Float32Array([
    0, 0, 0, 10, 5, 1, 0, 2,
    1, 0, 0, 10, 6, 1, 0, 2,
    2, 0, 0.5, 10, 7, 1, 0, 2,
  ]);
  return {
    format: 'dreamdrive-track/1', id: 'r', scenario: 's', seed: 0, policy: 'idm', cameraSource: 'none', dtS: 0.1, stepCount: 3,
    verdict: 'pass', criteria: '', doneReason: 'time_limit',
    agents: [{ id: 'ego', cls: 'car', lengthM: 4.5, widthM: 1.8, behaviour: 'ego' }, { id: 'a', cls: 'truck', lengthM: 10, widthM: 2.5, behaviour: 'idm' }],
    poses: Buffer.from(poses.buffer).toString('base64'),
    active: Buffer.from([1, 1, 1, 1, 1, 0]).toString('base64'),
    series: { timeS: [0, 0.1, 0.2], speedMps: [10, 10, 10], accelMps2: [0, 0, 0], ttcS: [null, 3, 2], headwayM: [null, null, 20], inCollision: [false, false, false] },
    events: [],
    scene: {} as TrackJson['scene'],
  };
}

describe('Track', () => {
  test('poses decode to the values that were encoded', () => {
    const t = new Track(trackJson());
    expect(t.pose(2, 0)).toEqual({ x: 2, y: 0, yawRad: 0.5, speedMps: 10, active: true });
    expect(t.pose(1, 1)).toEqual({ x: 6, y: 1, yawRad: 0, speedMps: 2, active: true });
    expect(t.pose(2, 1).active).toBe(false);
    expect(t.durationS).toBeCloseTo(0.2, 12);
  });

  test.each([
    [-1, 0],
    [0, 0],
    [0.1, 1],
    [0.19999, 1],
    [0.3, 2],
    [99, 2],
  ])('time %s s shows step %s', (timeS, step) => {
    expect(new Track(trackJson()).stepAt(timeS)).toBe(step);
  });

  test('poses between two steps are interpolated (position, speed and heading)', () => {
    const t = new Track(trackJson());
    const p = t.poseAt(0.15, 0);
    expect(p.x).toBeCloseTo(1.5, 6);
    expect(p.yawRad).toBeCloseTo(0.25, 6);
    expect(t.poseAt(0.2, 0)).toEqual(t.pose(2, 0));
    expect(t.poseAt(5, 0)).toEqual(t.pose(2, 0));
  });

  test('an agent that leaves the road is not interpolated towards its last state', () => {
    expect(new Track(trackJson()).poseAt(0.15, 1)).toEqual({ x: 6, y: 1, yawRad: 0, speedMps: 2, active: true });
  });

  test('heading interpolates along the shorter arc across +-pi', () => {
    const json = trackJson();
    const poses = new Float32Array(new Uint8Array(Buffer.from(json.poses, 'base64')).buffer);
    poses[2] = 3.1;
    poses[8 + 2] = -3.1;
    const t = new Track({ ...json, poses: Buffer.from(poses.buffer).toString('base64') });
    expect(Math.abs(t.poseAt(0.05, 0).yawRad)).toBeCloseTo(Math.PI, 5);
  });

  test('a track whose arrays do not match its counts is refused with the sizes', () => {
    expect(() => new Track({ ...trackJson(), stepCount: 4 })).toThrow(/6 poses and 6 flags for 4 steps x 2 agents/);
  });
});

describe('seriesRange', () => {
  test.each([
    [[1, 5, null, 3], Infinity, { lo: 1, hi: 5 }],
    [[null, null], Infinity, { lo: 0, hi: 1 }],
    [[2, 2], Infinity, { lo: 1, hi: 3 }],
    [[1, 500], 10, { lo: 1, hi: 10 }],
  ])('%j (clip %s) spans %j', (values, clip, range) => {
    expect(seriesRange(values as (number | null)[], clip)).toEqual(range);
  });
});

describe('sampleAt', () => {
  test.each([
    [-1, 0],
    [0, 0],
    [0.25, 2],
    [0.3, 3],
    [9, 3],
  ])('time %s s is sample %s of [0, 0.1, 0.2, 0.3]', (t, k) => {
    expect(sampleAt([0, 0.1, 0.2, 0.3], t)).toBe(k);
  });
});

describe('spec paths', () => {
  test('document paths print as the server writes error paths', () => {
    expect(pathString(['actors', 2, 'start', 's'])).toBe('actors[2].start.s');
    expect(pathString(['duration'])).toBe('duration');
  });

  test.each([
    ['duration', 'duration'],
    ['parameters.gap.value', 'parameters.gap.value'],
    ['parameters.gap.min', 'parameters.gap'],
    ['events[0].when', 'events[0].when'],
    ['ego.start.lane', null],
    ['durations', null],
  ])('error %s is shown next to field %s', (error, field) => {
    expect(fieldForError(error, ['duration', 'parameters.gap', 'parameters.gap.value', 'events[0].when', 'ego.start.speed'])).toBe(field);
  });
});
