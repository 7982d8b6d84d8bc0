/**
 * The fixed-step world loop: a thin orchestrator, no physics of its own.
 * Order within a step (all reads from the state at t, writes to the state at t + dt):
 *   1. events whose trigger holds at t fire and change actors' modes;
 *   2. lane occupancy is indexed once;
 *   3. MOBIL decisions (at most every MOBIL_INTERVAL_S per actor, staggered by id);
 *   4. every actor advances by its motion kind; the ego by the bicycle model with the policy's action.
 * Time is step * dt (not a running sum), so long runs do not accumulate rounding.
 */
import { trackTrajectory } from '../behaviours/trajectory-tracker';
import { walkAlong } from '../behaviours/pedestrian-walk';
import { stepBicycle } from '../dynamics/bicycle';
import type { AgentState, VehicleAction, World } from '../types';
import { buildOccupancy, leaderAhead, type LaneOccupancy } from './lane-occupancy';
import { fireEvents } from './events';
import { mobilLaneChoice } from './mobil-choice';
import type { SimRuntime } from './runtime';
import { stepLaneAgent } from './step-lane-agent';
import { updateAgent } from './agent-update';

function stepFreeVehicle(rt: SimRuntime, a: AgentState, index: number, timeS: number): AgentState {
  if (a.motion.kind !== 'bicycle') return a;
  const params = rt.actorParams[index];
  const wps = a.motion.placed ?? rt.trajectories[a.motion.trajectoryIndex];
  // Event-started trajectories are timed from the trigger: shift the clock, not the waypoints.
  const action = trackTrajectory(a, wps, timeS - a.motion.timeOffsetS, params, rt.setup.dtS);
  return updateAgent(a, stepBicycle(a, action, params, rt.setup.dtS));
}

function stepWalker(rt: SimRuntime, a: AgentState): AgentState {
  if (a.motion.kind !== 'walk' || !a.motion.walking) return a;
  const path = rt.paths[a.motion.pathIndex];
  const r = walkAlong(path, a.motion.s, a.motion.walkSpeedMps, rt.setup.dtS);
  return updateAgent(a, {
    pose: r.pose,
    speedMps: r.done ? 0 : a.motion.walkSpeedMps,
    motion: { kind: 'walk', pathIndex: a.motion.pathIndex, s: r.sM, walking: !r.done, walkSpeedMps: a.motion.walkSpeedMps },
  });
}

function stepActor(rt: SimRuntime, occ: LaneOccupancy, a: AgentState, index: number, timeS: number): AgentState {
  if (!a.active) return a;
  switch (a.motion.kind) {
    case 'parked':
      return a;
    case 'walk':
      return stepWalker(rt, a);
    case 'bicycle':
      return stepFreeVehicle(rt, a, index, timeS);
    case 'lane': {
      const decided = mobilLaneChoice(rt, occ, a, index, timeS);
      const m = decided.motion.kind === 'lane' ? decided.motion : a.motion;
      const leader = leaderAhead(occ, rt.setup.road, m.laneId, m.s, index, a.size.lengthM / 2, m.route);
      const behaviour = rt.setup.actors[index].behaviour;
      return stepLaneAgent({
        road: rt.setup.road,
        agent: decided,
        params: rt.actorParams[index],
        leader,
        timeS,
        dtS: rt.setup.dtS,
        mobil: behaviour.type === 'idm' && behaviour.mobil,
      });
    }
  }
}

export function stepWorld(rt: SimRuntime, world: World, egoAction: VehicleAction): World {
  const { actors: triggered, events } = fireEvents(rt, world);
  const current: World = triggered === world.actors ? world : { ...world, actors: triggered };
  const occ = buildOccupancy(rt.setup.road, current);
  const actors = current.actors.map((a, i) => stepActor(rt, occ, a, i, world.timeS));
  const ego = updateAgent(world.ego, stepBicycle(world.ego, egoAction, rt.egoParams, rt.setup.dtS));
  const step = world.step + 1;
  return { step, timeS: step * rt.setup.dtS, ego, actors, events };
}
