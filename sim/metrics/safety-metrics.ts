/**
 * Safety metrics: collision, collision_time, off_road, min_ttc, min_headway. Each folds the
 * per-step measurements of step-measure.ts over the rollout (samples at t = 0 and after every step).
 */
import { TTC_BEHIND_ANGLE_DEG, TTC_HORIZON_S, TTC_STEP_S, TTC_STOPPED_SPEED_MPS } from './step-measure';
import type { Metric, StepSample } from './types';

export interface FirstEvent {
  /** Time of the first sample where it happened, s, or null when it never did. */
  readonly atS: number | null;
  /** The actor involved, when there is one. */
  readonly withId: string | null;
}

const NONE: FirstEvent = { atS: null, withId: null };

function firstCollision(state: FirstEvent, sample: StepSample): FirstEvent {
  return state.atS === null && sample.inCollision ? { atS: sample.timeS, withId: sample.collidedWithId } : state;
}

/**
 * collision: true when at any sample the ego box overlaps or touches the box of any active actor
 * (any class, pedestrians included; obb.ts, with the COLLISION_EPS_M touching slack).
 *
 * Stricter than nuPlan's `no_ego_at_fault_collisions` and NAVSIM's NC: they count only collisions
 * the ego is at fault for (stopped track, active front, or lateral while the ego straddles lanes),
 * score 0.5 for static objects and ignore a track after its first non-at-fault contact; we count
 * any contact, including being rear-ended.
 */
export const collisionMetric: Metric<FirstEvent> = {
  name: 'collision',
  description: 'true when the ego box ever overlaps or touches an active actor box (any contact, not only at fault)',
  init: (_ctx, sample0) => firstCollision(NONE, sample0),
  update: (state, sample) => firstCollision(state, sample),
  value: (state) => state.atS !== null,
};

/** collision_time: time of the first collision, s; Infinity when there is none. */
export const collisionTimeMetric: Metric<FirstEvent> = {
  name: 'collision_time',
  description: 'simulation time of the first ego-actor contact, s (Infinity when none)',
  init: collisionMetric.init,
  update: collisionMetric.update,
  value: (state) => state.atS ?? Infinity,
};

function firstOffRoad(state: FirstEvent, sample: StepSample): FirstEvent {
  return state.atS === null && !sample.onRoad ? { atS: sample.timeS, withId: null } : state;
}

/**
 * off_road: true when at any sample a corner of the ego box lies outside every lane of kind
 * 'driving' or 'connector' (road/query.ts `isOnDrivable`). This is NAVSIM's drivable-area test
 * (any corner outside the drivable polygons); nuPlan's `drivable_area_compliance` tolerates up to
 * 0.3 m of the footprint outside (max_violation_threshold), we tolerate none.
 */
export const offRoadMetric: Metric<FirstEvent> = {
  name: 'off_road',
  description: 'true when any ego box corner ever leaves the drivable area (driving and connector lanes)',
  init: (_ctx, sample0) => firstOffRoad(NONE, sample0),
  update: (state, sample) => firstOffRoad(state, sample),
  value: (state) => state.atS !== null,
};

export interface MinState {
  readonly min: number;
  readonly withId: string | null;
  /** Time of the sample where the minimum was first reached, s (null while it is Infinity). */
  readonly atS: number | null;
}

const NO_MIN: MinState = { min: Infinity, withId: null, atS: null };

function minTtc(state: MinState, sample: StepSample): MinState {
  return sample.ttcS < state.min ? { min: sample.ttcS, withId: sample.ttcWithId, atS: sample.timeS } : state;
}

/**
 * min_ttc, s: the smallest time-to-collision over the rollout; Infinity when no projection ever
 * touches. At each sample the ego and every relevant actor move at constant velocity along their
 * current headings; TTC is the first time on a TTC_STEP_S grid within TTC_HORIZON_S at which the
 * boxes overlap (collision/ttc.ts), 0 when they overlap now. Relevant actors: active, not behind
 * the ego (centre more than TTC_BEHIND_ANGLE_DEG from the ego heading, nuPlan `is_agent_behind`),
 * and close enough to reach it within the horizon. No TTC while the ego is stopped.
 *
 * Follows nuPlan's `time_to_collision_within_bound` (3 s horizon, 0.1 s step, stopped-ego rule,
 * behind-tracks excluded). Where ours differs: the bearing is taken from the box centre, not the
 * rear axle; tracks already in collision are not excluded; the horizon end is inclusive.
 */
export const minTtcMetric: Metric<MinState> = {
  name: 'min_ttc',
  description:
    `smallest constant-velocity time-to-collision with actors not behind the ego, s ` +
    `(horizon ${TTC_HORIZON_S} s, step ${TTC_STEP_S} s, not behind = within ${TTC_BEHIND_ANGLE_DEG} deg of the heading, ` +
    `none while ego speed <= ${TTC_STOPPED_SPEED_MPS} m/s; Infinity when never)`,
  init: (_ctx, sample0) => minTtc(NO_MIN, sample0),
  update: (state, sample) => minTtc(state, sample),
  value: (state) => state.min,
};

function minHeadway(state: MinState, sample: StepSample): MinState {
  return sample.headwayM < state.min ? { min: sample.headwayM, withId: sample.leaderId, atS: sample.timeS } : state;
}

/**
 * min_headway, m: the smallest bumper-to-bumper gap to the ego's leader, Infinity when it never
 * has one. The leader is the one IDM sees (world/lane-occupancy.ts `leaderAhead`, via ego-leader.ts):
 * the nearest occupant ahead on the ego's lane, then through lane ends along the route. The gap is
 * measured along the lanes (s_leader - s_ego - half lengths) and clamped at 0 where the boxes
 * overlap lengthwise (a cut-in alongside). Exact up to HEADWAY_RANGE_M (200 m).
 */
export const minHeadwayMetric: Metric<MinState> = {
  name: 'min_headway',
  description: 'smallest bumper-to-bumper gap along the lanes to the leader in the ego lane, m (Infinity when never a leader)',
  init: (_ctx, sample0) => minHeadway(NO_MIN, sample0),
  update: (state, sample) => minHeadway(state, sample),
  value: (state) => state.min,
};
