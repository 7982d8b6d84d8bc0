/** The metric context of a run, from its setup. */
import type { SimSetup } from '../setup';
import type { MetricContext } from './types';

/** Default slack over the speed limit, m/s: none, as nuPlan counts any excess speed as a violation. */
export const DEFAULT_SPEED_LIMIT_TOLERANCE_MPS = 0;

/**
 * road, dt and ego route from the setup; the expert end is the last authored ego waypoint (null
 * for a policy-only ego).
 */
export function metricContextForSetup(
  setup: SimSetup,
  speedLimitToleranceMps: number = DEFAULT_SPEED_LIMIT_TOLERANCE_MPS,
): MetricContext {
  const trajectory = setup.ego.trajectory;
  const last = trajectory.length > 0 ? trajectory[trajectory.length - 1] : null;
  return {
    road: setup.road,
    dtS: setup.dtS,
    egoRoute: setup.ego.route,
    expertFinal: last === null ? null : { x: last.x, y: last.y },
    speedLimitToleranceMps,
  };
}
