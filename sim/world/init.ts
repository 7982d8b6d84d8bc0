/**
 * The world at t = 0: every agent placed from its start state, its motion mode from its behaviour.
 */
import { getLane, lanePose, locate } from '../road/query';
import type { RoadNetwork } from '../road/types';
import { streamState } from '../rng';
import type { ActorSetup, StartState } from '../setup';
import type { AgentState, Motion, Pose2, World } from '../types';
import type { SimRuntime } from './runtime';

export class SetupError extends Error {}

function startPose(road: RoadNetwork, start: StartState, who: string): Pose2 {
  if (start.kind === 'pose') return start.pose;
  const lane = getLane(road, start.laneId);
  if (start.s < 0 || start.s > lane.centerline.lengthM) {
    throw new SetupError(`${who}: start s=${start.s} m is outside lane '${lane.id}' (0..${lane.centerline.lengthM.toFixed(1)} m)`);
  }
  return lanePose(road, start.laneId, start.s, start.d);
}

function laneStart(road: RoadNetwork, start: StartState, who: string): { laneId: string; s: number; d: number } {
  if (start.kind === 'lane') {
    startPose(road, start, who); // checks that s lies on the lane
    return { laneId: start.laneId, s: start.s, d: start.d };
  }
  const p = locate(road, start.pose.x, start.pose.y);
  if (!p) throw new SetupError(`${who}: start (${start.pose.x}, ${start.pose.y}) is not on any lane`);
  return p;
}

function actorMotion(rt: SimRuntime, a: ActorSetup, index: number): Motion {
  const road = rt.setup.road;
  const b = a.behaviour;
  switch (b.type) {
    case 'idm':
    case 'constant_speed': {
      const { laneId, s, d } = laneStart(road, a.start, `actor '${a.id}'`);
      const route = b.type === 'idm' ? b.route.filter((id, k) => !(k === 0 && id === laneId)) : [];
      return {
        kind: 'lane',
        laneId,
        s,
        d,
        longitudinal: b.type === 'idm' ? { kind: 'idm', desiredSpeedMps: b.desiredSpeedMps } : { kind: 'hold' },
        lateral: { kind: 'keep', offsetM: d, mobil: b.type === 'idm' && b.mobil },
        route,
        lastLaneChangeS: -Infinity,
      };
    }
    case 'parked':
      return { kind: 'parked' };
    case 'follow_trajectory':
      return { kind: 'bicycle', trajectoryIndex: rt.actorTrajectoryIndex[index], timeOffsetS: 0 };
    case 'walk':
      return { kind: 'walk', pathIndex: rt.actorPathIndex[index], s: 0, walking: b.startWalking, walkSpeedMps: b.speedMps };
  }
}

function walkStartPose(rt: SimRuntime, index: number): Pose2 {
  const p = rt.paths[rt.actorPathIndex[index]];
  const yaw = p.xs.length > 1 ? Math.atan2(p.ys[1] - p.ys[0], p.xs[1] - p.xs[0]) : 0;
  return { x: p.xs[0], y: p.ys[0], yaw };
}

export function initialWorld(rt: SimRuntime): World {
  const { setup } = rt;
  const road = setup.road;
  const ego: AgentState = {
    id: 'ego',
    cls: setup.ego.cls,
    pose: startPose(road, setup.ego.start, 'ego'),
    size: setup.ego.size,
    speedMps: setup.ego.start.speedMps,
    accelMps2: 0,
    steerRad: 0,
    motion: { kind: 'bicycle', trajectoryIndex: setup.ego.trajectory.length > 0 ? 0 : -1, timeOffsetS: 0 },
    active: true,
    rng: streamState(setup.seed, 'ego'),
  };
  const actors = setup.actors.map((a, i): AgentState => {
    const motion = actorMotion(rt, a, i);
    const pose = motion.kind === 'walk' ? walkStartPose(rt, i) : motion.kind === 'lane' ? lanePose(road, motion.laneId, motion.s, motion.d) : startPose(road, a.start, `actor '${a.id}'`);
    return {
      id: a.id,
      cls: a.cls,
      pose,
      size: a.size,
      speedMps: motion.kind === 'parked' ? 0 : motion.kind === 'walk' ? 0 : a.start.speedMps,
      accelMps2: 0,
      steerRad: 0,
      motion,
      active: true,
      rng: streamState(setup.seed, `actor:${a.id}`),
    };
  });
  return { step: 0, timeS: 0, ego, actors, events: setup.events.map((e) => ({ id: e.id, firedAtS: null })) };
}
