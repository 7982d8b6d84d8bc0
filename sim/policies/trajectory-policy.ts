/**
 * Replays the scenario's authored ego trajectory: a tracking controller (pure pursuit + speed
 * feedback) turns the timed waypoints into bicycle actions, so the ego still obeys its dynamics.
 */
import { trackTrajectory } from '../behaviours/trajectory-tracker';
import type { SimRuntime } from '../world/runtime';
import type { Policy } from './policy';

export class PolicyError extends Error {}

export function trajectoryPolicy(rt: SimRuntime): Policy {
  const waypoints = rt.trajectories[0];
  if (waypoints.length < 2) {
    throw new PolicyError(`scenario '${rt.setup.name}' has no authored ego trajectory (ego.trajectory); use --policy idm`);
  }
  return {
    name: 'trajectory',
    act: ({ world, dtS }) => trackTrajectory(world.ego, waypoints, world.timeS, rt.egoParams, dtS),
  };
}
