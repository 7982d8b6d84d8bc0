/**
 * Contracts of the closed-loop metrics: what a rollout hands in (MetricContext), what is measured
 * once per step and shared by every metric (StepSample), the one interface all metrics implement
 * (Metric), and what a finished rollout reports (RolloutMetrics).
 *
 * As in Waymax, every metric is a small object registered by name; unlike Waymax's stateless
 * `compute(state)`, ours fold over the rollout (init, update per step, value at the end), so a
 * rollout of any length is scored in O(1) memory. Heavy geometry (collision, TTC, lane look-ups) is
 * measured once per step into a StepSample and reused by every metric instead of re-derived.
 */
import type { RoadNetwork } from '../road/types';

/** Version of the metric definitions; every result records it, bump it when a definition changes. */
export const METRICS_VERSION = 'dreamdrive-metrics/1';

/** Everything a rollout's metrics depend on besides the world states. */
export interface MetricContext {
  readonly road: RoadNetwork;
  /** Time between two consecutive updates (the world loop's step), s. */
  readonly dtS: number;
  /**
   * Lane ids the ego is meant to drive, in order; progress is measured along them. Empty: the
   * lane the ego starts on and its first successors (see route-path.ts).
   */
  readonly egoRoute: readonly string[];
  /** End of the expert (authored) ego trajectory, world frame, m; null when the ego has none. */
  readonly expertFinal: { readonly x: number; readonly y: number } | null;
  /** Speed above the lane's limit still counted as compliant, m/s (>= 0). */
  readonly speedLimitToleranceMps: number;
}

export type MetricValue = number | boolean;

/**
 * Per-step measurements, for logs and as the input of every metric. Infinity means "none":
 * no projected contact within the TTC horizon, no leader. Times are simulation times, s.
 */
export interface StepMetrics {
  readonly step: number;
  readonly timeS: number;
  /** Ego speed along its heading, m/s. */
  readonly speedMps: number;
  /** Ego longitudinal acceleration held over the last step, m/s^2. */
  readonly accelMps2: number;
  /** Smallest time-to-collision with a relevant actor at this step, s (see min-ttc in safety-metrics.ts). */
  readonly ttcS: number;
  readonly ttcWithId: string | null;
  /** Bumper-to-bumper gap along the lanes to the ego's leader, m (>= 0), Infinity without one. */
  readonly headwayM: number;
  readonly leaderId: string | null;
  /** True when all four corners of the ego box lie on a driving or connector lane. */
  readonly onRoad: boolean;
  /** True when the ego box overlaps or touches an active actor's box. */
  readonly inCollision: boolean;
  /** The first actor (in world.actors order) the ego overlaps, or null. */
  readonly collidedWithId: string | null;
  /** The lane under the ego's centre, or null when it is off every lane. */
  readonly laneId: string | null;
  /** Speed limit of that lane, m/s, or null off the lanes. */
  readonly speedLimitMps: number | null;
}

/**
 * Derivatives of the ego's motion by backward finite differences between consecutive samples
 * (dt = MetricContext.dtS); null where a sample has too few predecessors to form one.
 */
export interface EgoMotion {
  /** 0 for the initial world, then 1, 2, ... */
  readonly sampleIndex: number;
  readonly speedMps: number;
  readonly yawRad: number;
  readonly lonAccelMps2: number;
  /** d(yaw)/dt, the yaw change wrapped to (-pi, pi]. */
  readonly yawRateRadps: number | null;
  /** Centripetal acceleration speed * yawRate, m/s^2 (+ = to the left). */
  readonly latAccelMps2: number | null;
  /** From the second step on (the initial acceleration is an initial condition, see ego-motion.ts). */
  readonly lonJerkMps3: number | null;
  readonly yawAccelRadps2: number | null;
  /** d|a|/dt with |a| = hypot(lonAccel, latAccel) (nuPlan's "magnitude" jerk). */
  readonly magJerkMps3: number | null;
}

/** Where the ego stands along its route, m. */
export interface RouteProgress {
  /** Arc length of the ego's projection on the route, clamped to [0, lengthM]. */
  readonly sM: number;
  readonly lengthM: number;
  /** Route arc length of the expert trajectory's end (clamped), or null without an expert. */
  readonly expertSM: number | null;
}

/** What one metric update sees: the step's measurements, the ego's motion derivatives, its route position. */
export interface StepSample extends StepMetrics {
  readonly motion: EgoMotion;
  readonly route: RouteProgress;
}

/**
 * The interface every metric implements: a fold over the rollout's samples. `init` sees the
 * sample of the initial world, `update` every later one (in order, one per step), `value` turns
 * the state into the reported number or boolean. All three are pure.
 */
export interface Metric<S> {
  readonly name: string;
  readonly description: string;
  init(ctx: MetricContext, sample0: StepSample): S;
  update(state: S, sample: StepSample, ctx: MetricContext): S;
  value(state: S, ctx: MetricContext): MetricValue;
}

/** First contact of the ego with an actor. */
export interface CollisionRecord {
  readonly withId: string;
  readonly atS: number;
}

/** The PDM score's factors (see pdm-score.ts), each in [0, 1]. */
export interface PdmSubScores {
  /** No collision (1/0). */
  readonly nc: number;
  /** Drivable-area compliance (1/0). */
  readonly dac: number;
  /** Time-to-collision within bound (1/0). */
  readonly ttc: number;
  /** Comfort (1/0). */
  readonly c: number;
  /** Ego progress = route_completion. */
  readonly ep: number;
}
