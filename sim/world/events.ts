/**
 * Events: each fires once, the first step its trigger condition holds, and applies its actions to
 * the actors they name. Actions change an actor's behaviour mode; the physics stays in the step.
 */
import { getLane, lanePose, locate } from '../road/query';
import type { EventAction, TeleportTarget } from '../setup';
import type { AgentState, EventStatus, Motion, Pose2, World } from '../types';
import { laneByOffset, startLaneChange } from './lane-change';
import type { SimRuntime } from './runtime';
import { laneMotion, updateAgent } from './agent-update';
import { agentById } from './query';
import { placeAhead, placeRelativeTrajectory } from './relative-trajectory';

type LaneMotion = Extract<Motion, { kind: 'lane' }>;

/** Speed changes given as a rate of 0 would never end; below this the change is a step. */
const MIN_RATE_MPS2 = 1e-6;

export class EventActionError extends Error {}

function requireLane(agent: AgentState, action: EventAction): LaneMotion {
  if (agent.motion.kind !== 'lane') {
    throw new EventActionError(`action ${action.type} needs actor '${agent.id}' to drive on a lane, but it is ${agent.motion.kind}`);
  }
  return agent.motion;
}

/** `world` is the state the event fired in (a relative trajectory is placed against it). */
export function applyAction(rt: SimRuntime, agent: AgentState, action: EventAction, actionKey: string, world: World): AgentState {
  const timeS = world.timeS;
  const road = rt.setup.road;
  switch (action.type) {
    case 'lane_change': {
      const m = requireLane(agent, action);
      const target = action.target.kind === 'lane' ? action.target.laneId : laneByOffset(road, m.laneId, action.target.lanes);
      if (target === null) return agent; // no lane there: the manoeuvre is impossible, as in esmini
      getLane(road, target);
      return startLaneChange(road, agent, target, action.durationS, action.shape, timeS, action.endOffsetM ?? 0);
    }
    case 'lane_offset': {
      const m = requireLane(agent, action);
      // A lane change within the lane: the same lateral profile, from the current offset to the new one.
      const lateral: LaneMotion['lateral'] =
        action.durationS > 0
          ? { kind: 'lane_change', targetLaneId: m.laneId, shape: action.shape, fromD: m.d, toD: action.offsetM, startS: timeS, durationS: action.durationS }
          : { kind: 'keep', offsetM: action.offsetM, mobil: m.lateral.kind === 'keep' && m.lateral.mobil };
      return updateAgent(agent, { motion: laneMotion(m, { lateral }) });
    }
    case 'speed_change': {
      const m = requireLane(agent, action);
      const dv = action.targetSpeedMps - agent.speedMps;
      const { timing } = action;
      const durationS =
        action.shape === 'step'
          ? 0
          : timing.kind === 'duration'
            ? timing.durationS
            : timing.rateMps2 > MIN_RATE_MPS2
              ? Math.abs(dv) / timing.rateMps2
              : 0;
      const scripted = m.longitudinal.kind !== 'idm';
      const longitudinal: LaneMotion['longitudinal'] = {
        kind: 'speed_profile',
        shape: durationS > 0 ? action.shape : 'step',
        fromMps: agent.speedMps,
        toMps: action.targetSpeedMps,
        startS: timeS,
        durationS,
        ignoreLeader: scripted,
      };
      return updateAgent(agent, { motion: laneMotion(m, { longitudinal }) });
    }
    case 'brake': {
      const m = requireLane(agent, action);
      const longitudinal: LaneMotion['longitudinal'] = {
        kind: 'speed_profile',
        shape: 'linear',
        fromMps: agent.speedMps,
        toMps: 0,
        startS: timeS,
        durationS: agent.speedMps / Math.max(action.decelMps2, MIN_RATE_MPS2),
        ignoreLeader: true,
      };
      return updateAgent(agent, { motion: laneMotion(m, { longitudinal }) });
    }
    case 'start_walking':
      if (agent.motion.kind !== 'walk') throw new EventActionError(`start_walking needs actor '${agent.id}' to be a walker`);
      return updateAgent(agent, { motion: { ...agent.motion, walking: true } });
    case 'teleport':
      return teleport(rt, agent, action.to, world);
    case 'follow_trajectory': {
      const index = rt.eventTrajectoryIndex.get(actionKey);
      if (index === undefined) throw new EventActionError(`no trajectory registered for action ${actionKey}`);
      if (action.relativeTo === undefined) return updateAgent(agent, { motion: { kind: 'bicycle', trajectoryIndex: index, timeOffsetS: timeS } });
      const placed = placeRelativeTrajectory(road, action.relativeTo, agentById(world, action.relativeTo.agentId));
      return updateAgent(agent, { motion: { kind: 'bicycle', trajectoryIndex: index, timeOffsetS: timeS, placed } });
    }
  }
}

