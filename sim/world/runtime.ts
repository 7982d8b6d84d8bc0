/**
 * Everything about a run that does not change while it runs: the setup plus tables derived from it
 * once (trajectories, walking paths, per-agent dynamics limits), so that the per-step code only indexes.
 */
import { makeWalkPath, type WalkPath } from '../behaviours/pedestrian-walk';
import type { TimedWaypoint } from '../behaviours/trajectory-tracker';
import { VEHICLE_PARAMS, type VehicleParams } from '../dynamics/vehicle-params';
import type { ActorSetup, SimSetup, TimedPoint } from '../setup';

export interface SimRuntime {
  readonly setup: SimSetup;
  /** Index 0 is the ego's authored trajectory (possibly empty); then actors' and events' trajectories. */
  readonly trajectories: readonly (readonly TimedWaypoint[])[];
  readonly paths: readonly WalkPath[];
  /** Trajectory index of each event action of type follow_trajectory, keyed `${eventIndex}:${actionIndex}`. */
  readonly eventTrajectoryIndex: ReadonlyMap<string, number>;
  /** Per actor (setup order): its trajectory / path index, or -1. */
  readonly actorTrajectoryIndex: readonly number[];
  readonly actorPathIndex: readonly number[];
  /** Index of each actor in `setup.actors` by id. */
  readonly actorIndex: ReadonlyMap<string, number>;
  readonly egoParams: VehicleParams;
  readonly actorParams: readonly VehicleParams[];
  /** Steps in the run: round(duration / dt). */
  readonly stepCount: number;
}

function toWaypoints(points: readonly TimedPoint[]): TimedWaypoint[] {
  return points.map((p) => ({ tS: p.tS, x: p.x, y: p.y }));
}

export function createRuntime(setup: SimSetup): SimRuntime {
  const trajectories: TimedWaypoint[][] = [toWaypoints(setup.ego.trajectory)];
  const paths: WalkPath[] = [];
  const actorIndex = new Map<string, number>();
  setup.actors.forEach((a: ActorSetup, i) => {
    if (actorIndex.has(a.id)) throw new Error(`duplicate actor id '${a.id}'`);
    actorIndex.set(a.id, i);
  });
  const eventTrajectoryIndex = new Map<string, number>();
  setup.events.forEach((e, ei) =>
    e.actions.forEach((act, ai) => {
      if (act.type === 'follow_trajectory') {
        eventTrajectoryIndex.set(`${ei}:${ai}`, trajectories.length);
        trajectories.push(toWaypoints(act.waypoints));
      }
    }),
  );
  const actorTrajectoryIndex = setup.actors.map((a) => {
    if (a.behaviour.type !== 'follow_trajectory') return -1;
    trajectories.push(toWaypoints(a.behaviour.waypoints));
    return trajectories.length - 1;
  });
  const actorPathIndex = setup.actors.map((a) => {
    if (a.behaviour.type !== 'walk') return -1;
    paths.push(makeWalkPath(a.behaviour.path, `actor '${a.id}' path`));
    return paths.length - 1;
  });
  return {
    setup,
    trajectories,
    paths,
    eventTrajectoryIndex,
    actorTrajectoryIndex,
    actorPathIndex,
    actorIndex,
    egoParams: VEHICLE_PARAMS[setup.ego.cls],
    actorParams: setup.actors.map((a) => VEHICLE_PARAMS[a.cls]),
    stepCount: Math.round(setup.durationS / setup.dtS),
  };
}
