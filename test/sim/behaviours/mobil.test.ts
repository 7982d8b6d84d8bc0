import { DEFAULT_IDM, idmAccelMps2 } from '../../../sim/behaviours/idm';
import {
  DEFAULT_MOBIL,
  mobilAccelerations,
  mobilDecision,
  mobilEvaluate,
  mobilGain,
  type MobilFollower,
  type MobilInput,
  type MobilLane,
  type MobilParams,
} from '../../../sim/behaviours/mobil';

const EMPTY: MobilLane = { leader: null, follower: null };
const EGO = { speedMps: 25, lengthM: 4.6, idm: DEFAULT_IDM };
const SLOW_LEADER = { gapM: 20, speedMps: 15 };

function follower(gapM: number, speedMps: number): MobilFollower {
  return { gapM, speedMps, idm: DEFAULT_IDM };
}

function input(over: Partial<MobilInput>): MobilInput {
  return { ego: EGO, current: EMPTY, left: null, right: null, ...over };
}

describe('mobilDecision', () => {
  it('changes left behind a slow leader when the left lane is empty', () => {
    expect(mobilDecision(input({ current: { leader: SLOW_LEADER, follower: null }, left: EMPTY }), DEFAULT_MOBIL)).toBe('left');
  });

  it('stays when the left lane has a fast follower right behind (unsafe gap)', () => {
    const left: MobilLane = { leader: null, follower: follower(3, 30) };
    const result = mobilEvaluate(input({ current: { leader: SLOW_LEADER, follower: null }, left }), 'left', DEFAULT_MOBIL);
    expect(result?.safe).toBe(false);
    expect(result?.gainMps2).toBeGreaterThan(DEFAULT_MOBIL.switchThresholdMps2);
    expect(mobilDecision(input({ current: { leader: SLOW_LEADER, follower: null }, left }), DEFAULT_MOBIL)).toBeNull();
  });

  const keepRight: MobilParams = { ...DEFAULT_MOBIL, rules: 'keep_right' };
  const slowCurrent: MobilLane = { leader: SLOW_LEADER, follower: null };
  it.each<[string, Partial<MobilInput>, MobilParams, 'left' | 'right' | null]>([
    ['no neighbouring lanes', { current: slowCurrent }, DEFAULT_MOBIL, null],
    ['free road, empty left lane: nothing to gain', { left: EMPTY }, DEFAULT_MOBIL, null],
    ['slow leader, empty lanes both sides, symmetric: left wins the tie', { current: slowCurrent, left: EMPTY, right: EMPTY }, DEFAULT_MOBIL, 'left'],
    ['slow leader, empty lanes both sides, keep_right: right', { current: slowCurrent, left: EMPTY, right: EMPTY }, keepRight, 'right'],
    ['free road, empty right lane, symmetric: stay', { right: EMPTY }, DEFAULT_MOBIL, null],
    ['free road, empty right lane, keep_right: return right', { right: EMPTY }, keepRight, 'right'],
    ['free road, empty left lane, keep_right: stay', { left: EMPTY }, keepRight, null],
    ['slow leader, left lane leader even slower and close: stay', { current: slowCurrent, left: { leader: { gapM: 10, speedMps: 10 }, follower: null } }, DEFAULT_MOBIL, null],
    ['slow leader, left follower overlapping the ego: stay', { current: slowCurrent, left: { leader: null, follower: follower(-1, 25) } }, DEFAULT_MOBIL, null],
    ['slow leader, left lane with a distant slow follower: left', { current: slowCurrent, left: { leader: null, follower: follower(60, 20) } }, DEFAULT_MOBIL, 'left'],
    ['slow leader on the left, empty right lane: right', { current: slowCurrent, left: null, right: EMPTY }, DEFAULT_MOBIL, 'right'],
  ])('%s', (_name, over, p, expected) => {
    expect(mobilDecision(input(over), p)).toBe(expected);
  });

  it('is mirror-symmetric under symmetric rules', () => {
    const laneA: MobilLane = { leader: { gapM: 40, speedMps: 24 }, follower: follower(25, 22) };
    const laneB: MobilLane = { leader: { gapM: 60, speedMps: 27 }, follower: follower(15, 26) };
    for (const current of [slowCurrent, EMPTY]) {
      const d1 = mobilDecision(input({ current, left: laneA, right: laneB }), DEFAULT_MOBIL);
      const d2 = mobilDecision(input({ current, left: laneB, right: laneA }), DEFAULT_MOBIL);
      const mirror = d1 === 'left' ? 'right' : d1 === 'right' ? 'left' : null;
      expect(d2).toBe(mirror);
    }
  });

  it('lets politeness veto a small selfish gain that costs the new follower', () => {
    const current: MobilLane = { leader: { gapM: 70, speedMps: 22 }, follower: null };
    const left: MobilLane = { leader: null, follower: follower(40, 25) };
    const selfish = mobilDecision(input({ current, left }), { ...DEFAULT_MOBIL, politeness: 0 });
    const polite = mobilDecision(input({ current, left }), { ...DEFAULT_MOBIL, politeness: 1 });
    const r = mobilEvaluate(input({ current, left }), 'left', { ...DEFAULT_MOBIL, politeness: 0 });
    expect(r?.safe).toBe(true);
    expect(selfish).toBe('left');
    expect(polite).toBeNull();
  });
});

describe('mobilGain', () => {
  it('weighs the others by politeness (hand-computed)', () => {
    const acc = {
      egoBefore: -1,
      egoAfter: 1,
      newFollowerBefore: 0.5,
      newFollowerAfter: -0.5,
      oldFollowerBefore: 0,
      oldFollowerAfter: 0.4,
    };
    expect(mobilGain(acc, 0.5)).toBeCloseTo(2 - 0.5 * 0.6, 12);
    expect(mobilGain(acc, 0)).toBe(2);
  });
});

describe('mobilAccelerations', () => {
  it('closes the old follower gap over the ego and opens the new one in front of it', () => {
    const current: MobilLane = { leader: { gapM: 20, speedMps: 15 }, follower: follower(12, 24) };
    const target: MobilLane = { leader: { gapM: 30, speedMps: 28 }, follower: follower(18, 26) };
    const acc = mobilAccelerations(EGO, current, target);
    expect(acc.egoBefore).toBe(idmAccelMps2(25, { gapM: 20, speedMps: 15 }, DEFAULT_IDM));
    expect(acc.egoAfter).toBe(idmAccelMps2(25, { gapM: 30, speedMps: 28 }, DEFAULT_IDM));
    expect(acc.newFollowerBefore).toBe(idmAccelMps2(26, { gapM: 18 + 4.6 + 30, speedMps: 28 }, DEFAULT_IDM));
    expect(acc.newFollowerAfter).toBe(idmAccelMps2(26, { gapM: 18, speedMps: 25 }, DEFAULT_IDM));
    expect(acc.oldFollowerBefore).toBe(idmAccelMps2(24, { gapM: 12, speedMps: 25 }, DEFAULT_IDM));
    expect(acc.oldFollowerAfter).toBe(idmAccelMps2(24, { gapM: 12 + 4.6 + 20, speedMps: 15 }, DEFAULT_IDM));
  });

  it('counts absent followers as zero on both sides', () => {
    const acc = mobilAccelerations(EGO, EMPTY, EMPTY);
    expect([acc.newFollowerBefore, acc.newFollowerAfter, acc.oldFollowerBefore, acc.oldFollowerAfter]).toEqual([0, 0, 0, 0]);
  });
});
