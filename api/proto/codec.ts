/**
 * Typed encode/decode of every dreamdrive.v1 message, and the conversions from the simulator's
 * types into messages. The .proto files are loaded once (schema-root.ts); field mapping lives in
 * the wire-*.ts modules.
 *
 *   const bytes = encodeMessage('WorldState', worldStateMessage(world));
 *   const back = decodeMessage('WorldState', bytes);            // WorldStateMessage
 *   const action = vehicleActionOf(decodeMessage('Action', body), params.wheelbaseM);
 *
 * Decoding never trusts its input: malformed bytes and values the simulator cannot take are a
 * ProtoDecodeError naming the message and field.
 */
import { steerForCurvature } from '../../sim/dynamics/bicycle';
import type { LanePosition } from '../../sim/road/types';
import { hashWorld } from '../../sim/state-hash';
import type { AgentState, VehicleAction, World } from '../../sim/types';
import type { ActionCommand, AgentStateMessage, MessageName, MessageTypes, WorldStateMessage } from './messages';
import { ProtoDecodeError } from './proto-error';
import { DREAMDRIVE_PACKAGE, messageType } from './schema-root';
import { at, type Wire, type WireAt } from './wire';
import { rolloutMetricsFromWire, rolloutMetricsToWire, stepMetricsFromWire, stepMetricsToWire } from './wire-metrics';
import { actionFromWire, actionToWire, metadataFromWire, metadataToWire, resultFromWire, resultToWire, stepResultFromWire, stepResultToWire } from './wire-rollout';
import {
  agentFromWire,
  agentToWire,
  cameraFromWire,
  cameraToWire,
  observationFromWire,
  observationToWire,
  scenarioSummaryFromWire,
  scenarioSummaryToWire,
  worldFromWire,
  worldToWire,
} from './wire-world';

interface WireMapping<T> {
  toWire(message: T): Wire;
  fromWire(wire: Wire, where: WireAt): T;
}

const MAPPINGS: { readonly [K in MessageName]: WireMapping<MessageTypes[K]> } = {
  ScenarioSummary: { toWire: scenarioSummaryToWire, fromWire: scenarioSummaryFromWire },
  AgentState: { toWire: agentToWire, fromWire: agentFromWire },
  WorldState: { toWire: worldToWire, fromWire: worldFromWire },
  CameraFrame: { toWire: cameraToWire, fromWire: cameraFromWire },
  Observation: { toWire: observationToWire, fromWire: observationFromWire },
  Action: { toWire: actionToWire, fromWire: actionFromWire },
  StepMetrics: { toWire: stepMetricsToWire, fromWire: stepMetricsFromWire },
  RolloutMetrics: { toWire: rolloutMetricsToWire, fromWire: rolloutMetricsFromWire },
  StepResult: { toWire: stepResultToWire, fromWire: stepResultFromWire },
  RolloutMetadata: { toWire: metadataToWire, fromWire: metadataFromWire },
  RolloutResult: { toWire: resultToWire, fromWire: resultFromWire },
};

/** The fully qualified protobuf name of a message, e.g. `dreamdrive.v1.WorldState`. */
export function protoName(name: MessageName): string {
  return `${DREAMDRIVE_PACKAGE}.${name}`;
}

export function encodeMessage<K extends MessageName>(name: K, message: MessageTypes[K]): Uint8Array {
  return messageType(protoName(name)).encode(MAPPINGS[name].toWire(message)).finish();
}

export function decodeMessage<K extends MessageName>(name: K, bytes: Uint8Array): MessageTypes[K] {
  const full = protoName(name);
  let wire: Wire;
  try {
    wire = messageType(full).decode(bytes) as unknown as Wire;
  } catch (error) {
    throw new ProtoDecodeError(full, '', `malformed protobuf (${(error as Error).message})`);
  }
  return MAPPINGS[name].fromWire(wire, at(full));
}

/**
 * An agent as the protocol shows it. Lane-bound agents carry their lane, s and d; free agents
 * (the ego) carry `lane` when the caller projected them on a lane (e.g. for an observation).
 */
export function agentStateMessage(agent: AgentState, lane: LanePosition | null = null): AgentStateMessage {
  const m = agent.motion;
  const onLane = m.kind === 'lane' ? { laneId: m.laneId, sM: m.s, dM: m.d } : lane === null ? null : { laneId: lane.laneId, sM: lane.s, dM: lane.d };
  return {
    id: agent.id,
    cls: agent.cls,
    pose: agent.pose,
    size: agent.size,
    speedMps: agent.speedMps,
    accelMps2: agent.accelMps2,
    steerRad: agent.steerRad,
    active: agent.active,
    motion: m.kind,
    laneId: onLane?.laneId ?? null,
    sM: onLane?.sM ?? (m.kind === 'walk' ? m.s : 0),
    dM: onLane?.dM ?? 0,
  };
}

/** The WorldState message of a world; `stateHash` defaults to hashWorld(world). */
export function worldStateMessage(world: World, stateHash: string = hashWorld(world)): WorldStateMessage {
  return {
    step: world.step,
    timeS: world.timeS,
    ego: agentStateMessage(world.ego),
    actors: world.actors.map((a) => agentStateMessage(a)),
    events: world.events,
    stateHash,
  };
}

/** The Action command that applies `action` as it is. */
export function accelSteerCommand(action: VehicleAction): ActionCommand {
  return { kind: 'accel_steer', accelMps2: action.accelMps2, steerRad: action.steerRad };
}

/**
 * The vehicle action of a command: accel_steer as it is, accel_curvature through the kinematic
 * bicycle (steer = atan(L * kappa), sim/dynamics/bicycle.ts). A trajectory needs a tracker that
 * knows the ego state, so it is refused here.
 */
export function vehicleActionOf(command: ActionCommand, wheelbaseM: number): VehicleAction {
  switch (command.kind) {
    case 'accel_steer':
      return { accelMps2: command.accelMps2, steerRad: command.steerRad };
    case 'accel_curvature':
      return { accelMps2: command.accelMps2, steerRad: steerForCurvature(command.curvaturePerM, wheelbaseM) };
    case 'trajectory':
      throw new RangeError('vehicleActionOf: a trajectory command needs a tracker (the ego state and a controller), not a direct conversion');
  }
}
