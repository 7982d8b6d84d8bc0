/**
 * One step of a lane-bound vehicle: longitudinal mode -> acceleration (IDM or a scripted profile),
 * lateral mode -> offset, then advance along the lane graph. Motion is integrated in the lane's Frenet
 * frame (as esmini moves entities in road coordinates), so scripted lane changes and speed changes
 * end exactly when the standard says they do; the pose is derived from (lane, s, d).
 */
import { DEFAULT_IDM, idmAccelMps2, type IdmParams } from '../behaviours/idm';
import { lateralOffsetM } from '../behaviours/lateral-profile';
import { profileSpeedMps } from '../behaviours/speed-profile';
import type { VehicleParams } from '../dynamics/vehicle-params';
import { wrapAngle } from '../geometry/angle';
import { frenetPose } from '../geometry/polyline';
import { getLane } from '../road/query';
import type { RoadNetwork } from '../road/types';
import { rngFromState } from '../rng';
import type { AgentState, LateralMode, LongitudinalMode, Motion } from '../types';
import { laneMotion, updateAgent } from './agent-update';
import type { Neighbour } from './lane-occupancy';

type LaneMotion = Extract<Motion, { kind: 'lane' }>;

/** Below this speed the heading comes from the lane alone (the lateral-rate angle is ill-defined). */
const MIN_SPEED_FOR_SLIP_MPS = 0.5;

export interface LaneStepInput {
  readonly road: RoadNetwork;
  readonly agent: AgentState;
  readonly params: VehicleParams;
  readonly leader: Neighbour | null;
  readonly timeS: number;
  readonly dtS: number;
  /** Whether MOBIL stays on after a lane change ends (the actor's behaviour setting). */
  readonly mobil: boolean;
}

const idmBySpeed = new Map<number, IdmParams>();
/** Distinct desired speeds kept; scripted profiles create new ones every step, so the cache is bounded. */
const IDM_CACHE_LIMIT = 4096;

/** DEFAULT_IDM with another desired speed; memoised, since the hot loop asks for the same few speeds. */
export function idmWithSpeed(desiredSpeedMps: number): IdmParams {
  const cached = idmBySpeed.get(desiredSpeedMps);
  if (cached !== undefined) return cached;
  const p = DEFAULT_IDM;
  const params: IdmParams = Object.freeze({ desiredSpeedMps, timeHeadwayS: p.timeHeadwayS, minGapM: p.minGapM, maxAccelMps2: p.maxAccelMps2, comfortDecelMps2: p.comfortDecelMps2, delta: p.delta });
  if (idmBySpeed.size >= IDM_CACHE_LIMIT) idmBySpeed.clear();
  idmBySpeed.set(desiredSpeedMps, params);
  return params;
}

/** Scripted modes are followed exactly (a "step" speed change is a step); the others obey the vehicle. */
export function isScripted(mode: LongitudinalMode): boolean {
  return mode.kind === 'hold' || (mode.kind === 'speed_profile' && mode.ignoreLeader);
}

/** Requested acceleration for the longitudinal mode at time `timeS`, before dynamics limits. */
export function longitudinalAccelMps2(mode: LongitudinalMode, speedMps: number, leader: Neighbour | null, timeS: number, dtS: number): number {
  switch (mode.kind) {
    case 'hold':
      return 0;
    case 'idm':
      return idmAccelMps2(speedMps, leader, idmWithSpeed(mode.desiredSpeedMps));
    case 'speed_profile': {
      const target = profileSpeedMps(mode.shape, mode.fromMps, mode.toMps, mode.startS, mode.durationS, timeS + dtS);
      const follow = (target - speedMps) / dtS;
      if (mode.ignoreLeader) return follow;
      return Math.min(follow, idmAccelMps2(speedMps, leader, idmWithSpeed(Math.max(target, 0.1))));
    }
  }
}

function lateralAt(mode: LateralMode, timeS: number): number {
  return mode.kind === 'keep' ? mode.offsetM : lateralOffsetM(mode.shape, mode.fromD, mode.toD, mode.startS, mode.durationS, timeS);
}

/** A finished lane change becomes lane keeping at its final offset. */
function settleLateral(mode: LateralMode, timeS: number, mobil: boolean): LateralMode {
  if (mode.kind === 'lane_change' && timeS >= mode.startS + mode.durationS - 1e-9) {
    return { kind: 'keep', offsetM: mode.toD, mobil };
  }
  return mode;
}

export function stepLaneAgent(input: LaneStepInput): AgentState {
  const { road, agent, params, leader, timeS, dtS } = input;
  const m = agent.motion as LaneMotion;
  const tNext = timeS + dtS;

  const wanted = longitudinalAccelMps2(m.longitudinal, agent.speedMps, leader, timeS, dtS);
  const accelMps2 = isScripted(m.longitudinal) ? wanted : Math.max(-params.maxDecelMps2, Math.min(params.maxAccelMps2, wanted));
  const speedMps = Math.min(params.maxSpeedMps, Math.max(0, agent.speedMps + accelMps2 * dtS));
  let s = m.s + 0.5 * (agent.speedMps + speedMps) * dtS;

  const lateral = m.lateral;
  const d = lateralAt(lateral, tNext);
  const lateralRate = (d - lateralAt(lateral, timeS)) / dtS;

  let laneId = m.laneId;
  let route = m.route;
  let rng = agent.rng;
  let lane = getLane(road, laneId);
  while (s > lane.centerline.lengthM) {
    let nextId = route[0];
    if (nextId !== undefined) route = route.slice(1);
    else if (lane.successorIds.length === 1) nextId = lane.successorIds[0];
    else if (lane.successorIds.length > 1) {
      const r = rngFromState(rng);
      nextId = lane.successorIds[r.int(lane.successorIds.length)];
      rng = r.state();
    }
    if (nextId === undefined) {
      return updateAgent(agent, { active: false, speedMps, accelMps2, rng });
    }
    s -= lane.centerline.lengthM;
    laneId = nextId;
    lane = getLane(road, laneId);
  }

  const base = frenetPose(lane.centerline, s, d);
  const slip = speedMps > MIN_SPEED_FOR_SLIP_MPS && lateralRate !== 0 ? Math.atan2(lateralRate, speedMps) : 0;
  const motion = laneMotion(m, { laneId, s, d, route, lateral: settleLateral(lateral, tNext, input.mobil) });
  const pose = slip === 0 ? base : { x: base.x, y: base.y, yaw: wrapAngle(base.yaw + slip) };
  return updateAgent(agent, { pose, speedMps, accelMps2, motion, rng });
}
