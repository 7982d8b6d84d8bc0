/**
 * Per-step measurements of the ego against the world, computed once per step and shared by every
 * metric: contact, time-to-collision, headway, drivable area, lane and speed limit.
 *
 * Cost per step with N actors: one pass over the actors (bounding-circle reject, then the
 * separating-axis test only for actors within reach; TTC only for actors that could reach the ego
 * within the horizon), four drivable-area look-ups, one lane look-up, and a lane occupancy index
 * of the actors near the ego's lane path for the leader (ego-leader.ts). For one query box against
 * N boxes a linear scan with a bounding-circle reject is cheaper than filling a CollisionGrid
 * (which pays off for all pairs, as in the world loop).
 */
import { boxCorners, boxRadiusM, boxesOverlap, COLLISION_EPS_M } from '../collision/obb';
import { timeToCollisionS } from '../collision/ttc';
import { getLane, isOnDrivable, locate } from '../road/query';
import type { World } from '../types';
import { egoLeader } from './ego-leader';
import type { MetricContext, StepMetrics } from './types';

/** Projection horizon of the TTC, s (nuPlan `time_to_collision_within_bound`: time_horizon = 3.0). */
export const TTC_HORIZON_S = 3.0;
/** Sampling step of the TTC projection, s (nuPlan: time_step_size = 0.1). */
export const TTC_STEP_S = 0.1;
/** At or below this ego speed no TTC is computed, m/s (nuPlan and NAVSIM `stopped_speed_threshold`). */
export const TTC_STOPPED_SPEED_MPS = 5e-3;
/**
 * Actors whose centre lies more than this far from the ego's heading are "behind" and ignored by
 * the TTC, deg (nuPlan `is_agent_behind`, angle_tolerance = 150).
 */
export const TTC_BEHIND_ANGLE_DEG = 150;

const COS_BEHIND = Math.cos((TTC_BEHIND_ANGLE_DEG * Math.PI) / 180);

// Corner buffer for the drivable-area test: the module is single-threaded and does not re-enter here.
const corners = new Float64Array(8);

/** Hints that make the next step's look-ups O(1); results never depend on them. */
export interface MeasureHints {
  readonly laneId?: string;
}

/**
 * True when the actor at (dx, dy) from the ego (world frame) is behind it: the angle between the
 * ego heading (cos, sin) and the direction to the actor exceeds TTC_BEHIND_ANGLE_DEG. An actor at
 * the ego's own centre counts as ahead.
 */
export function isBehind(dx: number, dy: number, cos: number, sin: number): boolean {
  // along < cos(150 deg) * |d| with cos(150 deg) < 0, squared to avoid the square root.
  const along = dx * cos + dy * sin;
  return along < 0 && along * along > COS_BEHIND * COS_BEHIND * (dx * dx + dy * dy);
}

/**
 * Measures one world state. `routeAfterLane` gives the lanes the ego intends to take after a lane
 * (for the leader search through lane ends).
 */
export function measureStep(
  world: World,
  ctx: MetricContext,
  routeAfterLane: (laneId: string) => readonly string[],
  hints: MeasureHints = {},
): StepMetrics {
  const { road } = ctx;
  const ego = world.ego;
  const { x, y, yaw } = ego.pose;
  const cos = Math.cos(yaw);
  const sin = Math.sin(yaw);
  const egoRadiusM = boxRadiusM(ego.size);
  const egoMoving = ego.speedMps > TTC_STOPPED_SPEED_MPS;

  let collidedWithId: string | null = null;
  let ttcS = Infinity;
  let ttcWithId: string | null = null;
  for (const a of world.actors) {
    if (!a.active) continue;
    const dx = a.pose.x - x;
    const dy = a.pose.y - y;
    const distSq = dx * dx + dy * dy;
    // Bounding radius without Math.hypot (slow in V8); no overflow at vehicle sizes.
    const { lengthM, widthM } = a.size;
    const reachM = egoRadiusM + 0.5 * Math.sqrt(lengthM * lengthM + widthM * widthM) + COLLISION_EPS_M;
    if (collidedWithId === null && distSq <= reachM * reachM && boxesOverlap(ego.pose, ego.size, a.pose, a.size)) {
      collidedWithId = a.id;
    }
    if (!egoMoving) continue;
    // Centres close at most at |v_ego| + |v_actor|: farther apart than that over the horizon, no contact.
    const approachM = reachM + TTC_HORIZON_S * (Math.abs(ego.speedMps) + Math.abs(a.speedMps));
    if (distSq > approachM * approachM || isBehind(dx, dy, cos, sin)) continue;
    const t = timeToCollisionS(ego.pose, ego.size, ego.speedMps, a.pose, a.size, a.speedMps, TTC_HORIZON_S, TTC_STEP_S);
    if (t < ttcS) {
      ttcS = t;
      ttcWithId = a.id;
    }
  }

  boxCorners(ego.pose, ego.size, corners);
  let onRoad = true;
  for (let k = 0; k < 8 && onRoad; k += 2) onRoad = isOnDrivable(road, corners[k], corners[k + 1]);

  const pos = locate(road, x, y, hints.laneId);
  const leader = pos === null ? null : egoLeader(road, world, pos, routeAfterLane(pos.laneId));

  return {
    step: world.step,
    timeS: world.timeS,
    speedMps: ego.speedMps,
    accelMps2: ego.accelMps2,
    ttcS,
    ttcWithId,
    headwayM: leader === null ? Infinity : Math.max(0, leader.gapM),
    leaderId: leader === null ? null : leader.id,
    onRoad,
    inCollision: collidedWithId !== null,
    collidedWithId,
    laneId: pos === null ? null : pos.laneId,
    speedLimitMps: pos === null ? null : getLane(road, pos.laneId).speedLimitMps,
  };
}

/**
 * The per-step values of one world state on their own, for logs (ttcS, headwayM, speedMps,
 * accelMps2, onRoad, inCollision, ...). During a rollout prefer `acc.latest` after updateMetrics:
 * the same values, already computed, with look-up hints carried between steps.
 */
export function stepMetrics(world: World, ctx: MetricContext): StepMetrics {
  return measureStep(world, ctx, (laneId) => {
    const i = ctx.egoRoute.indexOf(laneId);
    return i < 0 ? [] : ctx.egoRoute.slice(i + 1);
  });
}
