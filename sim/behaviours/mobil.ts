/**
 * MOBIL lane-change decisions (Kesting, Treiber, Helbing, "General Lane-Changing Model MOBIL for
 * Car-Following Models", Transportation Research Record 1999, 2007), on top of IDM.
 *
 * Notation: c = ego, n = the follower in the target lane ("new follower"), o = the follower in
 * the current lane ("old follower"); a = acceleration now, a~ = acceleration after the change.
 *   safety:     a~_n >= -b_safe  (and a~_c >= -b_safe, and no overlap with either target neighbour)
 *   incentive:  a~_c - a_c + p [ (a~_n - a_n) + (a~_o - a_o) ] > a_th          (symmetric rules)
 * With `keep_right` (the paper's asymmetric European rules, eqs. 5-6):
 *   to the left:  a~_c - a_c + p (a~_n - a_n) > a_th + a_bias
 *   to the right: a~_c - a_c + p (a~_o - a_o) > a_th - a_bias
 * We omit the paper's "no overtaking on the right" change to a_c (a lead-vehicle speed cap).
 *
 * Inputs are the raw neighbours the caller finds on the lanes, with every gap bumper to bumper
 * and measured as if the ego stood in that lane at its current station: a leader's gap runs from
 * the ego's front to the leader's rear, a follower's from the follower's front to the ego's rear.
 * A missing neighbour is null and contributes nothing. Followers carry their own IDM parameters.
 */
import { idmAccelMps2, type IdmParams } from './idm';

export interface MobilLeader {
  /** Bumper gap from the ego's front to this vehicle's rear, m (negative = overlap). */
  readonly gapM: number;
  readonly speedMps: number;
}

export interface MobilFollower {
  /** Bumper gap from this vehicle's front to the ego's rear, m (negative = overlap). */
  readonly gapM: number;
  readonly speedMps: number;
  readonly idm: IdmParams;
}

/** The ego's neighbours in one lane. */
export interface MobilLane {
  readonly leader: MobilLeader | null;
  readonly follower: MobilFollower | null;
}

export interface MobilInput {
  readonly ego: { readonly speedMps: number; readonly lengthM: number; readonly idm: IdmParams };
  readonly current: MobilLane;
  /** Neighbours in the lane to the left; null when there is none or changing into it is barred. */
  readonly left: MobilLane | null;
  readonly right: MobilLane | null;
}

export interface MobilParams {
  /** p: weight of the other drivers' acceleration changes, 0 (selfish) .. 1 (altruistic). */
  readonly politeness: number;
  /** a_th: net acceleration gain a change must exceed, m/s^2 (avoids frantic hopping). */
  readonly switchThresholdMps2: number;
  /** b_safe: largest deceleration a change may impose on the new follower (or ego), m/s^2, positive. */
  readonly maxSafeDecelMps2: number;
  /** a_bias: keep-right bias, m/s^2; only used with rules 'keep_right'. */
  readonly keepRightBiasMps2: number;
  readonly rules: 'symmetric' | 'keep_right';
}

/**
 * Threshold 0.2 and b_safe 2 are HighwayEnv's (LANE_CHANGE_MIN_ACC_GAIN,
 * LANE_CHANGE_MAX_BRAKING_IMPOSED); politeness 0.3 and bias 0.3 are in the paper's ranges
 * (p 0..0.5, a_bias 0.3); HighwayEnv uses p = 0, which makes drivers cut in rudely.
 */
export const DEFAULT_MOBIL: MobilParams = Object.freeze({
  politeness: 0.3,
  switchThresholdMps2: 0.2,
  maxSafeDecelMps2: 2.0,
  keepRightBiasMps2: 0.3,
  rules: 'symmetric',
});

export type MobilSide = 'left' | 'right';

/** IDM accelerations before and after a change, m/s^2 (0 for absent followers). */
export interface MobilAccelerations {
  readonly egoBefore: number;
  readonly egoAfter: number;
  readonly newFollowerBefore: number;
  readonly newFollowerAfter: number;
  readonly oldFollowerBefore: number;
  readonly oldFollowerAfter: number;
}

export interface MobilSideResult {
  readonly side: MobilSide;
  readonly accelerations: MobilAccelerations;
  readonly safe: boolean;
  /** Incentive left-hand side, m/s^2. */
  readonly gainMps2: number;
  /** What the gain must exceed, m/s^2 (threshold, plus or minus the bias). */
  readonly requiredMps2: number;
  readonly accepted: boolean;
}