/**
 * The actor at `to` at once, with its speed and behaviour: a lane follower continues on the lane it
 * lands on, that lane's way (keeping its new offset; its route from there if the lane is on it),
 * anything else just moves to the pose. Walkers follow their path and cannot be moved.
 */
function teleport(rt: SimRuntime, agent: AgentState, to: TeleportTarget, world: World): AgentState {
  const road = rt.setup.road;
  if (agent.motion.kind === 'walk') throw new EventActionError(`teleport cannot move '${agent.id}': a walker follows its path`);
  let lane: { laneId: string; s: number; d: number } | null;
  let pose: Pose2;
  if (to.kind === 'pose') {
    pose = to.pose;
    lane = locate(road, pose.x, pose.y);
  } else if (to.kind === 'ahead') {
    // measured from the reference's lane; it lands on whichever lane holds the point
    const at = placeAhead(road, agentById(world, to.agentId), [to], `the teleport of '${agent.id}'`)[0];
    pose = lanePose(road, at.laneId, at.s, at.d);
    lane = locate(road, pose.x, pose.y, at.laneId);
  } else {
    lane = to;
    const length = getLane(road, lane.laneId).centerline.lengthM;
    if (lane.s < 0 || lane.s > length) throw new EventActionError(`teleport of '${agent.id}': s = ${lane.s.toFixed(2)} m is outside lane '${lane.laneId}' (0..${length.toFixed(1)} m)`);
    pose = lanePose(road, lane.laneId, lane.s, lane.d);
  }
  if (agent.motion.kind !== 'lane') return updateAgent(agent, { pose });
  if (lane === null) throw new EventActionError(`teleport would put '${agent.id}', which drives along lanes, off the lanes at (${pose.x.toFixed(1)}, ${pose.y.toFixed(1)})`);
  const m = agent.motion;
  const onRoute = m.route.indexOf(lane.laneId);
  const behaviour = rt.setup.actors[rt.actorIndex.get(agent.id) as number].behaviour;
  const lateral: LaneMotion['lateral'] = { kind: 'keep', offsetM: lane.d, mobil: behaviour.type === 'idm' && behaviour.mobil };
  return updateAgent(agent, { pose: lanePose(road, lane.laneId, lane.s, lane.d), motion: laneMotion(m, { laneId: lane.laneId, s: lane.s, d: lane.d, lateral, route: onRoute >= 0 ? m.route.slice(onRoute + 1) : [] }) });
}

/** Fires the events whose conditions hold in `world`; returns the updated actors and statuses. */
export function fireEvents(rt: SimRuntime, world: World): { actors: readonly AgentState[]; events: readonly EventStatus[] } {
  let actors: AgentState[] | null = null;
  let events: EventStatus[] | null = null;
  const setups = rt.setup.events;
  for (let ei = 0; ei < setups.length; ei++) {
    if (world.events[ei].firedAtS !== null) continue;
    const ev = setups[ei];
    if (!ev.condition({ world, road: rt.setup.road })) continue;
    events ??= world.events.slice();
    events[ei] = { id: ev.id, firedAtS: world.timeS };
    actors ??= world.actors.slice();
    ev.actions.forEach((action, ai) => {
      const index = rt.actorIndex.get(action.actorId);
      if (index === undefined) throw new EventActionError(`event '${ev.id}' names unknown actor '${action.actorId}'`);
      actors![index] = applyAction(rt, actors![index], action, `${ei}:${ai}`, world);
    });
  }
  return { actors: actors ?? world.actors, events: events ?? world.events };
}