/** Gap between two vehicles once the ego (length `egoLengthM`) leaves the space between them. */
function closedGapM(followerGapM: number, egoLengthM: number, leaderGapM: number): number {
  return followerGapM + egoLengthM + leaderGapM;
}

/** The six IDM accelerations MOBIL weighs, for a change from `current` into `target`. */
export function mobilAccelerations(ego: MobilInput['ego'], current: MobilLane, target: MobilLane): MobilAccelerations {
  const egoBefore = idmAccelMps2(ego.speedMps, current.leader, ego.idm);
  const egoAfter = idmAccelMps2(ego.speedMps, target.leader, ego.idm);

  let newFollowerBefore = 0;
  let newFollowerAfter = 0;
  const nf = target.follower;
  if (nf !== null) {
    const tl = target.leader;
    const leaderBefore = tl === null ? null : { gapM: closedGapM(nf.gapM, ego.lengthM, tl.gapM), speedMps: tl.speedMps };
    newFollowerBefore = idmAccelMps2(nf.speedMps, leaderBefore, nf.idm);
    newFollowerAfter = idmAccelMps2(nf.speedMps, { gapM: nf.gapM, speedMps: ego.speedMps }, nf.idm);
  }

  let oldFollowerBefore = 0;
  let oldFollowerAfter = 0;
  const of = current.follower;
  if (of !== null) {
    const cl = current.leader;
    oldFollowerBefore = idmAccelMps2(of.speedMps, { gapM: of.gapM, speedMps: ego.speedMps }, of.idm);
    const leaderAfter = cl === null ? null : { gapM: closedGapM(of.gapM, ego.lengthM, cl.gapM), speedMps: cl.speedMps };
    oldFollowerAfter = idmAccelMps2(of.speedMps, leaderAfter, of.idm);
  }
  return { egoBefore, egoAfter, newFollowerBefore, newFollowerAfter, oldFollowerBefore, oldFollowerAfter };
}

/** Symmetric MOBIL incentive: a~_c - a_c + p [ (a~_n - a_n) + (a~_o - a_o) ], m/s^2. */
export function mobilGain(acc: MobilAccelerations, politeness: number): number {
  const others = acc.newFollowerAfter - acc.newFollowerBefore + (acc.oldFollowerAfter - acc.oldFollowerBefore);
  return acc.egoAfter - acc.egoBefore + politeness * others;
}

/** Full evaluation of one side, or null when there is no lane there. */
export function mobilEvaluate(input: MobilInput, side: MobilSide, p: MobilParams): MobilSideResult | null {
  const target = side === 'left' ? input.left : input.right;
  if (target === null) return null;
  const acc = mobilAccelerations(input.ego, input.current, target);
  const overlaps =
    (target.leader !== null && target.leader.gapM < 0) || (target.follower !== null && target.follower.gapM < 0);
  const safe =
    !overlaps && acc.newFollowerAfter >= -p.maxSafeDecelMps2 && acc.egoAfter >= -p.maxSafeDecelMps2;

  let gainMps2: number;
  let requiredMps2 = p.switchThresholdMps2;
  if (p.rules === 'keep_right') {
    const egoGain = acc.egoAfter - acc.egoBefore;
    if (side === 'left') {
      gainMps2 = egoGain + p.politeness * (acc.newFollowerAfter - acc.newFollowerBefore);
      requiredMps2 += p.keepRightBiasMps2;
    } else {
      gainMps2 = egoGain + p.politeness * (acc.oldFollowerAfter - acc.oldFollowerBefore);
      requiredMps2 -= p.keepRightBiasMps2;
    }
  } else {
    gainMps2 = mobilGain(acc, p.politeness);
  }
  return { side, accelerations: acc, safe, gainMps2, requiredMps2, accepted: safe && gainMps2 > requiredMps2 };
}

/**
 * 'left', 'right' or null (stay). When both sides are accepted, the one with the larger margin
 * (gain minus required) wins; on an exact tie, right under keep_right rules, else left.
 */
export function mobilDecision(input: MobilInput, p: MobilParams): MobilSide | null {
  const left = mobilEvaluate(input, 'left', p);
  const right = mobilEvaluate(input, 'right', p);
  const leftOk = left !== null && left.accepted;
  const rightOk = right !== null && right.accepted;
  if (leftOk && rightOk) {
    const leftMargin = left.gainMps2 - left.requiredMps2;
    const rightMargin = right.gainMps2 - right.requiredMps2;
    if (leftMargin === rightMargin) return p.rules === 'keep_right' ? 'right' : 'left';
    return leftMargin > rightMargin ? 'left' : 'right';
  }
  if (leftOk) return 'left';
  if (rightOk) return 'right';
  return null;
}
